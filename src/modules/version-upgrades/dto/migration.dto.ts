import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsObject,
  IsString,
  IsUUID,
  MaxLength,
  Min,
  ValidateBy,
} from 'class-validator';
import { IsOptional } from '../../../common/validation/optional';
import { type MigrationBlocker } from '../../../workflows/engine/instance-migration';

const MAX_INSTANCE_IDS = 10_000;

function isStateMapping(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((target) => typeof target === 'string' && target !== '')
  );
}

export class MigrateInstancesDto {
  @ApiProperty({ example: 1 })
  @IsInt()
  @Min(1)
  fromVersion!: number;

  @ApiProperty({ example: 2, description: 'A newer, published version of the same key' })
  @IsInt()
  @Min(1)
  toVersion!: number;

  @ApiProperty({
    description: 'Where each state of the old version goes in the new one: { oldState: newState }',
    example: { draft: 'draft', communeReview: 'communeReview', boardReview: 'boardReview' },
    type: 'object',
    additionalProperties: { type: 'string' },
  })
  @IsObject()
  @ValidateBy({
    name: 'isStateMapping',
    validator: {
      validate: isStateMapping,
      defaultMessage: () => 'stateMapping must map state names to state names',
    },
  })
  stateMapping!: Record<string, string>;

  @ApiProperty({ description: 'True: only report what would move; nothing is written' })
  @IsBoolean()
  dryRun!: boolean;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description: 'Only these instances; default: every active instance of fromVersion',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_INSTANCE_IDS)
  @IsUUID('all', { each: true })
  instanceIds?: string[];

  @ApiPropertyOptional({ description: 'Why the instances move; kept in each history event' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  comment?: string;
}

export class PlannedMoveDto {
  @ApiProperty({ format: 'uuid' }) instanceId!: string;
  @ApiProperty() fromState!: string;
  @ApiProperty() toState!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Who acts next' })
  assigneeUnitId!: string | null;
}

export class CompletedMoveDto extends PlannedMoveDto {
  @ApiProperty({ description: 'The instance version after the move' }) version!: number;
}

export class BlockedMoveDto {
  @ApiProperty({ format: 'uuid' }) instanceId!: string;
  @ApiPropertyOptional() fromState?: string;
  @ApiProperty({
    enum: [
      'not-found',
      'not-on-source-version',
      'not-active',
      'unmapped-state',
      'unknown-target-state',
      'final-target-state',
      'unassignable',
    ],
  })
  reason!: MigrationBlocker;
  @ApiProperty() message!: string;
}

export class MigrationReportDto {
  @ApiProperty() dryRun!: boolean;
  @ApiProperty() key!: string;
  @ApiProperty() fromVersion!: number;
  @ApiProperty() toVersion!: number;
  @ApiPropertyOptional({ type: [PlannedMoveDto], description: 'Dry run: what would move' })
  wouldMove?: PlannedMoveDto[];
  @ApiPropertyOptional({ type: [CompletedMoveDto], description: 'Real run: what moved' })
  moved?: CompletedMoveDto[];
  @ApiProperty({ type: [BlockedMoveDto] }) cannotMove!: BlockedMoveDto[];
}
