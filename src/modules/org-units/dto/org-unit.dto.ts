import { ApiProperty } from '@nestjs/swagger';

export class OrgUnitDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'xa-an-binh' }) slug!: string;
  @ApiProperty({ example: 'Xã An Bình' }) name!: string;
  @ApiProperty({ nullable: true, type: String, example: 'An Binh Commune' }) nameEn!: string | null;
  @ApiProperty({ example: 'commune' }) kind!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) parentId!: string | null;
}

export class OrgUnitKindDto {
  @ApiProperty() key!: string;
  @ApiProperty() nameVi!: string;
  @ApiProperty() nameEn!: string;
  @ApiProperty() isJurisdiction!: boolean;
}
