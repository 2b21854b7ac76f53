import { Body, Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../../common/auth/auth.decorators';
import { type AuthenticatedUser } from '../../common/auth/authenticated-user';
import { CreateInstanceDto, HistoryEventDto, InstanceDto } from './dto/instance.dto';
import { InstancesService } from './instances.service';

@ApiTags('instances')
@ApiBearerAuth()
@Controller('api/instances')
export class InstancesController {
  constructor(private readonly instances: InstancesService) {}

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
}
