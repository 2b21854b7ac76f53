import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsOptional } from '../../../common/validation/optional';
import { IsString, Matches, MaxLength } from 'class-validator';
import { IsCalendarDateTime } from '../../../common/validation/is-calendar-date-time';
import { PageQueryDto, SortOrderQueryDto } from '../../../common/pagination/page-query.dto';

export class AdminAuditQueryDto extends IntersectionType(PageQueryDto, SortOrderQueryDto) {
  @ApiPropertyOptional({ description: 'Username of the admin who made the change' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  actor?: string;

  @ApiPropertyOptional({ example: 'user.deactivate' })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*$/)
  action?: string;

  @ApiPropertyOptional({ example: 'user' })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9-]*$/)
  targetType?: string;

  @ApiPropertyOptional({ description: 'Id (or key) of the changed unit, kind or user' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  targetId?: string;

  @ApiPropertyOptional({ description: 'Changes at or after this time' })
  @IsOptional()
  @IsCalendarDateTime()
  since?: string;

  @ApiPropertyOptional({ description: 'Changes before this time' })
  @IsOptional()
  @IsCalendarDateTime()
  until?: string;
}

export class AdminAuditActorDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() username!: string;
}

export class AdminAuditEventDto {
  @ApiProperty({ description: 'Position in the admin audit store' }) id!: string;
  @ApiProperty() at!: Date;
  @ApiProperty({ type: AdminAuditActorDto }) actor!: AdminAuditActorDto;
  @ApiProperty({ example: 'org-unit.update' }) action!: string;
  @ApiProperty({ example: 'org-unit' }) targetType!: string;
  @ApiProperty() targetId!: string;
  @ApiProperty({ nullable: true, type: Object, description: 'The target before the change' })
  before!: object | null;
  @ApiProperty({ nullable: true, type: Object, description: 'The target after the change' })
  after!: object | null;
  @ApiProperty({ nullable: true, type: String, description: 'Why the admin made the change' })
  reason!: string | null;
}

export class AdminAuditPageDto {
  @ApiProperty({ type: [AdminAuditEventDto] }) items!: AdminAuditEventDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
