import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
} from 'class-validator';
import { IsOptional } from '../../../common/validation/optional';
import { IsCalendarDateTime } from '../../../common/validation/is-calendar-date-time';
import { PageQueryDto, SortOrderQueryDto } from '../../../common/pagination/page-query.dto';
import { ToBoolean } from '../../../common/validation/to-boolean';

const STATE_NAME = /^[A-Za-z][\w.-]{0,99}$/;

/** The filters of an audit search, shared by the paged listing and the export. */
export class AuditEventFilterDto extends SortOrderQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'The instance’s unit' })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({ description: 'With unitId: the units below it too', default: false })
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  includeSubUnits?: boolean;

  @ApiPropertyOptional({ description: 'Username of whoever took the event' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  actor?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  actorId?: string;

  @ApiPropertyOptional({ example: 'regulation-review' })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9-]*$/)
  @MaxLength(100)
  definitionKey?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  instanceId?: string;

  @ApiPropertyOptional({
    type: [String],
    example: ['APPROVE'],
    description: 'Event types, repeated or comma-separated',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' || Array.isArray(value)
      ? [value]
          .flat()
          .flatMap((v) => String(v).split(','))
          .map((v) => v.trim())
          .filter(Boolean)
      : value,
  )
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(/^[A-Z][A-Z0-9_]*$/, { each: true })
  type?: string[];

  @ApiPropertyOptional({ description: 'Events leaving or entering this state' })
  @IsOptional()
  @Matches(STATE_NAME)
  state?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(STATE_NAME)
  fromState?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(STATE_NAME)
  toState?: string;

  @ApiPropertyOptional({ description: 'Events at or after this time (ISO 8601)' })
  @IsOptional()
  @IsCalendarDateTime()
  since?: string;

  @ApiPropertyOptional({ description: 'Events before this time (ISO 8601)' })
  @IsOptional()
  @IsCalendarDateTime()
  until?: string;

  @ApiPropertyOptional({
    description:
      'Free text, with or without Vietnamese diacritics, over the event’s form data, opinion and comment and the instance’s title',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}

export class AuditEventsQueryDto extends IntersectionType(AuditEventFilterDto, PageQueryDto) {
  @ApiPropertyOptional({
    default: false,
    description: 'Add each event’s document: the instance’s form data as it stood after the event',
  })
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  withDocument?: boolean;
}

export const EXPORT_FORMATS = ['csv', 'jsonl', 'tlog'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export class AuditExportQueryDto extends AuditEventFilterDto {
  @ApiProperty({
    enum: EXPORT_FORMATS,
    description:
      '`tlog`: the whole transparency log as JSON Lines `{ leafIndex, leafHash, record }` in leaf order (search filters do not apply), for `npm run audit:verify`',
  })
  @IsIn(EXPORT_FORMATS)
  format!: ExportFormat;
}

export class AuditActorDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() username!: string;
  @ApiProperty({ nullable: true, type: String }) fullName!: string | null;
  @ApiProperty({ format: 'uuid' }) orgUnitId!: string;
  @ApiProperty({ nullable: true, type: String }) orgUnitName!: string | null;
}

export class AuditInstanceRefDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty() definitionKey!: string;
  @ApiProperty() definitionVersion!: number;
  @ApiProperty({ format: 'uuid' }) orgUnitId!: string;
  @ApiProperty() orgUnitSlug!: string;
  @ApiProperty() orgUnitName!: string;
}

export class AuditEventDto {
  @ApiProperty({ description: 'Position in the history store' }) id!: string;
  @ApiProperty({ format: 'uuid' }) instanceId!: string;
  @ApiProperty() seq!: number;
  @ApiProperty({ example: 'APPROVE' }) type!: string;
  @ApiProperty({ nullable: true, type: String }) fromState!: string | null;
  @ApiProperty() toState!: string;
  @ApiProperty({ type: AuditActorDto }) actor!: AuditActorDto;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) onBehalfOfId!: string | null;
  @ApiProperty({ nullable: true, type: Object, description: 'The form data the event carried' })
  data!: object | null;
  @ApiProperty({ nullable: true, type: String }) comment!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description:
      'What the official wrote: the form’s opinion fields ("x-opinion") and the comment, blank-line separated',
  })
  opinion!: string | null;
  @ApiProperty() at!: Date;
  @ApiProperty() prevHash!: string;
  @ApiProperty() hash!: string;
  @ApiProperty({ type: AuditInstanceRefDto }) instance!: AuditInstanceRefDto;
  @ApiPropertyOptional({ type: Object, description: 'With withDocument: the document after it' })
  document?: object;
}

export class AuditEventPageDto {
  @ApiProperty({ type: [AuditEventDto] }) items!: AuditEventDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
