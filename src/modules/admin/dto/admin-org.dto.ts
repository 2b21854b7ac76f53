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

  @ApiPropertyOptional({
    default: false,
    description:
      'Units of this kind read the cases of units of the same kind in their jurisdiction (the Front’s own chain: district Front ↔ commune Fronts)',
  })
  @IsOptional()
  @IsBoolean()
  readsOwnChain?: boolean;
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

export class MergeOrgUnitDto {
  @ApiProperty({
    format: 'uuid',
    description:
      'The unit that takes over (đơn vị tiếp nhận): open tasks, running cases, their campaign items, users and posts',
  })
  @IsUUID()
  intoId!: string;

  @ApiPropertyOptional({ example: 'Nghị quyết 1656/NQ-UBTVQH15 sắp xếp đơn vị hành chính cấp xã' })
  @IsOptional()
  @trim()
  @IsString()
  @MaxLength(1000)
  comment?: string;
}

export class RetireOrgUnitDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'Where open work goes; may be left out only when the unit has no open task, running case, active user or active sub-unit',
  })
  @IsOptional()
  @IsUUID()
  handOverToId?: string;

  @ApiPropertyOptional({ example: 'Giải thể theo quyết định của Ban Thường vụ' })
  @IsOptional()
  @trim()
  @IsString()
  @MaxLength(1000)
  comment?: string;
}

export class UnitHandoverStepDto {
  @ApiProperty({ format: 'uuid' }) fromId!: string;
  @ApiProperty({ example: 'an-binh.mttq' }) fromSlug!: string;
  @ApiProperty({ format: 'uuid' }) toId!: string;
  @ApiProperty({
    enum: ['merged', 'moved'],
    description:
      'merged: retired, its work handed to `toId`; moved: a sub-unit with no counterpart, now under `toId`',
  })
  outcome!: 'merged' | 'moved';
  @ApiProperty() openTasks!: number;
  @ApiProperty({ description: 'Running cases whose unit changed' }) instances!: number;
  @ApiProperty({ description: 'Cases that got a UNIT_HANDED_OVER history event' })
  historyEvents!: number;
  @ApiProperty() campaignItems!: number;
  @ApiProperty({
    description:
      'Campaign items left under the old unit: the successor already has one in that campaign',
  })
  campaignItemsKept!: number;
  @ApiProperty() users!: number;
  @ApiProperty() posts!: number;
  @ApiProperty() inboxViews!: number;
  @ApiProperty({ description: 'Registers (sổ văn bản) of the old unit, closed as they stand' })
  registersClosed!: number;
}

export class UnitHandoverDto {
  @ApiProperty({ enum: ['merge', 'retire'] }) action!: 'merge' | 'retire';
  @ApiProperty({ format: 'uuid' }) unitId!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) intoId!: string | null;
  @ApiProperty({ format: 'date-time' }) retiredAt!: string;
  @ApiProperty({
    type: [UnitHandoverStepDto],
    description: 'The unit first, then its sub-units (matched to the successor’s by kind and slug)',
  })
  steps!: UnitHandoverStepDto[];
}
