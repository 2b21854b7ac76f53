import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsObject, IsString, Matches, MaxLength, Min } from 'class-validator';
import { CommandErrorDto } from '../../../common/errors/error-body.dto';
import { FreeFormObject } from '../../../common/validation/free-form';
import { IsOptional } from '../../../common/validation/optional';

export class SendCommandDto {
  @ApiProperty({ example: 'APPROVE' })
  @IsString()
  // Same rule as the definition validator, so every publishable event can be sent.
  @Matches(/^[A-Za-z][A-Za-z0-9_]*$/, { message: 'type must be an event name such as APPROVE' })
  @MaxLength(64)
  type!: string;

  @ApiPropertyOptional({ description: 'Form data; must satisfy the event’s form schema' })
  @IsOptional()
  @IsObject()
  @FreeFormObject()
  data?: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'Required when returning for revision' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  comment?: string;

  @ApiPropertyOptional({ description: 'The version the caller acted on; stale → 409' })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}

export class CommandStatusDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) instanceId!: string;
  @ApiProperty() type!: string;
  @ApiProperty({ enum: ['pending', 'applied', 'rejected'] }) status!: string;
  @ApiPropertyOptional({ type: CommandErrorDto, description: 'Why it was rejected' })
  error?: CommandErrorDto;
  @ApiPropertyOptional() instanceVersion?: number;
  @ApiProperty() createdAt!: Date;
  @ApiPropertyOptional() processedAt?: Date;
}

export class CommandAcceptedDto {
  @ApiProperty({ format: 'uuid' }) commandId!: string;
  @ApiProperty({ enum: ['pending'] }) status!: 'pending';
}
