import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from '../../../common/validation/optional';
import { IsBoolean, IsIn, IsString, IsUUID, MaxLength } from 'class-validator';
import { IsCalendarDateTime } from '../../../common/validation/is-calendar-date-time';
import { ToBoolean } from '../../../common/validation/to-boolean';
import { UserRefDto } from '../../users/dto/user-ref.dto';

export class CreateDelegationDto {
  @ApiPropertyOptional({
    example: 'mttq.phu-hoa',
    description: 'The colleague who takes the tasks (or give delegateId)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  delegateUsername?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  delegateId?: string;

  @ApiProperty({ example: '2026-07-01T00:00:00Z' })
  @IsCalendarDateTime()
  startsAt!: string;

  @ApiProperty({ example: '2026-07-15T00:00:00Z', description: 'Exclusive' })
  @IsCalendarDateTime()
  endsAt!: string;

  @ApiPropertyOptional({ example: 'Đi học lớp bồi dưỡng' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Admins only: delegate on behalf of this official (default: the caller)',
  })
  @IsOptional()
  @IsUUID()
  delegatorId?: string;
}

export const DELEGATION_DIRECTIONS = ['given', 'received'] as const;
export type DelegationDirection = (typeof DELEGATION_DIRECTIONS)[number];

export class ListDelegationsQueryDto {
  @ApiPropertyOptional({ enum: DELEGATION_DIRECTIONS, description: 'Default: both' })
  @IsOptional()
  @IsIn(DELEGATION_DIRECTIONS)
  direction?: DelegationDirection;

  @ApiPropertyOptional({ description: 'Only delegations in force now' })
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  active?: boolean;
}

export class DelegationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: UserRefDto }) delegator!: UserRefDto;
  @ApiProperty({ type: UserRefDto }) delegate!: UserRefDto;
  @ApiProperty() startsAt!: Date;
  @ApiProperty() endsAt!: Date;
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
  @ApiProperty({ description: 'In force now: started, not ended, not revoked' }) active!: boolean;
  @ApiProperty({ nullable: true, type: Date }) revokedAt!: Date | null;
  @ApiProperty() createdAt!: Date;
}
