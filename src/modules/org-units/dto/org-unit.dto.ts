import { ApiProperty } from '@nestjs/swagger';

export class OrgUnitDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'xa-an-binh' }) slug!: string;
  @ApiProperty({ example: 'Xã An Bình' }) name!: string;
  @ApiProperty({ nullable: true, type: String, example: 'An Binh Commune' }) nameEn!: string | null;
  @ApiProperty({ example: 'commune' }) kind!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) parentId!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'date-time',
    description:
      'Set once the unit was merged or retired (sáp nhập, giải thể): it takes no new work',
  })
  retiredAt!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'uuid',
    description: 'The unit it was merged into',
  })
  mergedIntoId!: string | null;
}

export class OrgUnitKindDto {
  @ApiProperty() key!: string;
  @ApiProperty() nameVi!: string;
  @ApiProperty() nameEn!: string;
  @ApiProperty() isJurisdiction!: boolean;
}
