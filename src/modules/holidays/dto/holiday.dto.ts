import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsOptional } from '../../../common/validation/optional';
import { HOLIDAY_KINDS, type HolidayKind } from '../../../workflows/calendar/vietnam-holidays';

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

export class HolidayYearQueryDto {
  @ApiProperty({ example: 2027 })
  @Type(() => Number)
  @IsInt()
  @Min(1900)
  @Max(2200)
  year!: number;
}

/** A day off, as every signed-in user reads it. */
export class HolidayDto {
  @ApiProperty({ example: '2027-02-08', description: 'Local date (Asia/Ho_Chi_Minh)' })
  date!: string;
  @ApiProperty({ example: 'Tết Nguyên đán (mùng 3)' })
  name!: string;
  @ApiProperty({ enum: HOLIDAY_KINDS })
  kind!: HolidayKind;
}

export class UpdateHolidayDto {
  @ApiProperty({ example: 'Nghỉ bù Quốc khánh' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({ enum: HOLIDAY_KINDS, default: 'holiday' })
  @IsOptional()
  @IsIn(HOLIDAY_KINDS)
  kind?: HolidayKind;
}

export class CreateHolidayDto extends UpdateHolidayDto {
  @ApiProperty({ example: '2027-09-03' })
  @Matches(DATE_PATTERN, { message: 'date must be YYYY-MM-DD' })
  date!: string;
}
