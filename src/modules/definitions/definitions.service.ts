import { type AdminActor, AdminHistoryService } from '../admin-history/admin-history.service';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { type LRUCache } from 'lru-cache';
import { DataSource, type EntityManager } from 'typeorm';
import { boundedCache } from '../../common/cache/lru';
import { Clock } from '../../common/clock/clock';
import { currentLanguage } from '../../common/i18n/language';
import { type WorkflowDefinitionDocument } from '../../workflows/engine/definition.types';
import {
  type DefinitionLimits,
  type DefinitionProblem,
  type DefinitionVocabulary,
} from '../../workflows/engine/definition-validator';
import { withUpperBounds } from '../../forms/form-safety';
import { pointer } from '../../forms/json-pointer';
import { AppConfigService } from '../../config/app-config.service';
import { HeavyWorkService } from '../heavy-work/heavy-work.service';
import { type RunnableDefinition } from '../../workflows/engine/command-planner';
import { MachineFactory } from '../../workflows/engine/machine-factory';
import { canonicalJson } from '../history/hash-chain';
import { OrgUnitsService } from '../org-units/org-units.service';
import {
  type CandidateDefinition,
  type StatelyImportInput,
} from '../../workflows/import/stately-import';
import { USER_CAPABILITIES } from '../users/user.entity';
import { DefinitionInvalidError, DefinitionNotFoundError } from './definitions.errors';
import { type DefinitionStatus, type WorkflowDefinition } from './workflow-definition.entity';
import { type DefinitionVersionSummary, DefinitionsRepository } from './definitions.repository';

export interface PublishResult {
  key: string;
  version: number;
  /** False when the latest version already had exactly this content (nothing written). */
  created: boolean;
  /** `deprecated` when the identical latest version was deprecated: it stays so. */
  status: DefinitionStatus;
  /** Upper bounds added to the forms' strings and arrays that had none. */
  notices: DefinitionProblem[];
}

export { type DefinitionVersionSummary };

export interface StatelyImportReport {
  document: CandidateDefinition;
  problems: DefinitionProblem[];
  removed: string[];
}

/** Definition rows kept by id; as many as the machine cache keeps machines. */
const DEFINITION_CACHE_SIZE = 256;

/** A runnable definition's content address: equal documents, equal hash. */
function contentHashOf(document: WorkflowDefinitionDocument): string {
  return createHash('sha256').update(canonicalJson(document)).digest('hex');
}

/**
 * Published workflow definitions: validated, versioned, immutable. Running code always goes
 * through {@link DefinitionsService.runnable}, which builds each version's machine once.
 */
@Injectable()
export class DefinitionsService {
  private readonly machines = new MachineFactory();
  // Versions never change: the bound only caps memory, like the machine cache beside it.
  private readonly byId: LRUCache<string, WorkflowDefinition> = boundedCache(DEFINITION_CACHE_SIZE);
  readonly limits: DefinitionLimits;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly orgUnits: OrgUnitsService,
    private readonly heavyWork: HeavyWorkService,
    config: AppConfigService,
    private readonly repository: DefinitionsRepository,
    private readonly clock: Clock,
    private readonly adminHistory: AdminHistoryService,
  ) {
    this.limits = {
      maxStates: config.get('DEFINITION_MAX_STATES'),
      maxEvents: config.get('DEFINITION_MAX_EVENTS'),
      maxDepth: config.get('DEFINITION_MAX_DEPTH'),
      maxBytes: config.get('DEFINITION_MAX_BYTES'),
      forms: {
        maxStringLength: config.get('FORM_MAX_STRING_LENGTH'),
        maxItems: config.get('FORM_MAX_ITEMS'),
        maxUniqueItems: config.get('FORM_MAX_UNIQUE_ITEMS'),
      },
    };
  }

  /** What the organisation knows, for checking assignments. */
  async vocabulary(): Promise<DefinitionVocabulary> {
    const directory = await this.orgUnits.directory();
    return { unitKinds: [...directory.unitKinds()], capabilities: USER_CAPABILITIES };
  }

  /**
   * Every problem with a candidate document, as `{ path, message }` (empty when valid). Checked on
   * a heavy-work thread: a document's patterns and forms can take real time to prove safe.
   */
  async validate(document: unknown): Promise<DefinitionProblem[]> {
    return this.heavyWork.run(
      { kind: 'validate', document, vocabulary: await this.vocabulary(), limits: this.limits },
      'input',
      'The definition',
    );
  }

  /**
   * The document as it is published: every form string and array gets an upper bound if the author
   * left none, each one reported in the request's language.
   */
  withBoundedForms(document: WorkflowDefinitionDocument): {
    document: WorkflowDefinitionDocument;
    notices: DefinitionProblem[];
  } {
    const notices: DefinitionProblem[] = [];
    const events = Object.fromEntries(
      Object.entries(document.events).map(([type, spec]) => {
        if (!spec.form) return [type, spec];
        const { schema, added } = withUpperBounds(spec.form, this.limits.forms);
        const base = `${pointer('events', type)}/form`;
        const language = currentLanguage();
        notices.push(
          ...added.map((note) => ({
            path: `${base}${note.path}`,
            message: note.message[language],
          })),
        );
        return [type, { ...spec, form: schema }];
      }),
    );
    return { document: { ...document, events }, notices };
  }

  /**
   * Publishes a document as the next version of its key. Publishing the same content as the
   * latest version is a no-op, so seeding the built-in workflows is idempotent.
   */
  /**
   * `explained`: the admin's reason from the web app's confirmation; a new version published with
   * one also gets a `definition.publish` admin audit event (without one, as before: none).
   */
  async publish(
    document: unknown,
    publishedBy: string | null,
    explained?: { actor: AdminActor; reason: string },
  ): Promise<PublishResult> {
    const { document: valid, notices } = this.withBoundedForms(await this.validated(document));
    const contentHash = contentHashOf(valid);
    return this.dataSource.transaction(async (manager) => {
      // Serialises publishers of one key so two never take the same version number.
      await this.repository.lockKey(manager, valid.key);
      const latest = await this.repository.latest(manager, valid.key, false);
      if (latest?.contentHash === contentHash) {
        return {
          key: latest.key,
          version: latest.version,
          created: false,
          status: latest.status,
          notices,
        };
      }
      const row = await this.repository.insert(manager, {
        key: valid.key,
        version: (latest?.version ?? 0) + 1,
        title: valid.title.vi,
        document: valid,
        contentHash,
        publishedBy,
        publishedAt: this.clock.now(),
      });
      if (explained) {
        await this.adminHistory.record(manager, explained.actor, {
          action: 'definition.publish',
          targetType: 'definition',
          targetId: `${row.key}@${row.version}`,
          before: null,
          after: { key: row.key, version: row.version, contentHash },
          reason: explained.reason,
        });
      }
      return { key: row.key, version: row.version, created: true, status: row.status, notices };
    });
  }

  /** The latest published version of each key. */
  listLatest(): Promise<WorkflowDefinition[]> {
    return this.repository.latestPublishedOfEachKey(this.dataSource.manager);
  }

  /** The newest version new instances may start on: deprecated versions are skipped. */
  async latest(key: string): Promise<WorkflowDefinition> {
    const row = await this.repository.latest(this.dataSource.manager, key, true);
    if (!row) throw new DefinitionNotFoundError(key);
    return row;
  }

  /** One version, whatever its status. */
  async version(key: string, version: number): Promise<WorkflowDefinition> {
    const row = await this.repository.findVersion(this.dataSource.manager, key, version);
    if (!row) throw new DefinitionNotFoundError(key, version);
    return row;
  }

  async versions(key: string): Promise<DefinitionVersionSummary[]> {
    const rows = await this.repository.summaries(this.dataSource.manager, key);
    if (rows.length === 0) throw new DefinitionNotFoundError(key);
    return rows;
  }

  /**
   * Withdraws a version from new instances; instances already running on it keep working. Only the
   * status changes (the table's trigger allows nothing else), and deprecating twice is a no-op.
   */
  async deprecate(key: string, version: number): Promise<DefinitionVersionSummary> {
    const updated = await this.repository.setStatus(
      this.dataSource.manager,
      key,
      version,
      'deprecated',
    );
    if (!updated) throw new DefinitionNotFoundError(key, version);
    const summary = (await this.versions(key)).find((row) => row.version === version);
    if (!summary) throw new DefinitionNotFoundError(key, version);
    return summary;
  }

  /**
   * A draft document ready to run without being published (for simulation). Drafts are cached by
   * content hash, so the same draft builds its machine and forms once.
   *
   * @throws DefinitionInvalidError with paths under `pathPrefix` when the document is invalid
   */
  async draftRunnable(document: unknown, pathPrefix = ''): Promise<RunnableDefinition> {
    const valid = await this.validated(document, pathPrefix);
    const cacheKey = `draft:${contentHashOf(valid)}`;
    return { cacheKey, document: valid, machine: this.machines.machineFor(cacheKey, valid) };
  }

  /** Normalises a Stately export into a candidate document and reports what blocks publishing. */
  async importStately(input: StatelyImportInput): Promise<StatelyImportReport> {
    const report = await this.heavyWork.run(
      { kind: 'import-stately', input, vocabulary: await this.vocabulary(), limits: this.limits },
      'input',
      'The Stately machine',
    );
    // A machine past the limits is not imported at all: its problems are the whole answer.
    if (report.document === null) throw new DefinitionInvalidError(report.problems);
    return { document: report.document, problems: report.problems, removed: report.removed };
  }

  /** A published version by id, ready to run, read outside any transaction on a cache miss. */
  runnable(definitionId: string): Promise<RunnableDefinition & { row: WorkflowDefinition }> {
    return this.runnableIn(this.dataSource.manager, definitionId);
  }

  /**
   * A published version by id, ready to run. Versions never change, so they are cached; a cache
   * miss reads on the caller's transaction, never asking the pool for a second connection.
   */
  async runnableIn(
    manager: EntityManager,
    definitionId: string,
  ): Promise<RunnableDefinition & { row: WorkflowDefinition }> {
    let row = this.byId.get(definitionId);
    if (!row) {
      const found = await this.repository.findById(manager, definitionId);
      if (!found) throw new DefinitionNotFoundError(definitionId);
      row = found;
      this.byId.set(definitionId, row);
    }
    const cacheKey = `${row.key}@${row.version}`;
    return {
      row,
      cacheKey,
      document: row.document,
      machine: this.machines.machineFor(cacheKey, row.document),
    };
  }

  /** The document as a definition, or a 422 listing every problem (paths may be prefixed). */
  async validated(document: unknown, pathPrefix = ''): Promise<WorkflowDefinitionDocument> {
    const problems = await this.validate(document);
    if (problems.length > 0) throw new DefinitionInvalidError(problems, pathPrefix);
    return document as WorkflowDefinitionDocument;
  }
}
