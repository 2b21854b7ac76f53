import { Body, Controller, Get, Header, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProduces,
  ApiQuery,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { ParseVersionPipe } from '../../common/validation/parse-version.pipe';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { type WorkflowDefinitionDocument } from '../../workflows/engine/definition.types';
import { DefinitionDiagramsService } from './definition-diagrams.service';
import { DefinitionSimulator } from './definition-simulator.service';
import { DefinitionsService } from './definitions.service';
import {
  DefinitionDto,
  DefinitionSummaryDto,
  DefinitionVersionDto,
  PublishedDefinitionDto,
  ValidationReportDto,
} from './dto/definition.dto';
import { AdminReasonDto } from '../admin-history/dto/reason.dto';
import { DiagramQueryDto } from './dto/diagram-query.dto';
import { SimulateDefinitionDto, SimulationResultDto } from './dto/simulate.dto';
import { StatelyImportDto, StatelyImportResultDto } from './dto/stately-import.dto';

const DOCUMENT_BODY = {
  description: 'A workflow definition document: xstate v5 machine config plus states and events',
  schema: { type: 'object' },
};

@ApiTags('definitions')
@ApiBearerAuth()
@Controller('api/definitions')
export class DefinitionsController {
  constructor(
    private readonly definitions: DefinitionsService,
    private readonly simulator: DefinitionSimulator,
    private readonly diagrams: DefinitionDiagramsService,
  ) {}

  @Get()
  @ApiOkResponse({ type: [DefinitionSummaryDto] })
  async list(): Promise<DefinitionSummaryDto[]> {
    return (await this.definitions.listLatest()).map((row) => DefinitionSummaryDto.from(row));
  }

  @Post()
  @Roles('admin')
  @ApiBody(DOCUMENT_BODY)
  @ApiCreatedResponse({ type: PublishedDefinitionDto })
  @ApiUnprocessableEntityResponse({
    description: 'Invalid definition: details of { path, message }',
  })
  @ApiQuery({
    name: 'reason',
    required: false,
    description: 'Why this version is published; kept in a `definition.publish` admin audit event',
  })
  publish(
    @Body() document: Record<string, unknown>,
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: AdminReasonDto,
  ): Promise<PublishedDefinitionDto> {
    return this.definitions.publish(
      document,
      user.id,
      query.reason === undefined ? undefined : { actor: user, reason: query.reason },
    );
  }

  /** Checks a document without publishing it. */
  @Post('validate')
  @Roles('admin')
  @HttpCode(200)
  @ApiBody(DOCUMENT_BODY)
  @ApiOkResponse({ type: ValidationReportDto })
  async validate(@Body() document: Record<string, unknown>): Promise<ValidationReportDto> {
    const details = await this.definitions.validate(document);
    const notices =
      details.length === 0
        ? this.definitions.withBoundedForms(document as unknown as WorkflowDefinitionDocument)
            .notices
        : [];
    return { valid: details.length === 0, details, notices };
  }

  /** Draws a draft before it is published: the editor's live diagram. Invalid drafts get 422. */
  @Post('diagram')
  @Roles('admin')
  @HttpCode(200)
  @Header('Content-Type', 'image/svg+xml; charset=utf-8')
  @ApiBody(DOCUMENT_BODY)
  @ApiProduces('image/svg+xml')
  @ApiQuery({ name: 'lang', required: false, enum: ['vi', 'en'] })
  @ApiUnprocessableEntityResponse({
    description: 'Invalid definition: details of { path, message }',
  })
  async draftDiagram(
    @Body() document: Record<string, unknown>,
    @Query() query: DiagramQueryDto,
  ): Promise<string> {
    return this.diagrams.draft(document, { language: query.lang ?? 'vi' });
  }

  /** Runs commands through a draft or published definition, writing nothing. */
  @Post('simulate')
  @Roles('admin')
  @HttpCode(200)
  @ApiOkResponse({ type: SimulationResultDto })
  @ApiUnprocessableEntityResponse({ description: 'Invalid draft, unknown unit or actor' })
  simulate(@Body() body: SimulateDefinitionDto): Promise<SimulationResultDto> {
    return this.simulator.simulate(body);
  }

  /** Turns a Stately export into a candidate document; publishing stays a separate POST. */
  @Post('import/stately')
  @Roles('admin')
  @HttpCode(200)
  @ApiOkResponse({ type: StatelyImportResultDto })
  async importStately(@Body() body: StatelyImportDto): Promise<StatelyImportResultDto> {
    const report = await this.definitions.importStately(body);
    return { ...report, valid: report.problems.length === 0 };
  }

  @Get(':key')
  @ApiOkResponse({ type: DefinitionDto })
  async get(@Param('key') key: string): Promise<DefinitionDto> {
    return DefinitionDto.full(await this.definitions.latest(key));
  }

  @Get(':key/versions')
  @ApiOkResponse({ type: [DefinitionVersionDto] })
  versions(@Param('key') key: string): Promise<DefinitionVersionDto[]> {
    return this.definitions.versions(key);
  }

  @Get(':key/versions/:version')
  @ApiOkResponse({ type: DefinitionDto })
  @ApiNotFoundResponse()
  async getVersion(
    @Param('key') key: string,
    @Param('version', ParseVersionPipe) version: number,
  ): Promise<DefinitionDto> {
    return DefinitionDto.full(await this.definitions.version(key, version));
  }

  /** New instances no longer start on this version; running ones keep working. */
  @Post(':key/versions/:version/deprecate')
  @Roles('admin')
  @HttpCode(200)
  @ApiOkResponse({ type: DefinitionVersionDto })
  @ApiForbiddenResponse()
  @ApiNotFoundResponse()
  deprecate(
    @Param('key') key: string,
    @Param('version', ParseVersionPipe) version: number,
  ): Promise<DefinitionVersionDto> {
    return this.definitions.deprecate(key, version);
  }

  @Get(':key/diagram')
  @Header('Content-Type', 'image/svg+xml; charset=utf-8')
  @ApiProduces('image/svg+xml')
  @ApiQuery({ name: 'lang', required: false, enum: ['vi', 'en'] })
  async diagram(@Param('key') key: string, @Query() query: DiagramQueryDto): Promise<string> {
    const row = await this.definitions.latest(key);
    return this.diagrams.published(row, { language: query.lang ?? 'vi' });
  }

  @Get(':key/versions/:version/diagram')
  @Header('Content-Type', 'image/svg+xml; charset=utf-8')
  @ApiProduces('image/svg+xml')
  @ApiQuery({ name: 'lang', required: false, enum: ['vi', 'en'] })
  async versionDiagram(
    @Param('key') key: string,
    @Param('version', ParseVersionPipe) version: number,
    @Query() query: DiagramQueryDto,
  ): Promise<string> {
    const row = await this.definitions.version(key, version);
    return this.diagrams.published(row, { language: query.lang ?? 'vi' });
  }
}
