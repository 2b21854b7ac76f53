import { Injectable } from '@nestjs/common';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { DomainError } from '../../common/errors/domain-error';
import { CommandsService } from '../commands/commands.service';
import { InstancesService } from '../instances/instances.service';
import { OrgUnitsService } from '../org-units/org-units.service';
import {
  type ExchangeItemDto,
  type ExchangeSentDto,
  type SendExchangeDto,
} from './dto/exchange.dto';

const EXCHANGE_KEY = 'information-exchange';

/**
 * Point 2 to several recipients: one `information-exchange` case per receiving unit, drafted in
 * the sender's unit and sent at once, so each recipient acknowledges and replies on its own
 * timeline (reply step due on the reply-by date) and the sender hears of each reply.
 */
@Injectable()
export class ExchangesService {
  constructor(
    private readonly instances: InstancesService,
    private readonly commands: CommandsService,
    private readonly orgUnits: OrgUnitsService,
  ) {}

  async send(user: AuthenticatedUser, dto: SendExchangeDto): Promise<ExchangeSentDto> {
    // Every recipient is checked before any case is created, so a typo sends nothing.
    const directory = await this.orgUnits.directory();
    dto.recipientUnitIds.forEach((unitId, index) => {
      const unit = directory.unit(unitId);
      const problem = !unit
        ? 'No such unit'
        : unit.retired
          ? 'The unit was merged or retired'
          : unitId === user.orgUnitId
            ? 'A unit does not send an exchange to itself'
            : null;
      if (problem) {
        throw new DomainError('validation-failed', problem, [
          { path: `/recipientUnitIds/${index}`, message: problem },
        ]);
      }
    });
    const items: ExchangeItemDto[] = [];
    for (const recipientUnitId of dto.recipientUnitIds) {
      const draft = await this.instances.create(user, {
        definitionKey: EXCHANGE_KEY,
        orgUnitId: user.orgUnitId,
        title: dto.title,
      });
      const answer = await this.commands.send(user, draft.id, {
        type: 'SUBMIT',
        data: {
          recipientUnitId,
          subject: dto.subject,
          content: dto.content,
          replyBy: dto.replyBy,
          ...(dto.documentNumber !== undefined ? { documentNumber: dto.documentNumber } : {}),
        },
      });
      items.push(
        answer.kind === 'applied'
          ? { recipientUnitId, instanceId: draft.id, status: 'sent' }
          : {
              recipientUnitId,
              instanceId: draft.id,
              status: 'pending',
              commandId: answer.commandId,
            },
      );
    }
    return { instanceIds: items.map((item) => item.instanceId), items };
  }
}
