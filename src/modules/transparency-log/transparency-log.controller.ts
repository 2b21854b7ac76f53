import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtraModels,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { ReadsOnly, Roles } from '../auth/auth.decorators';
import {
  CheckpointDto,
  ConsistencyProofDto,
  ConsistencyQueryDto,
  InclusionProofDto,
  InclusionQueryDto,
  LogVerifyReportDto,
  PublicKeyDto,
  VerifyCheckpointDto,
} from './dto/transparency-log.dto';
import { type SignedCheckpoint, TransparencyLogService } from './transparency-log.service';

/** The transparency log over all history: checkpoints, proofs and verification. */
@ApiTags('audit')
@ApiBearerAuth()
@ApiExtraModels(CheckpointDto)
@Controller('api/audit')
export class TransparencyLogController {
  constructor(private readonly log: TransparencyLogService) {}

  @Get('public-key')
  @Roles('auditor', 'admin')
  @ApiForbiddenResponse({ description: 'Not an auditor or admin' })
  @ApiOperation({ summary: 'The key checkpoints are signed with' })
  @ApiOkResponse({ type: PublicKeyDto })
  publicKey(): PublicKeyDto {
    return { vkey: this.log.publicKey() };
  }

  @Get('checkpoint')
  @Roles('auditor', 'admin')
  @ApiForbiddenResponse({ description: 'Not an auditor or admin' })
  @ApiOperation({ summary: 'A signed checkpoint of the log as it is now: keep it to verify later' })
  @ApiOkResponse({ type: CheckpointDto })
  checkpoint(): Promise<SignedCheckpoint> {
    return this.log.checkpoint();
  }

  @Post('verify')
  @HttpCode(200)
  @ReadsOnly()
  @Roles('auditor', 'admin')
  @ApiForbiddenResponse({ description: 'Not an auditor or admin' })
  @ApiOperation({
    summary: 'Is today’s log an unaltered, append-only extension of a checkpoint kept earlier?',
  })
  @ApiOkResponse({ type: LogVerifyReportDto })
  @ApiUnprocessableEntityResponse({ description: 'Not a checkpoint signed by this log’s key' })
  verify(@Body() body: VerifyCheckpointDto): Promise<LogVerifyReportDto> {
    return this.log.verify([this.log.openCheckpoint(checkpointInput(body.checkpoint))]);
  }

  @Get('log/inclusion-proof')
  @Roles('auditor', 'admin')
  @ApiForbiddenResponse({ description: 'Not an auditor or admin' })
  @ApiOperation({ summary: 'RFC 6962 inclusion proof of one history event (or leaf)' })
  @ApiOkResponse({ type: InclusionProofDto })
  inclusion(@Query() query: InclusionQueryDto): Promise<InclusionProofDto> {
    return this.log.inclusion(query);
  }

  @Get('log/consistency-proof')
  @Roles('auditor', 'admin')
  @ApiForbiddenResponse({ description: 'Not an auditor or admin' })
  @ApiOperation({ summary: 'RFC 6962 consistency proof between two tree sizes' })
  @ApiOkResponse({ type: ConsistencyProofDto })
  consistency(@Query() query: ConsistencyQueryDto): Promise<ConsistencyProofDto> {
    return this.log.consistency(query.first, query.second);
  }
}

function checkpointInput(value: unknown): string | Partial<SignedCheckpoint> {
  return typeof value === 'string' || (typeof value === 'object' && value !== null) ? value : '';
}
