import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsISO8601,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
} from 'class-validator';
import { IsOptional } from '../../../common/validation/optional';

const trim = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

/** One letter of point 2 sent to several units: each gets its own exchange case. */
export class SendExchangeDto {
  @ApiProperty({ example: 'Trao đổi tình hình phối hợp liên tịch quý IV' })
  @trim()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  title!: string;

  @ApiProperty({ example: 'Đề nghị cung cấp thông tin về kết quả phối hợp liên tịch quý IV' })
  @trim()
  @IsString()
  @MinLength(5)
  @MaxLength(300)
  subject!: string;

  @ApiProperty({ minLength: 10, maxLength: 10000 })
  @IsString()
  @MinLength(10)
  @MaxLength(10000)
  content!: string;

  @ApiPropertyOptional({ example: '45/UBND-TNMT' })
  @IsOptional()
  @trim()
  @IsString()
  @MinLength(1)
  @MaxLength(50)
  documentNumber?: string;

  @ApiProperty({
    example: '2026-12-31',
    description:
      'Reply-by date (hạn trả lời), Vietnam time: each reply step is due at the end of that office day',
  })
  @IsISO8601({ strict: true })
  replyBy!: string;

  @ApiProperty({ type: [String], format: 'uuid', description: 'The receiving units (1–50)' })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  recipientUnitIds!: string[];
}

export class ExchangeItemDto {
  @ApiProperty({ format: 'uuid' }) recipientUnitId!: string;
  @ApiProperty({ format: 'uuid' }) instanceId!: string;
  @ApiProperty({
    enum: ['sent', 'pending'],
    description: 'sent: applied; pending: accepted, poll `commandId`',
  })
  status!: 'sent' | 'pending';
  @ApiPropertyOptional({ format: 'uuid' }) commandId?: string;
}

export class ExchangeSentDto {
  @ApiProperty({ type: [String], format: 'uuid' }) instanceIds!: string[];
  @ApiProperty({ type: [ExchangeItemDto] }) items!: ExchangeItemDto[];
}
