import { ApiProperty } from '@nestjs/swagger';
import { UserRefDto } from '../../users/dto/user-ref.dto';

export class AttachmentDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) instanceId!: string;
  @ApiProperty({ example: 'Quy chế phối hợp 2026.pdf' }) fileName!: string;
  @ApiProperty({ example: 'application/pdf', description: 'Judged from the content' })
  contentType!: string;
  @ApiProperty() size!: number;
  @ApiProperty({ description: 'SHA-256 of the content, hex; also in the history event' })
  sha256!: string;
  @ApiProperty({ type: UserRefDto }) uploadedBy!: UserRefDto;
  @ApiProperty() uploadedAt!: Date;
  @ApiProperty({ description: 'seq of the ATTACHMENT_ADDED history event' }) historySeq!: number;
}

export class AttachmentUploadDto {
  @ApiProperty({ type: 'string', format: 'binary', description: 'PDF, DOCX, XLSX, PNG or JPEG' })
  file!: unknown;
}
