import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsOptional } from '../../../common/validation/optional';
import { ToBoolean } from '../../../common/validation/to-boolean';
import { ReturnedNoticeDto } from '../../history/dto/returned-notice.dto';

export const CASE_RELATIONS = ['created', 'acted', 'followed', 'copied'] as const;
export type CaseRelation = (typeof CASE_RELATIONS)[number];

export const CASE_STATUSES = ['active', 'completed', 'cancelled'] as const;

export class MyCasesQueryDto {
  @ApiPropertyOptional({
    enum: CASE_RELATIONS,
    default: 'created',
    description:
      'created: started by me; acted: I sent a command on it; followed: my unit follows it up (đôn đốc) or I commented on it; copied: sent to my unit to know and comment on (nhận để biết, cho ý kiến)',
  })
  @IsOptional()
  @IsIn(CASE_RELATIONS)
  relation?: CaseRelation;

  @ApiPropertyOptional({ example: 'regulation-review' })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9-]*$/)
  @MaxLength(100)
  definitionKey?: string;

  @ApiPropertyOptional({ enum: CASE_STATUSES })
  @IsOptional()
  @IsIn(CASE_STATUSES)
  status?: (typeof CASE_STATUSES)[number];

  @ApiPropertyOptional({ description: 'Only cases with a step past its deadline' })
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({
    description: 'Free text over title and form data, with or without diacritics',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;
}

export class MyCaseDto {
  @ApiProperty({ format: 'uuid' }) instanceId!: string;
  @ApiProperty() definitionKey!: string;
  @ApiProperty() title!: string;
  @ApiProperty() state!: string;
  @ApiProperty({ enum: CASE_STATUSES }) status!: string;
  @ApiProperty({ format: 'uuid' }) orgUnitId!: string;
  @ApiProperty({ nullable: true, type: Date, description: 'The open step’s deadline' })
  dueAt!: Date | null;
  @ApiProperty() overdue!: boolean;
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ description: 'Last change (sort key, newest first)' }) updatedAt!: Date;
  @ApiProperty({ type: ReturnedNoticeDto, nullable: true }) returned!: ReturnedNoticeDto | null;
}

export class MyCasesPageDto {
  @ApiProperty({ type: [MyCaseDto] }) items!: MyCaseDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
  @ApiProperty({ description: 'How many cases match, over all pages' }) total!: number;
}
