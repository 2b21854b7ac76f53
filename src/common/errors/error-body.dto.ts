import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/**
 * The error shape of api.md for the OpenAPI document (`ErrorBody` in error-body.ts is what the
 * filter builds): the web app and the tests read their error types from here.
 */
export class LocalizedMessageDto {
  @ApiProperty() vi!: string;
  @ApiProperty() en!: string;
}

export class ErrorDetailDto {
  @ApiProperty({ example: '/reason', description: 'JSON Pointer of the offending value' })
  path!: string;
  @ApiProperty() message!: string;
  @ApiPropertyOptional({ type: LocalizedMessageDto, description: 'The message in both languages' })
  messages?: LocalizedMessageDto;
  @ApiPropertyOptional({ description: 'The JSON Schema keyword that failed' }) keyword?: string;
  @ApiPropertyOptional({ type: [String], description: 'Events the current state accepts' })
  allowedEvents?: string[];
}

export class ErrorBodyDto {
  @ApiProperty({ example: 422 }) statusCode!: number;
  @ApiProperty({ example: 'Unprocessable Entity' }) error!: string;
  @ApiProperty() message!: string;
  @ApiPropertyOptional({ example: 'TRANSITION_NOT_ALLOWED' }) code?: string;
  @ApiPropertyOptional({ type: [ErrorDetailDto] }) details?: ErrorDetailDto[];
  @ApiPropertyOptional({ type: [String], description: 'On a refused transition' })
  allowedEvents?: string[];
  // By reference, not by import: common/ may not import the modules that own these DTOs.
  @ApiPropertyOptional({
    allOf: [{ $ref: '#/components/schemas/InstanceDto' }],
    description: 'On a version conflict: the instance as it is now',
  })
  instance?: Record<string, unknown>;
  @ApiPropertyOptional({
    allOf: [{ $ref: '#/components/schemas/ClaimDto' }],
    description: 'On a claim conflict: the claim as it is now',
  })
  claim?: Record<string, unknown>;
}

/** `{ instanceId, seq, reason }` of the first broken link of a hash chain. */
export class BrokenLinkDto {
  @ApiPropertyOptional({ format: 'uuid' }) instanceId?: string;
  @ApiPropertyOptional() seq?: number;
  @ApiPropertyOptional() reason?: string;
}

/** Why a command was rejected. */
export class CommandErrorDto {
  @ApiProperty() code!: string;
  @ApiProperty() message!: string;
  @ApiPropertyOptional({ type: [ErrorDetailDto] }) details?: ErrorDetailDto[];
}
