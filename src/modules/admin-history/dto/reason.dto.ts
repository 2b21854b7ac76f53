import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Length } from 'class-validator';
import { IsOptional } from '../../../common/validation/optional';

/** Why an admin makes an irreversible change; kept in the admin audit event. */
export class AdminReasonDto {
  @ApiPropertyOptional({
    description: 'Why the change is made (1–1000 characters after trimming)',
    example: 'Cán bộ đã nghỉ công tác',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Length(1, 1000)
  reason?: string;
}
