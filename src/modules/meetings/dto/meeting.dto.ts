import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsInt,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { PageQueryDto } from '../../../common/pagination/page-query.dto';
import { IsCalendarDateTime } from '../../../common/validation/is-calendar-date-time';
import { IsOptional } from '../../../common/validation/optional';
import { UserRefDto } from '../../users/dto/user-ref.dto';

const trim = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

/** A joint meeting (giao ban) to record: point 2's regular meetings between partners. */
export class CreateMeetingDto {
  @ApiProperty({ example: 'Giao ban công tác phối hợp liên tịch quý IV năm 2026' })
  @trim()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  title!: string;

  @ApiProperty({
    example: '2026-12-05T08:00:00+07:00',
    description: 'When it was held: a date-time with its offset (or Z)',
  })
  @IsCalendarDateTime()
  @Matches(/T.*(Z|[+-]\d{2}:\d{2})$/, {
    message: 'heldAt must be a date-time with its offset, e.g. 2026-12-05T08:00:00+07:00',
  })
  heldAt!: string;

  @ApiPropertyOptional({ example: 'Hội trường Huyện ủy' })
  @IsOptional()
  @trim()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  location?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The directive the meeting carries out' })
  @IsOptional()
  @IsUUID()
  directiveId?: string;

  @ApiPropertyOptional({
    example: 2,
    description: 'The point of that directive (needs directiveId)',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  point?: number;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The two-way exchange (an information-exchange case) the meeting followed up',
  })
  @IsOptional()
  @IsUUID()
  exchangeId?: string;

  @ApiProperty({
    type: [String],
    format: 'uuid',
    description: 'The units that took part (1–50); the caller’s unit organises',
  })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  participantOrgUnitIds!: string[];

  @ApiPropertyOptional({ description: 'Conclusions (kết luận) of the meeting', maxLength: 20000 })
  @IsOptional()
  @trim()
  @IsString()
  @MinLength(1)
  @MaxLength(20000)
  conclusions?: string;
}

export class MeetingsQueryDto extends PageQueryDto {}

export class MeetingUnitDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'Ủy ban MTTQ Việt Nam huyện Châu Thành' }) name!: string;
}

export class MeetingMinutesDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'Biên bản giao ban quý IV.pdf' }) fileName!: string;
  @ApiProperty({ example: 'application/pdf', description: 'Judged from the content' })
  contentType!: string;
  @ApiProperty() size!: number;
  @ApiProperty({ description: 'SHA-256 of the content, hex; also in the transparency log' })
  sha256!: string;
  @ApiProperty({ type: UserRefDto }) uploadedBy!: UserRefDto;
  @ApiProperty() uploadedAt!: Date;
}

export class MeetingDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty() heldAt!: Date;
  @ApiProperty({ nullable: true, type: String }) location!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) directiveId!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '125-CV/HU' })
  directiveSymbol!: string | null;
  @ApiProperty({ nullable: true, type: Number }) point!: number | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) exchangeId!: string | null;
  @ApiProperty({ nullable: true, type: String }) conclusions!: string | null;
  @ApiProperty({ type: MeetingUnitDto, description: 'The unit that organised it' })
  organiser!: MeetingUnitDto;
  @ApiProperty({ type: [MeetingUnitDto] }) participants!: MeetingUnitDto[];
  @ApiProperty({ type: UserRefDto }) createdBy!: UserRefDto;
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ type: [MeetingMinutesDto], description: 'Minutes (biên bản), oldest first' })
  minutes!: MeetingMinutesDto[];
}

export class MeetingPageDto {
  @ApiProperty({ type: [MeetingDto] }) items!: MeetingDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class MinutesUploadDto {
  @ApiProperty({
    type: 'string',
    format: 'binary',
    description: 'The minutes: PDF, DOCX, or a scan (PNG, JPEG)',
  })
  file!: unknown;
}
