import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsInt, IsNumberString, Max, Min } from 'class-validator';
import { IsOptional } from '../../../common/validation/optional';

const MAX_SIZE = Number.MAX_SAFE_INTEGER;

export class CheckpointDto {
  @ApiProperty({ example: 'directive-workflow/history-log' }) origin!: string;
  @ApiProperty({ description: 'Leaves (records) the checkpoint covers' }) treeSize!: number;
  @ApiProperty({ description: 'RFC 6962 root hash, base64' }) rootHash!: string;
  @ApiProperty({
    description: 'The C2SP tlog-checkpoint body as a C2SP signed note (Ed25519): keep this text',
  })
  note!: string;
}

export class PublicKeyDto {
  @ApiProperty({
    description: 'Signed-note verifier key: name+<8 hex key hash>+base64(0x01 ‖ Ed25519 key)',
  })
  vkey!: string;
}

export class VerifyCheckpointDto {
  @ApiProperty({
    description:
      'A checkpoint kept earlier: the object GET /api/audit/checkpoint returned, or its `note` alone',
    oneOf: [{ type: 'string' }, { $ref: '#/components/schemas/CheckpointDto' }],
  })
  @IsDefined()
  checkpoint!: unknown;
}

export class BrokenLeafDto {
  @ApiProperty({
    enum: [
      'missing-record',
      'record-altered',
      'leaf-mismatch',
      'leaf-out-of-order',
      'checkpoint-mismatch',
      'truncated',
      'not-logged',
      'attachment-altered',
      'attachment-missing',
    ],
  })
  reason!: string;
  @ApiPropertyOptional() leafIndex?: number;
  @ApiPropertyOptional({ description: 'The checkpoint size that no longer holds' })
  treeSize?: number;
  @ApiPropertyOptional({ enum: ['history', 'comment', 'admin', 'attachment'] }) kind?: string;
  @ApiPropertyOptional() id?: string;
  @ApiPropertyOptional({ format: 'uuid' }) instanceId?: string;
  @ApiPropertyOptional() seq?: number;
}

export class LogVerifyReportDto {
  @ApiProperty({ description: 'The log today extends every checkpoint unaltered' }) ok!: boolean;
  @ApiProperty({ description: 'Leaves in the log now' }) treeSize!: number;
  @ApiProperty({ description: 'Leaves recomputed from their records' }) checked!: number;
  @ApiProperty({ description: 'Attachments whose bytes were re-hashed' }) attachments!: number;
  @ApiPropertyOptional({ type: BrokenLeafDto }) firstBroken?: BrokenLeafDto;
}

export class InclusionQueryDto {
  @ApiPropertyOptional({ description: 'A history event id (`eventId` of audit search)' })
  @IsOptional()
  @IsNumberString({ no_symbols: true })
  eventId?: string;

  @ApiPropertyOptional({ description: 'Or a leaf position' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_SIZE)
  leafIndex?: number;

  @ApiPropertyOptional({ description: 'Tree size to prove against (default: the current size)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_SIZE)
  treeSize?: number;
}

export class InclusionProofDto {
  @ApiProperty() leafIndex!: number;
  @ApiProperty() treeSize!: number;
  @ApiProperty({ description: 'SHA-256(0x00 ‖ leaf data), base64' }) leafHash!: string;
  @ApiProperty({ type: [String], description: 'RFC 6962 §2.1.1 audit path, base64, leaf first' })
  proof!: string[];
}

export class ConsistencyQueryDto {
  @ApiProperty({ description: 'The older tree size (e.g. a kept checkpoint’s)' })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_SIZE)
  first!: number;

  @ApiPropertyOptional({ description: 'The newer tree size (default: the current size)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_SIZE)
  second?: number;
}

export class ConsistencyProofDto {
  @ApiProperty() first!: number;
  @ApiProperty() second!: number;
  @ApiProperty({ type: [String], description: 'RFC 6962 §2.1.2 consistency proof, base64' })
  proof!: string[];
}
