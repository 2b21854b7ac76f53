import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { IsOptional } from '../../../common/validation/optional';
import { PageQueryDto } from '../../../common/pagination/page-query.dto';
import { ToBoolean } from '../../../common/validation/to-boolean';
import {
  USER_CAPABILITIES,
  USER_ROLES,
  type UserCapability,
  type UserRole,
} from '../../users/user.entity';

const lowerTrim = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim().toLowerCase() : value,
  );

class UserFieldsDto {
  @ApiProperty({ example: 'Nguyễn Thị Mai' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  fullName!: string;

  @ApiProperty({ enum: USER_ROLES, isArray: true, example: ['official'] })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @IsIn(USER_ROLES, { each: true })
  roles!: UserRole[];

  @ApiProperty({ enum: USER_CAPABILITIES, isArray: true, example: ['drafter'] })
  @IsArray()
  @ArrayUnique()
  @IsIn(USER_CAPABILITIES, { each: true })
  capabilities!: UserCapability[];

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  orgUnitId!: string;

  @ApiProperty({ minLength: 8, description: 'Stored only as an argon2 hash' })
  @IsString()
  @MinLength(8)
  @MaxLength(200)
  password!: string;
}

export class CreateUserDto extends UserFieldsDto {
  @ApiProperty({ example: 'mttq.my-hoa', description: 'Lower case; letters, digits, . _ -' })
  @lowerTrim()
  @Matches(/^[a-z0-9][a-z0-9._-]{1,63}$/)
  username!: string;
}

/** Any of the fields; `password` resets the password. */
export class UpdateUserDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  fullName?: string;

  @ApiPropertyOptional({ enum: USER_ROLES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @IsIn(USER_ROLES, { each: true })
  roles?: UserRole[];

  @ApiPropertyOptional({ enum: USER_CAPABILITIES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(USER_CAPABILITIES, { each: true })
  capabilities?: UserCapability[];

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  orgUnitId?: string;

  @ApiPropertyOptional({ minLength: 8, description: 'A new password (reset)' })
  @IsOptional()
  @IsString()
  @MinLength(8)
  @MaxLength(200)
  password?: string;
}

class UserFilterDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() orgUnitId?: string;

  @ApiPropertyOptional({ enum: USER_ROLES }) @IsOptional() @IsIn(USER_ROLES) role?: UserRole;

  @ApiPropertyOptional() @IsOptional() @ToBoolean() @IsBoolean() active?: boolean;

  @ApiPropertyOptional({ description: 'Part of the username or full name' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

export class ListUsersQueryDto extends IntersectionType(UserFilterDto, PageQueryDto) {}

export class AdminUserDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() username!: string;
  @ApiProperty() fullName!: string;
  @ApiProperty({ enum: USER_ROLES, isArray: true }) roles!: UserRole[];
  @ApiProperty({ enum: USER_CAPABILITIES, isArray: true }) capabilities!: UserCapability[];
  @ApiProperty({ format: 'uuid' }) orgUnitId!: string;
  @ApiProperty() active!: boolean;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}

export class AdminUserPageDto {
  @ApiProperty({ type: [AdminUserDto] }) items!: AdminUserDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class SetUserPostsDto {
  @ApiProperty({
    type: [String],
    format: 'uuid',
    description:
      'Units the user also holds a post in besides their home unit (kiêm nhiệm); replaces the list, [] clears it',
  })
  @IsArray()
  @ArrayUnique()
  @IsUUID('all', { each: true })
  orgUnitIds!: string[];
}

export class UserPostsDto {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty({ format: 'uuid', description: 'The home unit' }) orgUnitId!: string;
  @ApiProperty({
    type: [String],
    description: 'Every unit the user holds a post in, the home unit first',
  })
  posts!: string[];
}
