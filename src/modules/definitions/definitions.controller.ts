import { Body, Controller, Get, Header, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiProduces,
  ApiQuery,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentUser, Roles } from '../../common/auth/auth.decorators';
import { type AuthenticatedUser } from '../../common/auth/authenticated-user';
import { renderDefinitionDiagram } from '../../workflows/diagram/definition-diagram';
import { DefinitionsService } from './definitions.service';
import {
  DefinitionDto,
  DefinitionSummaryDto,
  DefinitionVersionDto,
  PublishedDefinitionDto,
  ValidationReportDto,
} from './dto/definition.dto';
import { DiagramQueryDto } from './dto/diagram-query.dto';

const DOCUMENT_BODY = {
  description: 'A workflow definition document: xstate v5 machine config plus states and events',
  schema: { type: 'object' },
};

@ApiTags('definitions')
@ApiBearerAuth()
@Controller('api/definitions')
export class DefinitionsController {
  constructor(private readonly definitions: DefinitionsService) {}

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
  publish(
    @Body() document: Record<string, unknown>,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<PublishedDefinitionDto> {
    return this.definitions.publish(document, user.id);
  }

  /** Checks a document without publishing it. */
  @Post('validate')
  @Roles('admin')
  @HttpCode(200)
  @ApiBody(DOCUMENT_BODY)
  @ApiOkResponse({ type: ValidationReportDto })
  async validate(@Body() document: Record<string, unknown>): Promise<ValidationReportDto> {
    const details = await this.definitions.validate(document);
    return { valid: details.length === 0, details };
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

  @Get(':key/diagram')
  @Header('Content-Type', 'image/svg+xml; charset=utf-8')
  @ApiProduces('image/svg+xml')
  @ApiQuery({ name: 'lang', required: false, enum: ['vi', 'en'] })
  async diagram(@Param('key') key: string, @Query() query: DiagramQueryDto): Promise<string> {
    const row = await this.definitions.latest(key);
    return renderDefinitionDiagram(row.document, { language: query.lang ?? 'vi' });
  }
}
