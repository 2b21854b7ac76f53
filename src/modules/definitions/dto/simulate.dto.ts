import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsObject,
  IsString,
  IsUUID,
  isUUID,
  Matches,
  MaxLength,
  Min,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { FreeFormObject } from '../../../common/validation/free-form';
import { IsOptional } from '../../../common/validation/optional';
import { USER_CAPABILITIES, type UserCapability } from '../../users/user.entity';

const MAX_STEPS = 200;
const MAX_USERNAME = 100;

/** A made-up member of a unit, for routes no seeded user can walk. */
export class SimulatedUnitActorDto {
  @ApiProperty({ format: 'uuid' }) orgUnitId!: string;
  @ApiPropertyOptional({ enum: USER_CAPABILITIES, isArray: true }) capabilities?: UserCapability[];
}

export type SimulatedActorSpec = string | SimulatedUnitActorDto;

function isActorSpec(value: unknown): value is SimulatedActorSpec {
  if (typeof value === 'string') return value.trim() !== '' && value.length <= MAX_USERNAME;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const { orgUnitId, capabilities, ...rest } = value as Record<string, unknown>;
  return (
    Object.keys(rest).length === 0 &&
    typeof orgUnitId === 'string' &&
    isUUID(orgUnitId) &&
    (capabilities === undefined ||
      (Array.isArray(capabilities) &&
        capabilities.every((c) => (USER_CAPABILITIES as readonly unknown[]).includes(c))))
  );
}

function IsActorSpec(): PropertyDecorator {
  return ValidateBy({
    name: 'isActorSpec',
    validator: {
      validate: isActorSpec,
      defaultMessage: () =>
        `actor must be a username or { orgUnitId, capabilities?: (${USER_CAPABILITIES.join(' | ')})[] }`,
    },
  });
}

@ApiExtraModels(SimulatedUnitActorDto)
export class SimulationStepDto {
  @ApiProperty({
    description: 'A real user (by username) or a made-up member of a unit',
    oneOf: [
      { type: 'string', example: 'dangu.an-binh' },
      { $ref: getSchemaPath(SimulatedUnitActorDto) },
    ],
  })
  @IsActorSpec()
  actor!: SimulatedActorSpec;

  @ApiProperty({ example: 'APPROVE' })
  @IsString()
  @MaxLength(64)
  type!: string;

  @ApiPropertyOptional({ description: 'Form data for the event' })
  @IsOptional()
  @IsObject()
  @FreeFormObject()
  data?: Record<string, unknown>;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  comment?: string;
}

export class SimulateDefinitionDto {
  @ApiPropertyOptional({ description: 'A draft document to simulate (instead of key/version)' })
  @IsOptional()
  @IsObject()
  @FreeFormObject()
  definition?: Record<string, unknown>;

  @ApiPropertyOptional({ example: 'regulation-review', description: 'A published definition' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z][a-z0-9-]*$/)
  @MaxLength(100)
  key?: string;

  @ApiPropertyOptional({ description: 'Version of `key`; default: the latest published one' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;

  @ApiProperty({ format: 'uuid', description: 'The instance’s unit (the drafter’s unit)' })
  @IsUUID()
  orgUnitId!: string;

  @ApiPropertyOptional({ description: 'Initial form data of the instance' })
  @IsOptional()
  @IsObject()
  @FreeFormObject()
  data?: Record<string, unknown>;

  @ApiProperty({ type: [SimulationStepDto] })
  @IsArray()
  @ArrayMaxSize(MAX_STEPS)
  @ValidateNested({ each: true })
  @Type(() => SimulationStepDto)
  steps!: SimulationStepDto[];
}

export class SimulationErrorDto {
  @ApiProperty({ example: 'forbidden' }) code!: string;
  @ApiProperty() message!: string;
  @ApiPropertyOptional({ description: '{ path, message } per problem' })
  details?: readonly object[];
}

export class SimulatedTaskDto {
  @ApiProperty() state!: string;
  @ApiProperty({ format: 'uuid' }) assigneeUnitId!: string;
  @ApiProperty({ nullable: true, type: String }) capability!: string | null;
  @ApiProperty({ nullable: true, type: Date }) dueAt!: Date | null;
}

export class SimulatedStepDto {
  @ApiProperty() type!: string;
  @ApiProperty({ description: 'Username, or unit slug and capabilities' }) actor!: string;
  @ApiProperty() ok!: boolean;
  @ApiProperty() fromState!: string;
  @ApiProperty() toState!: string;
  @ApiPropertyOptional({ type: SimulatedTaskDto, nullable: true }) task?: SimulatedTaskDto | null;
  @ApiPropertyOptional({ type: SimulationErrorDto }) error?: SimulationErrorDto;
}

export class SimulationResultDto {
  @ApiProperty() ok!: boolean;
  @ApiProperty({ type: [String], description: 'The initial state, then each state passed' })
  states!: string[];
  @ApiProperty({ type: SimulatedTaskDto, nullable: true }) initialTask!: SimulatedTaskDto | null;
  @ApiProperty({ type: [SimulatedStepDto] }) steps!: SimulatedStepDto[];
  @ApiProperty({ nullable: true, type: String }) finalState!: string | null;
  @ApiProperty({ nullable: true, enum: ['active', 'completed', 'cancelled'] })
  finalStatus!: string | null;
  @ApiProperty({ description: 'Form data at the end' }) data!: object;
  @ApiPropertyOptional({
    type: SimulationErrorDto,
    description: 'Why the instance could not start',
  })
  error?: SimulationErrorDto;
}
