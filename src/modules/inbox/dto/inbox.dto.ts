import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { IsOptional } from '../../../common/validation/optional';
import { IsCalendarDateTime } from '../../../common/validation/is-calendar-date-time';
import { ToBoolean } from '../../../common/validation/to-boolean';
import { ReturnedNoticeDto } from '../../history/dto/returned-notice.dto';
import { UserRefDto } from '../../users/dto/user-ref.dto';

export const INBOX_SORTS = ['due', 'age'] as const;
export type InboxSort = (typeof INBOX_SORTS)[number];

export const TASK_KINDS = ['step', 'escalation'] as const;
export type TaskKindFilter = (typeof TASK_KINDS)[number];

export const CLAIM_FILTERS = ['mine', 'unclaimed', 'others'] as const;
export type ClaimFilter = (typeof CLAIM_FILTERS)[number];

/** The filters of an inbox page; a saved view stores exactly these. */
export class InboxFiltersDto {
  @ApiPropertyOptional({ example: 'regulation-review' })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9-]*$/)
  @MaxLength(100)
  definitionKey?: string;

  @ApiPropertyOptional({ example: 'communeReview', description: 'The state the task waits in' })
  @IsOptional()
  @Matches(/^[A-Za-z][A-Za-z0-9_-]*$/)
  @MaxLength(100)
  state?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The instance’s unit, or any unit below it (e.g. a commune)',
  })
  @IsOptional()
  @IsUUID()
  orgUnitId?: string;

  @ApiPropertyOptional({ description: 'Only tasks past their deadline (false: only those not)' })
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ description: 'Tasks due before this time' })
  @IsOptional()
  @IsCalendarDateTime()
  dueBefore?: string;

  @ApiPropertyOptional({ description: 'Tasks due within this many hours (overdue ones included)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(24 * 366)
  dueWithinHours?: number;

  @ApiPropertyOptional({
    description: 'Free text over title and form data, with or without diacritics',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({
    enum: TASK_KINDS,
    default: 'step',
    description:
      'step: what the caller can act on (the default); escalation: follow-up copies (đôn đốc) of units below whose step is overdue',
  })
  @IsOptional()
  @IsIn(TASK_KINDS)
  kind?: TaskKindFilter;

  @ApiPropertyOptional({ enum: CLAIM_FILTERS, description: 'Claimed by me, by nobody, by others' })
  @IsOptional()
  @IsIn(CLAIM_FILTERS)
  claim?: ClaimFilter;

  @ApiPropertyOptional({
    enum: INBOX_SORTS,
    default: 'due',
    description: '`due`: soonest deadline first; `age`: longest waiting first',
  })
  @IsOptional()
  @IsIn(INBOX_SORTS)
  sort?: InboxSort;
}

export class InboxQueryDto extends InboxFiltersDto {
  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'A saved view whose filters apply; filters given here override them',
  })
  @IsOptional()
  @IsUUID()
  view?: string;
}

export class InboxCountsQueryDto extends InboxFiltersDto {
  @ApiPropertyOptional({ default: 48, description: 'What counts as due soon, in hours' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(24 * 90)
  dueSoonHours?: number;

  @ApiPropertyOptional({ format: 'uuid', description: 'Count within a saved view' })
  @IsOptional()
  @IsUUID()
  view?: string;
}

export class InboxItemDto {
  @ApiProperty({ format: 'uuid' }) taskId!: string;
  @ApiProperty({ format: 'uuid' }) instanceId!: string;
  @ApiProperty() definitionKey!: string;
  @ApiProperty() title!: string;
  @ApiProperty() state!: string;
  @ApiProperty({ format: 'uuid' }) orgUnitId!: string;
  @ApiProperty({ nullable: true, type: Date }) dueAt!: Date | null;
  @ApiProperty({
    nullable: true,
    type: Number,
    description:
      'Working days left after today up to the due date, on the holiday calendar (0 on the due date or once overdue; null without a deadline)',
  })
  remainingWorkingDays!: number | null;
  @ApiProperty() overdue!: boolean;
  @ApiProperty({ description: 'When the task started waiting' }) createdAt!: Date;
  @ApiProperty({ nullable: true, type: String, description: 'Capability the task needs' })
  capability!: string | null;
  @ApiProperty({ nullable: true, type: UserRefDto, description: 'Who has taken the task' })
  claimedBy!: UserRefDto | null;
  @ApiProperty({ nullable: true, type: Date }) claimedAt!: Date | null;
  @ApiProperty({
    nullable: true,
    type: UserRefDto,
    description: 'Set when the task is in the inbox through a delegation from this official',
  })
  onBehalfOf!: UserRefDto | null;

  @ApiProperty({
    type: ReturnedNoticeDto,
    nullable: true,
    description: 'Set when the case came back to this step by a return: who, when and why',
  })
  returned!: ReturnedNoticeDto | null;
}

export class InboxPageDto {
  @ApiProperty({ type: [InboxItemDto] }) items!: InboxItemDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class InboxDefinitionCountDto {
  @ApiProperty() definitionKey!: string;
  @ApiProperty() total!: number;
  @ApiProperty() overdue!: number;
  @ApiProperty() dueSoon!: number;
}

export class InboxStateCountDto {
  @ApiProperty() definitionKey!: string;
  @ApiProperty() state!: string;
  @ApiProperty() total!: number;
}

export class InboxCountsDto {
  @ApiProperty() total!: number;
  @ApiProperty() overdue!: number;
  @ApiProperty({ description: 'Due within dueSoonHours and not overdue yet' }) dueSoon!: number;
  @ApiProperty() unclaimed!: number;
  @ApiProperty() claimedByMe!: number;
  @ApiProperty({ description: 'In the inbox through a delegation' }) delegated!: number;
  @ApiProperty({ type: [InboxDefinitionCountDto] }) byDefinition!: InboxDefinitionCountDto[];
  @ApiProperty({ type: [InboxStateCountDto] }) byState!: InboxStateCountDto[];
}
