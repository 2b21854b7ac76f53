import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsOptional } from '../../../common/validation/optional';
import { IsCalendarDateTime } from '../../../common/validation/is-calendar-date-time';

/**
 * Where an instance stands: done on time / late (a step was completed after its deadline),
 * in progress, overdue (its current step is past its deadline), cancelled; and, for a commune
 * and a workflow every commune is expected to run, not started (no instance in the period).
 */
export const SCORECARD_BUCKETS = [
  'onTime',
  'late',
  'inProgress',
  'overdue',
  'cancelled',
  'notStarted',
] as const;
export type ScorecardBucket = (typeof SCORECARD_BUCKETS)[number];

export class ScorecardQueryDto {
  @ApiProperty({ example: '2026-01-01', description: 'Instances started from this time' })
  @IsCalendarDateTime()
  from!: string;

  @ApiProperty({
    example: '2026-06-30',
    description: 'Up to this time (exclusive); a date alone includes that whole day (UTC)',
  })
  @IsCalendarDateTime()
  to!: string;

  @ApiPropertyOptional({ example: 'regulation-review' })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9-]*$/)
  @MaxLength(100)
  definitionKey?: string;
}

export class ScorecardItemsQueryDto {
  @ApiProperty({ example: '2026-01-01' })
  @IsCalendarDateTime()
  from!: string;

  @ApiProperty({ example: '2026-06-30' })
  @IsCalendarDateTime()
  to!: string;

  @ApiProperty({
    format: 'uuid',
    description: 'A row of the scorecard (a commune or the district)',
  })
  @IsUUID()
  unit!: string;

  @ApiProperty({ example: 'regulation-review', description: 'A workflow (definition key)' })
  @Matches(/^[a-z][a-z0-9-]*$/)
  @MaxLength(100)
  workflow!: string;

  @ApiProperty({ enum: SCORECARD_BUCKETS })
  @IsIn(SCORECARD_BUCKETS)
  bucket!: ScorecardBucket;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}

export class ScorecardCountsDto {
  @ApiProperty() onTime!: number;
  @ApiProperty() late!: number;
  @ApiProperty() inProgress!: number;
  @ApiProperty() overdue!: number;
  @ApiProperty() cancelled!: number;
  @ApiProperty({ description: 'Workflows not started (per cell: 0 or 1)' }) notStarted!: number;
  @ApiProperty({ description: 'Instances started in the period' }) total!: number;
}

export class ScorecardCellDto extends ScorecardCountsDto {
  @ApiProperty() definitionKey!: string;
}

export class ScorecardUnitDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() slug!: string;
  @ApiProperty() name!: string;
  @ApiProperty() kind!: string;
}

export class ScorecardRowDto {
  @ApiProperty({ type: ScorecardUnitDto }) unit!: ScorecardUnitDto;
  @ApiProperty({ description: 'A commune (no jurisdiction below it): expected to run the work' })
  expected!: boolean;
  @ApiProperty({ type: [ScorecardCellDto] }) cells!: ScorecardCellDto[];
  @ApiProperty({ type: ScorecardCountsDto }) totals!: ScorecardCountsDto;
}

export class ScorecardWorkflowDto {
  @ApiProperty() key!: string;
  @ApiProperty() title!: string;
  @ApiProperty({
    description:
      'Every commune is expected to run it (its route passes the commune’s own bodies), so a commune without one counts as not started',
  })
  expectedOfCommunes!: boolean;
}

export class ScorecardDto {
  @ApiProperty() from!: Date;
  @ApiProperty() to!: Date;
  @ApiProperty() generatedAt!: Date;
  @ApiProperty({ type: [ScorecardWorkflowDto] }) workflows!: ScorecardWorkflowDto[];
  @ApiProperty({ type: [ScorecardRowDto] }) rows!: ScorecardRowDto[];
  @ApiProperty({ type: [ScorecardCellDto], description: 'Per workflow, all rows' })
  totals!: ScorecardCellDto[];
}

export class ScorecardItemDto {
  @ApiProperty({ format: 'uuid' }) instanceId!: string;
  @ApiProperty() definitionKey!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ format: 'uuid' }) orgUnitId!: string;
  @ApiProperty() state!: string;
  @ApiProperty() status!: string;
  @ApiProperty({ enum: SCORECARD_BUCKETS }) bucket!: ScorecardBucket;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
  @ApiProperty({ nullable: true, type: Date, description: 'Deadline of the current step' })
  dueAt!: Date | null;
}

export class ScorecardItemsPageDto {
  @ApiProperty({ type: [ScorecardItemDto] }) items!: ScorecardItemDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
