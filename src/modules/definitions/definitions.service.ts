import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError, NotFoundError } from '../../common/errors/domain-error';
import { type WorkflowDefinitionDocument } from '../../workflows/engine/definition.types';
import { validateDefinition } from '../../workflows/engine/definition-validator';
import { type RunnableDefinition } from '../../workflows/engine/command-planner';
import { MachineFactory } from '../../workflows/engine/machine-factory';
import { canonicalJson } from '../history/hash-chain';
import { OrgUnitsService } from '../org-units/org-units.service';
import { USER_CAPABILITIES } from '../users/user.entity';
import { WorkflowDefinition } from './workflow-definition.entity';

export interface PublishResult {
  key: string;
  version: number;
  /** False when the latest version already had exactly this content (nothing written). */
  created: boolean;
}

export interface DefinitionVersionSummary {
  key: string;
  version: number;
  status: string;
  publishedAt: Date;
  instances: number;
}

/**
 * Published workflow definitions: validated, versioned, immutable. Running code always goes
 * through {@link DefinitionsService.runnable}, which builds each version's machine once.
 */
@Injectable()
export class DefinitionsService {
  private readonly machines = new MachineFactory();
  private readonly byId = new Map<string, WorkflowDefinition>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly orgUnits: OrgUnitsService,
  ) {}

  /** Every problem with a candidate document, as `{ path, message }` (empty when valid). */
  async validate(document: unknown): Promise<Array<{ path: string; message: string }>> {
    const directory = await this.orgUnits.directory();
    return validateDefinition(document, {
      unitKinds: directory.unitKinds(),
      capabilities: USER_CAPABILITIES,
    });
  }

  /**
   * Publishes a document as the next version of its key. Publishing the same content as the
   * latest version is a no-op, so seeding the built-in workflows is idempotent.
   */
  async publish(document: unknown, publishedBy: string | null): Promise<PublishResult> {
    const problems = await this.validate(document);
    if (problems.length > 0) {
      throw new DomainError('definition-invalid', 'The workflow definition is invalid', problems);
    }
    const valid = document as WorkflowDefinitionDocument;
    const contentHash = createHash('sha256').update(canonicalJson(valid)).digest('hex');
    return this.dataSource.transaction(async (manager) => {
      // Serialises publishers of one key so two never take the same version number.
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
        `definition:${valid.key}`,
      ]);
      const latest = await this.latestRow(manager, valid.key);
      if (latest?.contentHash === contentHash) {
        return { key: latest.key, version: latest.version, created: false };
      }
      const row = manager.getRepository(WorkflowDefinition).create({
        key: valid.key,
        version: (latest?.version ?? 0) + 1,
        title: valid.title.vi,
        document: valid,
        contentHash,
        status: 'published',
        publishedBy,
        publishedAt: new Date(),
      });
      await manager.getRepository(WorkflowDefinition).save(row);
      return { key: row.key, version: row.version, created: true };
    });
  }

  /** The latest published version of each key. */
  listLatest(): Promise<WorkflowDefinition[]> {
    return this.dataSource
      .getRepository(WorkflowDefinition)
      .createQueryBuilder('d')
      .distinctOn(['d.key'])
      .where(`d.status = 'published'`)
      .orderBy('d.key')
      .addOrderBy('d.version', 'DESC')
      .getMany();
  }

  async latest(key: string): Promise<WorkflowDefinition> {
    const row = await this.latestRow(this.dataSource.manager, key, true);
    if (!row) throw new NotFoundError('Workflow definition', key);
    return row;
  }

  async versions(key: string): Promise<DefinitionVersionSummary[]> {
    const rows = await this.dataSource.query<
      Array<{ key: string; version: number; status: string; published_at: Date; instances: string }>
    >(
      `SELECT d.key, d.version, d.status, d.published_at,
              (SELECT count(*) FROM workflow_instances i WHERE i.definition_id = d.id) AS instances
         FROM workflow_definitions d WHERE d.key = $1 ORDER BY d.version DESC`,
      [key],
    );
    if (rows.length === 0) throw new NotFoundError('Workflow definition', key);
    return rows.map((r) => ({
      key: r.key,
      version: r.version,
      status: r.status,
      publishedAt: r.published_at,
      instances: Number(r.instances),
    }));
  }

  /** A published version by id, ready to run. Versions never change, so they are cached for good. */
  async runnable(definitionId: string): Promise<RunnableDefinition & { row: WorkflowDefinition }> {
    let row = this.byId.get(definitionId);
    if (!row) {
      const found = await this.dataSource
        .getRepository(WorkflowDefinition)
        .findOneBy({ id: definitionId });
      if (!found) throw new NotFoundError('Workflow definition version', definitionId);
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

  private latestRow(
    manager: EntityManager,
    key: string,
    publishedOnly = false,
  ): Promise<WorkflowDefinition | null> {
    return manager.getRepository(WorkflowDefinition).findOne({
      where: publishedOnly ? { key, status: 'published' } : { key },
      order: { version: 'DESC' },
    });
  }
}
