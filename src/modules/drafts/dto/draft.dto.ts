import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsString, Matches, MaxLength } from 'class-validator';
import { FreeFormObject } from '../../../common/validation/free-form';
import { IsOptional } from '../../../common/validation/optional';

const EVENT_TYPE = /^[A-Z][A-Z0-9_]*$/;

export class SaveDraftDto {
  @ApiProperty({ example: 'SUBMIT', description: 'The event the form data is for' })
  @IsString()
  @Matches(EVENT_TYPE, { message: 'eventType must be an event name such as SUBMIT' })
  @MaxLength(64)
  eventType!: string;

  @ApiPropertyOptional({
    description: 'Form data so far, kept as typed: it is validated when the command is sent',
  })
  @IsOptional()
  @IsObject()
  @FreeFormObject()
  data?: Record<string, unknown>;

  @ApiPropertyOptional({
    description: 'The comment being written; its length is checked when the command is sent',
  })
  @IsOptional()
  @IsString()
  comment?: string;
}

export class DraftQueryDto {
  @ApiProperty({ example: 'SUBMIT' })
  @IsString()
  @Matches(EVENT_TYPE, { message: 'eventType must be an event name such as SUBMIT' })
  @MaxLength(64)
  eventType!: string;
}

export class DraftDto {
  @ApiProperty({ format: 'uuid' }) instanceId!: string;
  @ApiProperty() eventType!: string;
  @ApiProperty() data!: object;
  @ApiProperty({ nullable: true, type: String }) comment!: string | null;
  @ApiProperty({ description: 'The instance version the draft was last saved on' })
  instanceVersion!: number;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}
