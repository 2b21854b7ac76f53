import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { DomainError, NotFoundError } from '../../common/errors/domain-error';
import { AppConfigService } from '../../config/app-config.service';
import { CommandQueue } from '../../queue/command-queue.service';
import {
  fourEyesSteps,
  prepareCommand,
  type StepActors,
} from '../../workflows/engine/command-planner';
import { DefinitionsService } from '../definitions/definitions.service';
import { canonicalHash } from '../history/hash-chain';
import { isLargeDocument } from '../../forms/form-validator';
import { HeavyWorkService } from '../heavy-work/heavy-work.service';
import { type InstanceDto } from '../instances/dto/instance.dto';
import { InstancesService } from '../instances/instances.service';
import { type WorkflowInstance } from '../instances/workflow-instance.entity';
import { OrgUnitsService } from '../org-units/org-units.service';
import { CommandOutcomeWaiter } from './command-outcome-waiter.service';
import {
  type CommandOutcome,
  CommandsRepository,
  type PrecheckFacts,
} from './commands.repository';
import { SEND_BACK_EVENTS } from '../history/history-event-types';
import { type CommandStatusDto, type SendCommandDto } from './dto/command.dto';
import { type WorkflowCommand } from './workflow-command.entity';
import { Clock } from '../../common/clock/clock';
import { type ActingIdentity, actorFactsOf } from '../delegations/acting-identity';
import { identitiesFrom } from '../delegations/delegations.service';
import { HolidaysService } from '../holidays/holidays.service';
import { FormChecksService } from '../heavy-work/form-checks.service';
import { type JsonObject } from '../../common/json/json.types';
import { containsLargeJson, toWire } from '../../common/json/large-json';

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
    private readonly holidays: HolidaysService,
    private readonly commands: CommandsRepository,
    private readonly clock: Clock,
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
    const now = this.clock.now();
    // One round trip for everything the pre-check reads; definitions, the org directory and the
    // holidays come from their caches.
    const facts = await this.commands.precheckFacts(this.dataSource.manager, {
      userId: user.id,
      orgUnitId: user.orgUnitId,
      instanceId,
      idempotencyKey: key ?? null,
      now,
    });
    if (key && facts.earlierCommandId) {
      const earlier = await this.findByKey(user.id, key);
      if (earlier) return this.answerAgain(user, earlier, instanceId, dto, await requestHash());
    }

    // The caller's identities (own and delegated) are read once per request: the pre-check, the
    // readability check and the answer's available actions all use these.
    const identities = identitiesFrom(user, facts.delegators);
    // The earlier command under the key and the instance were read in one snapshot, so a refusal
    // here is never computed on the effect of a same-key request accepted meanwhile.
    const checked = await this.precheck(user, instanceId, dto, identities, facts);
    const { instance } = checked;

    // The answer is due within COMMAND_WAIT_MS of now, whatever Redis does.
    const deadline = Date.now() + this.config.get('COMMAND_WAIT_MS');
    const commandId = await this.commands.insert(this.dataSource.manager, {
      instanceId: instance.id,
      type: dto.type,
      // Parsed from a JSON body, so the data is JSON by construction.
      data: (dto.data as JsonObject | undefined) ?? null,
      comment: dto.comment ?? null,
      actorId: user.id,
      idempotencyKey: key ?? null,
      // Without an explicit version the caller acted on what it just read: if another command
      // lands first, this one is a conflict, not a surprise on a state the caller never saw.
      expectedVersion: dto.expectedVersion ?? instance.version,
      requestHash: await requestHash(),
    });
    if (commandId === null) {
      // The same key raced in from a concurrent request: answer as that one does.
      const earlier = key ? await this.findByKey(user.id, key) : null;
      if (earlier) return this.answerAgain(user, earlier, instanceId, dto, await requestHash());
      throw new Error(`Command for instance ${instance.id} was neither recorded nor found`);
    }
    // Listening before the enqueue: a worker that decides at once cannot notify into a gap.
    const wait = this.waiter.start(commandId);
    try {
      await this.enqueueWithin(commandId, deadline - Date.now() + ENQUEUE_GRACE_MS);
    } catch (error) {
      wait.cancel();
      throw error;
    }
    const outcome = await wait.result(Math.max(deadline - Date.now(), 0), true);
    return this.answerWith(user, outcome, identities, {
      ...checked,
      type: dto.type,
      comment: dto.comment ?? null,
    });
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
    identities: readonly ActingIdentity[],
    facts: PrecheckFacts,
  ): Promise<Checked> {
    const instance = await this.instances.readableFrom(
      user,
      instanceId,
      facts.instance,
      facts.readability,
      identities,
    );
    if (dto.expectedVersion !== undefined && dto.expectedVersion !== instance.version) {
      throw await this.conflict(user, instance, dto.expectedVersion, undefined, identities);
    }
    const definition = await this.definitions.runnable(instance.definitionId);
    // Parsed from a JSON body, so the data is JSON by construction.
    const command = {
      type: dto.type,
      data: dto.data as JsonObject | undefined,
      comment: dto.comment,
    };
    const actor = actorFactsOf(identities);
    const stepActors = stepActorsIn(
      facts.actorsByStep,
      fourEyesSteps(definition.document, instance.state),
    );
    const prepared = prepareCommand(
      definition,
      { ...instance, stepActors },
      actor,
      command,
      await this.orgUnits.directory(),
      this.clock.now(),
      await this.holidays.calendar(),
    );
    // A big document is validated off the event loop; the refusals keep their order.
    await this.formChecks.assertValid(prepared.formCheck);
    prepared.finish();
    return { instance, actorsByStep: facts.actorsByStep };
  }

  async status(user: AuthenticatedUser, commandId: string): Promise<CommandStatusDto> {
    const command = await this.commands.findById(this.dataSource.manager, commandId);
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

  private async answer(user: AuthenticatedUser, commandId: string): Promise<CommandAnswer> {
    const outcome = await this.waiter.waitFor(commandId, this.config.get('COMMAND_WAIT_MS'));
    return this.answerWith(user, outcome);
  }

  /**
   * The answer to a command from its outcome as the worker reported it. `before`: what this
   * request's pre-check read, so an applied outcome whose payload carries the instance is answered
   * without reading it again.
   */
  private async answerWith(
    user: AuthenticatedUser,
    command: CommandOutcome,
    identities?: readonly ActingIdentity[],
    before?: Checked & { type: string; comment: string | null },
  ): Promise<CommandAnswer> {
    switch (command.status) {
      case 'pending':
        return { kind: 'pending', commandId: command.id };
      case 'applied':
        return {
          kind: 'applied',
          instance:
            (identities && before && (await this.appliedView(user, command, identities, before))) ??
            (await this.instances.read(user, command.instanceId, identities)),
        };
      case 'rejected': {
        const error = command.error ?? { code: 'conflict', message: 'Rejected' };
        if (error.code === 'conflict') {
          const instance = await this.instances.findReadable(user, command.instanceId, identities);
          throw await this.conflict(
            user,
            instance,
            command.expectedVersion,
            error.message,
            identities,
          );
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

  /**
   * The instance as `instances.read` would show it after the command, built from the pre-check's
   * read and the worker's payload; undefined when the payload does not carry it (too big for a
   * notification, or read back from the row) and the caller reads. Exact because the command
   * applied on the version the pre-check read (the version check): the history is the
   * pre-check's plus this command's one event, which the payload describes.
   */
  private async appliedView(
    user: AuthenticatedUser,
    outcome: CommandOutcome,
    identities: readonly ActingIdentity[],
    before: Checked & { type: string; comment: string | null },
  ): Promise<InstanceDto | undefined> {
    const after = outcome.instance;
    const { instance } = before;
    if (!after || after.version !== instance.version + 1) return undefined;
    const { event } = after;
    const definition = await this.definitions.runnable(after.definitionId);
    // The command's event counts in the state it left (HistoryRepository.actorsBySteps).
    const step = event.fromState ?? event.toState;
    const acted = [user.id, ...(event.onBehalfOfId ? [event.onBehalfOfId] : [])];
    const actorsByStep: StepActors = {
      ...before.actorsByStep,
      [step]: [...new Set([...(before.actorsByStep[step] ?? []), ...acted])].sort(),
    };
    const applied: WorkflowInstance = {
      ...instance,
      definitionId: after.definitionId,
      definitionVersion: after.definitionVersion,
      state: after.state,
      status: after.status,
      version: after.version,
      snapshot: after.snapshot,
      data: after.data ?? after.snapshot.context.data,
      historyHead: after.historyHead,
      document: after.document,
      updatedAt: new Date(after.updatedAt),
    };
    const view = await this.instances.view(
      user,
      applied,
      await this.orgUnits.directory(),
      identities,
      { stepActors: stepActorsIn(actorsByStep, fourEyesSteps(definition.document, after.state)) },
    );
    // The newest event is the command's: a notice when it sent the case back into where it is
    // (as HistoryRepository.lastSendBacks).
    const returned =
      SEND_BACK_EVENTS.includes(before.type) && event.toState === after.state
        ? {
            type: before.type,
            by: { id: user.id, username: event.actorUsername, fullName: event.actorFullName },
            byOrgUnitId: event.actorOrgUnitId,
            at: new Date(event.at),
            comment: before.comment,
          }
        : null;
    return { ...view, returned };
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
    return containsLargeJson(request.data) ||
      isLargeDocument(request.data, this.config.get('FORM_INLINE_MAX_NODES'))
      ? this.heavyWork.run(
          { kind: 'canonical-hash', value: toWire(request) },
          'service',
          'The request hash',
        )
      : canonicalHash(request);
  }

  private findByKey(actorId: string, key: string): Promise<WorkflowCommand | null> {
    return this.commands.findByKey(this.dataSource.manager, actorId, key);
  }

  private async conflict(
    user: AuthenticatedUser,
    instance: WorkflowInstance,
    expected: number | null,
    message?: string,
    identities?: readonly ActingIdentity[],
  ): Promise<DomainError> {
    const current = await this.instances.read(user, instance.id, identities);
    return new DomainError(
      'conflict',
      message ??
        `The instance is at version ${current.version}, not ${expected ?? '?'}: someone acted first`,
      undefined,
      { instance: current },
    );
  }
}

/** What the pre-check read and passed, kept to build the answer. */
interface Checked {
  instance: WorkflowInstance;
  actorsByStep: StepActors;
}

/** The four-eyes actors of `steps`, as HistoryService.stepActors answers for them. */
function stepActorsIn(all: StepActors, steps: readonly string[]): StepActors | undefined {
  if (steps.length === 0) return undefined;
  return Object.fromEntries(
    steps.filter((step) => Object.hasOwn(all, step)).map((step) => [step, all[step]]),
  );
}

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
