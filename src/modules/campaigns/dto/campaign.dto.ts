import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { IsOptional } from '../../../common/validation/optional';
import { CALENDAR_DATE_PATTERN } from '../../../common/validation/calendar-date';
import { type CampaignStanding } from '../campaign-standing';

export const MAX_CAMPAIGN_UNITS = 500;

export class CampaignProgressDto {
  @ApiProperty() total!: number;
  @ApiProperty() completed!: number;
  @ApiProperty({ description: 'Still active after the due date' }) overdue!: number;
  @ApiProperty({ description: 'Active, before the due date, no step taken yet' })
  notStarted!: number;
  @ApiProperty({ description: 'Active, before the due date, at least one step taken' })
  inProgress!: number;
  @ApiProperty({ description: 'Cancelled instances (counted in none of the above)' })
  cancelled!: number;
}

export class CreateCampaignDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'The directive the campaign carries out' })
  @IsOptional()
  @IsUUID()
  directiveId?: string;

  @ApiPropertyOptional({
    example: 1,
    description: 'The point of that directive (needs directiveId)',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  point?: number;

  @ApiProperty({ example: 'regulation-review' })
  @IsString()
  @Matches(/^[a-z][a-z0-9-]*$/)
  @MaxLength(100)
  definitionKey!: string;

  @ApiProperty({ example: 'Rà soát, bổ sung quy chế phối hợp năm 2026' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  title!: string;

  @ApiProperty({
    example: '2026-06-30',
    description: 'Hạn chung: every instance is due at the end of this day in Vietnam time (UTC+7)',
  })
  @IsString()
  @Matches(CALENDAR_DATE_PATTERN, { message: 'dueDate must be YYYY-MM-DD' })
  dueDate!: string;

  @ApiProperty({ type: [String], format: 'uuid', description: 'One instance is opened per unit' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_CAMPAIGN_UNITS)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  orgUnitIds!: string[];
}

export class CampaignItemDto {
  @ApiProperty({ format: 'uuid' }) instanceId!: string;
  @ApiProperty({ format: 'uuid' }) orgUnitId!: string;
  @ApiProperty({ example: 'Ủy ban MTTQ Việt Nam xã An Bình' }) orgUnitName!: string;
  @ApiProperty({ description: 'xstate state value' }) state!: string;
  @ApiProperty({ example: 'Soạn thảo' }) stateTitle!: string;
  @ApiProperty({ enum: ['active', 'completed', 'cancelled'] }) status!: string;
  @ApiProperty({ enum: ['completed', 'overdue', 'notStarted', 'inProgress', 'cancelled'] })
  standing!: CampaignStanding;
  @ApiProperty() dueAt!: Date;
  @ApiProperty() updatedAt!: Date;
}

export class CampaignCreatedDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: [String], format: 'uuid' }) instanceIds!: string[];
  @ApiProperty({ type: [CampaignItemDto] }) items!: CampaignItemDto[];
}

export class CampaignDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty() definitionKey!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) directiveId!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '125-CV/HU' })
  directiveSymbol!: string | null;
  @ApiProperty({ nullable: true, type: Number }) point!: number | null;
  @ApiProperty({ example: '2026-06-30' }) dueDate!: string;
  @ApiProperty({ description: 'The end of dueDate in Vietnam time' }) dueAt!: Date;
  @ApiProperty({ type: CampaignProgressDto }) progress!: CampaignProgressDto;
  @ApiProperty({ type: [CampaignItemDto] }) items!: CampaignItemDto[];
  @ApiProperty({ format: 'uuid' }) createdBy!: string;
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ nullable: true, type: Date, description: 'When the last reminder round went' })
  lastRemindedAt!: Date | null;
}

export class CampaignSummaryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty() definitionKey!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) directiveId!: string | null;
  @ApiProperty({ nullable: true, type: Number }) point!: number | null;
  @ApiProperty({ example: '2026-06-30' }) dueDate!: string;
  @ApiProperty({ type: CampaignProgressDto }) progress!: CampaignProgressDto;
  @ApiProperty() createdAt!: Date;
}

export const REMINDER_SCOPES = ['overdue', 'unfinished'] as const;
export type ReminderScope = (typeof REMINDER_SCOPES)[number];

export class SendRemindersDto {
  @ApiPropertyOptional({
    enum: REMINDER_SCOPES,
    default: 'overdue',
    description: '`overdue`: units past the due date; `unfinished`: every unit not finished yet',
  })
  @IsOptional()
  @IsIn(REMINDER_SCOPES)
  scope?: ReminderScope;

  @ApiPropertyOptional({ example: 'Đề nghị các đơn vị hoàn thành trước ngày 05/7.' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  message?: string;
}

export class RemindersSentDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: REMINDER_SCOPES }) scope!: ReminderScope;
  @ApiProperty({ type: [String], format: 'uuid', description: 'The instances reminded' })
  instanceIds!: string[];
  @ApiProperty({ description: 'How many officials were notified' }) notified!: number;
  @ApiProperty() sentAt!: Date;
}
