import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { IsOptional } from '../../../common/validation/optional';

export class RemindDto {
  @ApiPropertyOptional({
    maxLength: 1000,
    example: 'Đề nghị xã khẩn trương hoàn thành, gửi Đảng ủy trước thứ Sáu.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  message?: string;
}

export class RemindResultDto {
  @ApiProperty({ description: 'Officials newly notified (0: already reminded within the hour)' })
  notified!: number;
}
