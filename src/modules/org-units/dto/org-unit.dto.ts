import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class OrgUnitDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'xa-an-binh' }) slug!: string;
  @ApiProperty({ example: 'Xã An Bình' }) name!: string;
  @ApiProperty({ nullable: true, type: String, example: 'An Binh Commune' }) nameEn!: string | null;
  @ApiProperty({ example: 'commune' }) kind!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) parentId!: string | null;
  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    description:
      'Present once the unit was merged or retired (sáp nhập, giải thể): it takes no new work',
  })
  retiredAt?: string;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    format: 'uuid',
    description: 'With retiredAt: the unit it was merged into (null when retired without one)',
  })
  mergedIntoId?: string | null;
}

export class OrgUnitKindDto {
  @ApiProperty() key!: string;
  @ApiProperty() nameVi!: string;
  @ApiProperty() nameEn!: string;
  @ApiProperty() isJurisdiction!: boolean;
  @ApiPropertyOptional({
    description:
      'Present (true) when units of this kind read the cases of the same kind in their jurisdiction (the Front’s own chain)',
  })
  readsOwnChain?: true;
}
