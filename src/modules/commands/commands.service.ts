import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { DomainError, NotFoundError } from '../../common/errors/domain-error';
import { AppConfigService } from '../../config/app-config.service';
import { CommandQueue } from '../../queue/command-queue.service';
import { fourEyesSteps, prepareCommand } from '../../workflows/engine/command-planner';
import { DefinitionsService } from '../definitions/definitions.service';
import { DelegationsService } from '../delegations/delegations.service';
import { canonicalHash } from '../history/hash-chain';
import { isLargeDocument } from '../../forms/form-validator';
import { HeavyWorkService } from '../heavy-work/heavy-work.service';
import { HistoryService } from '../history/history.service';
import { type InstanceDto } from '../instances/dto/instance.dto';
import { InstancesService } from '../instances/instances.service';
import { type WorkflowInstance } from '../instances/workflow-instance.entity';
import { OrgUnitsService } from '../org-units/org-units.service';
import { CommandOutcomeWaiter } from './command-outcome-waiter.service';
import { type CommandStatusDto, type SendCommandDto } from './dto/command.dto';
import { WorkflowCommand } from './workflow-command.entity';
import { HolidaysService } from '../holidays/holidays.service';
import { FormChecksService } from '../heavy-work/form-checks.service';
import { type JsonObject } from '../../common/json/json.types';

export type CommandAnswer =
  { kind: 'applied'; instance: InstanceDto } | { kind: 'pending'; commandId: string };

const MAX_IDEMPOTENCY_KEY = 200;
/** How much longer than the wait a slow enqueue may take: the answer stays within the wait + 1 s. */
const ENQUEUE_GRACE_MS = 500;

/**
 * The API's side of the pipeline: refuse what can be refused at once, record the command in
 * PostgreSQL, queue its id, and wait a bounded time for the worker's outcome.
 */
@Injectable()
export class CommandsService {
  private readonly logger = new Logger(CommandsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly instances: InstancesService,
    private readonly definitions: DefinitionsService,
    private readonly orgUnits: OrgUnitsService,
    private readonly queue: CommandQueue,
    private readonly waiter: CommandOutcomeWaiter,
    private readonly config: AppConfigService,
    private readonly delegations: DelegationsService,
    private readonly history: HistoryService,
    private readonly holidays: HolidaysService,
    private readonly formChecks: FormChecksService,
    private readonly heavyWork: HeavyWorkService,
  ) {}

  async send(
    user: AuthenticatedUser,
    instanceId: string,
    dto: SendCommandDto,
    idempotencyKey?: string,
  ): Promise<CommandAnswer> {
    const key = normaliseIdempotencyKey(idempotencyKey);
    // Hashed once, and only when needed: a refused request never pays for hashing its document.
    let hashing: Promise<string> | undefined;
    const requestHash = (): Promise<string> => (hashing ??= this.hashRequest(instanceId, dto));
    if (key) {
      const earlier = await this.findByKey(user.id, key);
      if (earlier) return this.answerAgain(user, earlier, instanceId, dto, await requestHash());
    }

    let instance: WorkflowInstance;
    try {
      instance = await this.precheck(user, instanceId, dto);
    } catch (error) {
      // A request with the same key may have been accepted and applied since it was looked up:
      // the refusal was computed on the state that command produced, so answer as it does.
      const earlier = key ? await this.findByKey(user.id, key) : null;
      if (earlier) return this.answerAgain(user, earlier, instanceId, dto, await requestHash());
      throw error;
    }

    // The answer is due within COMMAND_WAIT_MS of now, whatever Redis does.
    const deadline = Date.now() + this.config.get('COMMAND_WAIT_MS');
    const inserted = await this.dataSource.query<Array<{ id: string }>>(
      `INSERT INTO workflow_commands (instance_id, type, data, comment, actor_id, idempotency_key, expected_version, request_hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (actor_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
       RETURNING id`,
      [
        instance.id,
        dto.type,
        dto.data ?? null,
        dto.comment ?? null,
        user.id,
        key ?? null,
        // Without an explicit version the caller acted on what it just read: if another command
        // lands first, this one is a conflict, not a surprise on a state the caller never saw.
        dto.expectedVersion ?? instance.version,
        await requestHash(),
      ],
    );
    if (inserted.length === 0 && key) {
      // The same key raced in from a concurrent request: answer as that one does.
      const earlier = await this.findByKey(user.id, key);
      if (earlier) return this.answerAgain(user, earlier, instanceId, dto, await requestHash());
    }
    const commandId = inserted[0].id;
    await this.enqueueWithin(commandId, deadline - Date.now() + ENQUEUE_GRACE_MS);
    return this.answer(user, commandId, deadline - Date.now());
  }

  /**
   * Queues the command, waiting at most `ms` for Redis. Recorded is accepted: when Redis is down
   * or slow, the request goes on (and answers 202 once the wait runs out); the add still pending
   * in the Redis client lands when Redis is back, and the sweeper queues whatever is still pending
   * after its grace period. The job id is the command id and the worker applies a command only
   * while it is pending, so neither path can apply it twice.
   */
  private async enqueueWithin(commandId: string, ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), Math.max(ms, 0));
    });
    const queued = this.queue.enqueue(commandId).then(
      () => 'queued' as const,
      (error: unknown) => {
        this.logger.warn(`Could not queue command ${commandId}: ${(error as Error).message}`);
        return 'failed' as const;
      },
    );
    try {
      if ((await Promise.race([queued, timedOut])) === 'timeout') {
        this.logger.warn(
          `Redis did not take command ${commandId} within ${ms} ms; it stays pending in PostgreSQL`,
        );
      }
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Refuses at once what the worker would refuse anyway (stale version, event not allowed, not the
   * caller's, invalid form). The worker decides again under the row lock; only its decision is
   * written.
   */
  private async precheck(
    user: AuthenticatedUser,
    instanceId: string,
    dto: SendCommandDto,
  ): Promise<WorkflowInstance> {
    const instance = await this.instances.findReadable(user, instanceId);
    if (dto.expectedVersion !== undefined && dto.expectedVersion !== instance.version) {
      throw await this.conflict(user, instance, dto.expectedVersion);
    }
    const definition = await this.definitions.runnable(instance.definitionId);
    // Parsed from a JSON body, so the data is JSON by construction.
    const command = {
      type: dto.type,
      data: dto.data as JsonObject | undefined,
      comment: dto.comment,
    };
    const actor = await this.delegations.actorFacts(user);
    const stepActors = await this.history.stepActors(
      this.dataSource.manager,
      instance.id,
      fourEyesSteps(definition.document, instance.state),
    );
    const prepared = prepareCommand(
      definition,
      { ...instance, stepActors },
      actor,
      command,
      await this.orgUnits.directory(),
      new Date(),
      await this.holidays.calendar(),
    );
    // A big document is validated off the event loop; the refusals keep their order.
    await this.formChecks.assertValid(prepared.formCheck);
    prepared.finish();
    return instance;
  }

  async status(user: AuthenticatedUser, commandId: string): Promise<CommandStatusDto> {
    const command = await this.dataSource
      .getRepository(WorkflowCommand)
      .findOneBy({ id: commandId });
    if (!command) throw new NotFoundError('Command', commandId);
    if (command.actorId !== user.id) await this.instances.findReadable(user, command.instanceId);
    return {
      id: command.id,
      instanceId: command.instanceId,
      type: command.type,
      status: command.status,
      ...(command.error ? { error: command.error } : {}),
      ...(command.instanceVersion !== null ? { instanceVersion: command.instanceVersion } : {}),
      createdAt: command.createdAt,
      ...(command.processedAt ? { processedAt: command.processedAt } : {}),
    };
  }

  private async answer(
    user: AuthenticatedUser,
    commandId: string,
    waitMs: number = this.config.get('COMMAND_WAIT_MS'),
  ): Promise<CommandAnswer> {
    const command = await this.waiter.waitFor(commandId, Math.max(waitMs, 0));
    switch (command.status) {
      case 'pending':
        return { kind: 'pending', commandId };
      case 'applied':
        return { kind: 'applied', instance: await this.instances.read(user, command.instanceId) };
      case 'rejected': {
        const error = command.error ?? { code: 'conflict', message: 'Rejected' };
        if (error.code === 'conflict') {
          const instance = await this.instances.findReadable(user, command.instanceId);
          throw await this.conflict(user, instance, command.expectedVersion, error.message);
        }
        throw new DomainError(
          error.code,
          error.message,
          error.details,
          error.allowedEvents ? { allowedEvents: error.allowedEvents } : undefined,
        );
      }
    }
  }

  private answerAgain(
    user: AuthenticatedUser,
    earlier: WorkflowCommand,
    instanceId: string,
    dto: SendCommandDto,
    requestHash: string,
  ): Promise<CommandAnswer> {
    const sameRequest =
      earlier.requestHash !== null
        ? earlier.requestHash === requestHash
        : earlier.instanceId === instanceId && earlier.type === dto.type;
    if (!sameRequest) {
      throw new DomainError(
        'idempotency-key-reused',
        'This Idempotency-Key was already used for a different request',
        [
          {
            path: 'Idempotency-Key',
            message: `Used for another ${earlier.type} request on instance ${earlier.instanceId}`,
          },
        ],
      );
    }
    return this.answer(user, earlier.id);
  }

  /**
   * The hash that tells a retry (same Idempotency-Key, same request) from a different request.
   * Hashing a big document's canonical JSON takes tens of milliseconds: it runs off the event loop.
   */
  private async hashRequest(instanceId: string, dto: SendCommandDto): Promise<string> {
    const request = {
      instanceId,
      type: dto.type,
      data: dto.data ?? null,
      comment: dto.comment ?? null,
      expectedVersion: dto.expectedVersion ?? null,
    };
    return isLargeDocument(request.data, this.config.get('FORM_INLINE_MAX_NODES'))
      ? this.heavyWork.run({ kind: 'canonical-hash', value: request }, 'service', 'The request hash')
      : canonicalHash(request);
  }

  private findByKey(actorId: string, key: string): Promise<WorkflowCommand | null> {
    return this.dataSource
      .getRepository(WorkflowCommand)
      .findOneBy({ actorId, idempotencyKey: key });
  }

  private async conflict(
    user: AuthenticatedUser,
    instance: WorkflowInstance,
    expected: number | null,
    message?: string,
  ): Promise<DomainError> {
    const current = await this.instances.read(user, instance.id);
    return new DomainError(
      'conflict',
      message ??
        `The instance is at version ${current.version}, not ${expected ?? '?'}: someone acted first`,
      undefined,
      { instance: current },
    );
  }
}

/** What a request asks, as a digest: equal for a retry, different for any other body or target. */


function normaliseIdempotencyKey(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const key = raw.trim();
  if (key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY) {
    throw new DomainError('bad-request', 'Idempotency-Key must be 1 to 200 characters', [
      { path: 'Idempotency-Key', message: 'Invalid length' },
    ]);
  }
  return key;
}
