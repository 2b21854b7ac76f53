import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsObject, IsString, MaxLength, ValidateNested } from 'class-validator';
import { FreeFormObject } from '../../../common/validation/free-form';
import { IsOptional } from '../../../common/validation/optional';

export class LocalizedTextDto {
  @ApiProperty({ example: 'Tiếp nhận kiến nghị' })
  @IsString()
  @MaxLength(500)
  vi!: string;

  @ApiProperty({ example: 'Petition intake' })
  @IsString()
  @MaxLength(500)
  en!: string;
}

export class StatelyImportDto {
  @ApiProperty({ example: 'petition-intake' })
  @IsString()
  @MaxLength(100)
  key!: string;

  @ApiProperty({ type: LocalizedTextDto })
  @IsObject()
  @ValidateNested()
  @Type(() => LocalizedTextDto)
  title!: LocalizedTextDto;

  @ApiPropertyOptional({ type: LocalizedTextDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => LocalizedTextDto)
  description?: LocalizedTextDto;

  @ApiProperty({
    description:
      'The machine config as exported by Stately (id, initial, states; targets may be `#id.state`)',
  })
  @IsObject()
  @FreeFormObject()
  machine!: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'Per state: title, assignment, deadline, outcome' })
  @IsOptional()
  @IsObject()
  @FreeFormObject()
  states?: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'Per event: title, form, commentRequired, assignment' })
  @IsOptional()
  @IsObject()
  @FreeFormObject()
  events?: Record<string, unknown>;
}

export class StatelyImportResultDto {
  @ApiProperty({ description: 'The candidate definition document; publish it with POST /' })
  document!: object;
  @ApiProperty() valid!: boolean;
  @ApiProperty({ description: '{ path, message } per problem that blocks publishing' })
  problems!: Array<{ path: string; message: string }>;
  @ApiProperty({ type: [String], description: 'JSON pointers of what the import dropped' })
  removed!: string[];
}
