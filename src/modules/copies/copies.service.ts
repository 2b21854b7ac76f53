import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { Clock } from '../../common/clock/clock';
import { DomainError, ForbiddenError } from '../../common/errors/domain-error';
import { ownEntry } from '../../workflows/engine/own-entry';
import { DefinitionsService } from '../definitions/definitions.service';
import { InstancesService } from '../instances/instances.service';
import { NotificationsService } from '../notifications/notifications.service';
import { OrgUnitsService } from '../org-units/org-units.service';
import { type CaseCopiesDto } from './dto/copy.dto';
import { CopiesRepository } from './copies.repository';

/**
 * Copies (nơi nhận): a case sent to units outside its route so they know it and may comment
 * (cho ý kiến). A recipient reads the case and writes in its thread as any reader does; it never
 * acts, because acting follows the step's assignment, which a copy does not change. Copies come
 * from a state's `copies` in the definition (sent as the case enters it) or from the official
 * handling the current step, who names the units.
 */
@Injectable()
export class CopiesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly instances: InstancesService,
    private readonly definitions: DefinitionsService,
    private readonly orgUnits: OrgUnitsService,
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
    private readonly repository: CopiesRepository,
  ) {}

  /**
   * Sends the case to the units in the caller's transaction and notifies the officials of each
   * unit that had not received it yet; a unit that has already gets nothing twice.
   * @returns the units newly sent to
   */
  async send(
    manager: EntityManager,
    copy: {
      instanceId: string;
      unitIds: readonly string[];
      state: string;
      sender: { id: string; orgUnitId: string };
    },
    at: Date,
  ): Promise<string[]> {
    const sent = await this.repository.insertNew(manager, {
      instanceId: copy.instanceId,
      unitIds: copy.unitIds,
      state: copy.state,
      sentBy: copy.sender.id,
      at,
    });
    if (sent.length === 0) return sent;
    const senderUnit = await this.repository.unitName(manager, copy.sender.orgUnitId);
    for (const unitId of sent) {
      await this.notifications.notify(
        manager,
        { unitId, capability: null },
        {
          kind: 'copied',
          instanceId: copy.instanceId,
          taskId: null,
          dedupeKey: `copied:${copy.instanceId}:${unitId}`,
          facts: { state: copy.state, dueAt: null, otherUnitName: senderUnit },
        },
      );
    }
    return sent;
  }

  /**
   * The official handling the current step names more recipients (gửi xin ý kiến). Only someone
   * who may act on the case now sends it on; a recipient cannot pass it further.
   */
  async sendByHandler(
    user: AuthenticatedUser,
    instanceId: string,
    orgUnitIds: readonly string[],
  ): Promise<CaseCopiesDto> {
    const instance = await this.instances.findReadable(user, instanceId);
    const directory = await this.orgUnits.directory();
    const [view, { document }] = await Promise.all([
      this.instances.view(user, instance, directory),
      this.definitions.runnable(instance.definitionId),
    ]);
    // The step's own actions: an event with an assignment of its own (the drafter's WITHDRAW
    // while a reviewer holds the step) does not make its holder the step's handler.
    const handlesStep = view.availableActions.some(
      (action) => !ownEntry(document.events, action.type)?.assignment,
    );
    if (view.status !== 'active' || !handlesStep) {
      throw new ForbiddenError(
        'Chỉ đơn vị đang xử lý bước hiện tại mới gửi xin ý kiến (only the unit handling the current step sends copies)',
      );
    }
    const details = orgUnitIds.flatMap((id, index) => {
      const unit = directory.unit(id);
      if (!unit)
        return [{ path: `/orgUnitIds/${index}`, message: 'Không có đơn vị này / No such unit' }];
      if (unit.retired) {
        return [
          {
            path: `/orgUnitIds/${index}`,
            message: 'Đơn vị đã sáp nhập hoặc giải thể / The unit was merged or retired',
          },
        ];
      }
      if (id === view.orgUnitId) {
        return [
          {
            path: `/orgUnitIds/${index}`,
            message: 'Đơn vị chủ trì đã có hồ sơ / The case’s own unit already has it',
          },
        ];
      }
      return [];
    });
    if (details.length > 0) {
      throw new DomainError(
        'validation-failed',
        'Nơi nhận không hợp lệ (invalid recipients)',
        details,
      );
    }
    await this.dataSource.transaction((manager) =>
      this.send(
        manager,
        { instanceId, unitIds: orgUnitIds, state: view.state, sender: user },
        this.clock.now(),
      ),
    );
    return this.list(user, instanceId);
  }

  /** The case's recipients and what each has said; for whoever may read the case. */
  async list(user: AuthenticatedUser, instanceId: string): Promise<CaseCopiesDto> {
    const instance = await this.instances.findReadable(user, instanceId);
    const [copies, { document }] = await Promise.all([
      this.repository.listForInstance(this.dataSource.manager, instanceId),
      this.definitions.runnable(instance.definitionId),
    ]);
    return {
      items: copies.map((copy) => ({
        ...copy,
        stateTitle: ownEntry(document.states, copy.state)?.title.vi ?? copy.state,
        commented: copy.comments.length > 0,
      })),
    };
  }
}
