import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsObject,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { IsOptional } from '../../../common/validation/optional';
import { USER_CAPABILITIES, USER_ROLES } from '../../users/user.entity';
import { UserRefDto } from '../../users/dto/user-ref.dto';
import { InboxFiltersDto } from './inbox.dto';

/** A view may be shared with a role (official, auditor, admin) or a capability (drafter, approver). */
export const SHAREABLE_ROLES = [...USER_ROLES, ...USER_CAPABILITIES] as const;
export type ShareableRole = (typeof SHAREABLE_ROLES)[number];

export class CreateInboxViewDto {
  @ApiProperty({ example: 'Quá hạn của xã An Bình' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  @ApiProperty({ type: InboxFiltersDto })
  @IsObject()
  @ValidateNested()
  @Type(() => InboxFiltersDto)
  filters!: InboxFiltersDto;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Share with the users of this unit (with sharedWithRole: only those holding it)',
  })
  @IsOptional()
  @IsUUID()
  sharedWithUnitId?: string;

  @ApiPropertyOptional({
    enum: SHAREABLE_ROLES,
    description: 'Share with the users holding this role or capability',
  })
  @IsOptional()
  @IsIn(SHAREABLE_ROLES)
  sharedWithRole?: ShareableRole;
}

export class InboxViewDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: InboxFiltersDto }) filters!: InboxFiltersDto;
  @ApiProperty({ type: UserRefDto }) owner!: UserRefDto;
  @ApiProperty({ description: 'The caller owns it (and may delete it)' }) mine!: boolean;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) sharedWithUnitId!: string | null;
  @ApiProperty({ nullable: true, type: String }) sharedWithRole!: string | null;
  @ApiProperty() createdAt!: Date;
}
