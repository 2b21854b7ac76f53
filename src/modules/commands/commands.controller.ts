import { Body, Controller, Get, Headers, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { type Response } from 'express';
import { CurrentUser } from '../auth/auth.decorators';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { InstanceDto } from '../instances/dto/instance.dto';
import { CommandsService } from './commands.service';
import { CommandAcceptedDto, CommandStatusDto, SendCommandDto } from './dto/command.dto';

@ApiTags('commands')
@ApiBearerAuth()
@Controller('api')
export class CommandsController {
  constructor(private readonly commands: CommandsService) {}

  @Post('instances/:id/commands')
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiOkResponse({ type: InstanceDto, description: 'Applied; the instance after the command' })
  @ApiAcceptedResponse({
    type: CommandAcceptedDto,
    description: 'Not applied within the wait; poll it',
  })
  @ApiConflictResponse({
    description: 'Stale expectedVersion or lost race; body carries `instance`',
  })
  @ApiForbiddenResponse({ description: 'Not this caller’s to act' })
  @ApiUnprocessableEntityResponse({ description: 'Event not allowed now, or form invalid' })
  async send(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: SendCommandDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<InstanceDto | CommandAcceptedDto> {
    const answer = await this.commands.send(user, id, body, idempotencyKey);
    if (answer.kind === 'pending') {
      response.status(202);
      return { commandId: answer.commandId, status: 'pending' };
    }
    response.status(200);
    return answer.instance;
  }

  @Get('commands/:id')
  @ApiOkResponse({ type: CommandStatusDto })
  status(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<CommandStatusDto> {
    return this.commands.status(user, id);
  }
}
