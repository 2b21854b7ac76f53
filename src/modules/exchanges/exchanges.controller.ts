import { Body, Controller, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentUser } from '../auth/auth.decorators';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { ExchangeSentDto, SendExchangeDto } from './dto/exchange.dto';
import { ExchangesService } from './exchanges.service';

@ApiTags('exchanges')
@ApiBearerAuth()
@Controller('api/exchanges')
export class ExchangesController {
  constructor(private readonly exchanges: ExchangesService) {}

  @Post()
  @ApiOperation({
    summary: 'Send one two-way exchange (point 2) to several units',
    description:
      'One information-exchange case per recipient, drafted in the caller’s unit and sent at once; each reply step is due at the end of `replyBy` (Vietnam time) and the sender is notified (`replied`) of each reply.',
  })
  @ApiCreatedResponse({ type: ExchangeSentDto })
  @ApiForbiddenResponse({ description: 'The caller may not draft an exchange for their unit' })
  @ApiUnprocessableEntityResponse({
    description: 'An unknown, retired or own unit among the recipients, or a field out of bounds',
  })
  send(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: SendExchangeDto,
  ): Promise<ExchangeSentDto> {
    return this.exchanges.send(user, body);
  }
}
