import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PromulgatedDocumentDto } from '../../instances/dto/instance.dto';

export class BodyLineDto {
  @ApiProperty({ example: 'Tên quy chế: Quy chế phối hợp…' }) text!: string;
  @ApiProperty({ description: 'Indentation depth, from 0' }) level!: number;
  @ApiPropertyOptional() heading?: boolean;
}

export class DocumentLayoutDto {
  @ApiProperty({ type: PromulgatedDocumentDto }) document!: PromulgatedDocumentDto;
  @ApiProperty({ description: 'Trích yếu: the instance title' }) summary!: string;
  @ApiProperty({ type: [BodyLineDto] }) body!: BodyLineDto[];
}
