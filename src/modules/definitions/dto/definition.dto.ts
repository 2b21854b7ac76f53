import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { ErrorDetailDto } from '../../../common/errors/error-body.dto';
import { type WorkflowDefinition } from '../workflow-definition.entity';
import { LocalizedTextDto } from './stately-import.dto';

// The parts of a state and an event the web app reads; the rest passes through as JSON.
const TITLE = { $ref: getSchemaPath(LocalizedTextDto) };
const STATE_SPEC = {
  type: 'object',
  properties: { title: TITLE, outcome: { type: 'string' } },
  additionalProperties: true,
};
const EVENT_SPEC = {
  type: 'object',
  properties: {
    title: TITLE,
    form: { type: 'object', description: 'JSON Schema', additionalProperties: true },
    commentRequired: { type: 'boolean' },
  },
  additionalProperties: true,
};

export class DefinitionSummaryDto {
  @ApiProperty({ example: 'regulation-review' }) key!: string;
  @ApiProperty({ example: 1 }) version!: number;
  @ApiProperty({ example: 'Rà soát, bổ sung quy chế phối hợp' }) title!: string;
  @ApiProperty({ example: 'Review of the coordination regulation' }) titleEn!: string;
  @ApiPropertyOptional() description?: string;
  @ApiProperty({ enum: ['published', 'deprecated'] }) status!: string;
  @ApiProperty() publishedAt!: Date;

  static from(row: WorkflowDefinition): DefinitionSummaryDto {
    return {
      key: row.key,
      version: row.version,
      title: row.document.title.vi,
      titleEn: row.document.title.en,
      description: row.document.description?.vi,
      status: row.status,
      publishedAt: row.publishedAt,
    };
  }
}

@ApiExtraModels(LocalizedTextDto)
export class DefinitionDto extends DefinitionSummaryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'xstate v5 machine config (JSON)' }) machine!: object;
  @ApiProperty({
    description: 'Per state: title, assignment, deadline, outcome',
    type: 'object',
    additionalProperties: STATE_SPEC,
  })
  states!: object;
  @ApiProperty({
    description: 'Per event: title, form (JSON Schema), comment rule',
    type: 'object',
    additionalProperties: EVENT_SPEC,
  })
  events!: object;
  @ApiProperty({ description: 'The whole document as published' }) document!: object;

  static full(row: WorkflowDefinition): DefinitionDto {
    const { machine, states, events } = row.document;
    return {
      ...DefinitionSummaryDto.from(row),
      id: row.id,
      machine,
      states,
      events,
      document: row.document,
    };
  }
}

export class PublishedDefinitionDto {
  @ApiProperty() key!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ description: 'False when identical to the latest version' }) created!: boolean;
  @ApiProperty({ enum: ['published', 'deprecated'] }) status!: string;
  @ApiProperty({
    type: [ErrorDetailDto],
    description:
      "Upper bounds (maxLength, maxItems) added to form fields that had none: { path, message } in the request's language",
  })
  notices!: Array<{ path: string; message: string }>;
}

export class DefinitionVersionDto {
  @ApiProperty() key!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ enum: ['published', 'deprecated'] }) status!: string;
  @ApiProperty() publishedAt!: Date;
  @ApiProperty({ description: 'Instances on this version (started on it or migrated to it)' })
  instances!: number;
  @ApiProperty({ description: 'Of those, the ones still active' }) activeInstances!: number;
}

export class ValidationReportDto {
  @ApiProperty() valid!: boolean;
  @ApiProperty({ type: [ErrorDetailDto], description: '{ path, message } per problem' })
  details!: Array<{
    path: string;
    message: string;
  }>;
  @ApiProperty({
    type: [ErrorDetailDto],
    description:
      "Upper bounds publication would add to form fields that have none: { path, message } in the request's language",
  })
  notices!: Array<{ path: string; message: string }>;
}
