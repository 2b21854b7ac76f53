import { Body, Controller, Get, Header, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiProduces,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser } from '../auth/auth.decorators';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { DiagramQueryDto } from '../definitions/dto/diagram-query.dto';
import { CreateInstanceDto, HistoryEventDto, InstanceDto } from './dto/instance.dto';
import { InstanceDiagramService } from './instance-diagram.service';
import { InstancesService } from './instances.service';

@ApiTags('instances')
@ApiBearerAuth()
@Controller('api/instances')
export class InstancesController {
  constructor(
    private readonly instances: InstancesService,
    private readonly diagrams: InstanceDiagramService,
  ) {}

  @Post()
  @ApiCreatedResponse({ type: InstanceDto })
  create(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: CreateInstanceDto,
  ): Promise<InstanceDto> {
    return this.instances.create(user, body);
  }

  @Get(':id')
  @ApiOkResponse({ type: InstanceDto })
  read(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<InstanceDto> {
    return this.instances.read(user, id);
  }

  @Get(':id/history')
  @ApiOkResponse({ type: [HistoryEventDto] })
  history(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<HistoryEventDto[]> {
    return this.instances.historyOf(user, id);
  }

  /** The definition version's diagram with the current state and the path taken highlighted. */
  @Get(':id/diagram')
  @Header('Content-Type', 'image/svg+xml; charset=utf-8')
  @ApiProduces('image/svg+xml')
  @ApiQuery({ name: 'lang', required: false, enum: ['vi', 'en'] })
  diagram(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: DiagramQueryDto,
  ): Promise<string> {
    return this.diagrams.render(user, id, query.lang ?? 'vi');
  }
}
