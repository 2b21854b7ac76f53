import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { IsNullable, IsOptional } from '../../../common/validation/optional';

const KIND_KEY = /^[a-z][a-z0-9-]*$/;
const trim = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

export class CreateOrgUnitKindDto {
  @ApiProperty({ example: 'special-zone' })
  @Matches(KIND_KEY)
  @MaxLength(50)
  key!: string;

  @ApiProperty({ example: 'Đặc khu' })
  @trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  nameVi!: string;

  @ApiProperty({ example: 'Special zone' })
  @trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  nameEn!: string;

  @ApiPropertyOptional({
    default: false,
    description: 'A jurisdiction (province, commune...) scopes the units inside it for routing',
  })
  @IsOptional()
  @IsBoolean()
  isJurisdiction?: boolean;
}

export class CreateOrgUnitDto {
  @ApiProperty({ example: 'tinh-an-giang.xa-my-hoa' })
  @Matches(/^[a-z0-9][a-z0-9.-]*$/)
  @MaxLength(100)
  slug!: string;

  @ApiProperty({ example: 'Xã Mỹ Hòa' })
  @trim()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  name!: string;

  @ApiPropertyOptional({ example: 'My Hoa Commune', nullable: true, type: String })
  @IsNullable()
  @trim()
  @IsString()
  @MaxLength(300)
  nameEn?: string | null;

  @ApiProperty({ example: 'commune' })
  @Matches(KIND_KEY)
  @MaxLength(50)
  kind!: string;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'None: a top unit',
  })
  @IsNullable()
  @IsUUID()
  parentId?: string | null;
}

/** Rename, re-kind or move a unit; `parentId: null` makes it a top unit, absent leaves it. */
export class UpdateOrgUnitDto {
  @ApiPropertyOptional()
  @IsOptional()
  @trim()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  name?: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsNullable()
  @trim()
  @IsString()
  @MaxLength(300)
  nameEn?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(KIND_KEY)
  @MaxLength(50)
  kind?: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @IsNullable()
  @IsUUID()
  parentId?: string | null;
}
