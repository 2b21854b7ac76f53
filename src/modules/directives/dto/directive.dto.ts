import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { IsOptional } from '../../../common/validation/optional';
import { CALENDAR_DATE_PATTERN } from '../../../common/validation/calendar-date';
import { CampaignSummaryDto } from '../../campaigns/dto/campaign.dto';

export class DirectivePointInputDto {
  @ApiProperty({ example: 1, minimum: 1, maximum: 1000 })
  @IsInt()
  @Min(1)
  @Max(1000)
  no!: number;

  @ApiProperty({ example: 'Cấp ủy các xã, thị trấn thường xuyên quan tâm tạo điều kiện…' })
  @IsString()
  @MinLength(1)
  @MaxLength(10000)
  text!: string;
}

export class CreateDirectiveDto {
  @ApiProperty({ example: '125-CV/HU', description: 'Số và ký hiệu (unique)' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  symbol!: string;

  @ApiProperty({ example: '2026-03-02', description: 'Ngày ban hành, YYYY-MM-DD' })
  @IsString()
  @Matches(CALENDAR_DATE_PATTERN, { message: 'issuedAt must be YYYY-MM-DD' })
  issuedAt!: string;

  @ApiProperty({ example: 'Thường trực Huyện ủy Châu Thành' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  issuer!: string;

  @ApiProperty({ example: 'V/v tiếp tục đẩy mạnh công tác phối hợp liên tịch…' })
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  title!: string;

  @ApiPropertyOptional({
    type: [String],
    description: 'Kính gửi: the addressees as the letter names them',
    example: ['Cấp ủy các xã, thị trấn'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(300, { each: true })
  recipients?: string[];

  @ApiProperty({ type: [DirectivePointInputDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => DirectivePointInputDto)
  points!: DirectivePointInputDto[];
}

export class PointTaskDto {
  @ApiProperty({ format: 'uuid' }) instanceId!: string;
  @ApiProperty({ format: 'uuid' }) campaignId!: string;
  @ApiProperty() definitionKey!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ format: 'uuid' }) orgUnitId!: string;
  @ApiProperty() state!: string;
  @ApiProperty({ enum: ['active', 'completed', 'cancelled'] }) status!: string;
}

export class DirectivePointDto {
  @ApiProperty() no!: number;
  @ApiProperty() text!: string;
}

export class DirectivePointDetailDto extends DirectivePointDto {
  @ApiProperty({ type: [CampaignSummaryDto] }) campaigns!: CampaignSummaryDto[];
  @ApiProperty({ type: [PointTaskDto], description: 'The instances the campaigns opened' })
  tasks!: PointTaskDto[];
}

export class DirectiveDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() symbol!: string;
  @ApiProperty({ example: '2026-03-02' }) issuedAt!: string;
  @ApiProperty() issuer!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ type: [String] }) recipients!: string[];
  @ApiProperty({ type: [DirectivePointDto] }) points!: DirectivePointDto[];
  @ApiProperty() createdAt!: Date;
}

export class DirectiveDetailDto extends DirectiveDto {
  @ApiProperty({ type: [DirectivePointDetailDto] }) declare points: DirectivePointDetailDto[];
}
