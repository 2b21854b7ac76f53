import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { type WorkflowDefinitionDocument } from '../../workflows/engine/definition.types';
import { type DefinitionStatus, WorkflowDefinition } from './workflow-definition.entity';

/** A version of a key with how many instances run on it. */
export interface DefinitionVersionSummary {
  key: string;
  version: number;
  status: DefinitionStatus;
  publishedAt: Date;
  instances: number;
  activeInstances: number;
}

export interface NewDefinitionVersion {
  key: string;
  version: number;
  title: string;
  document: WorkflowDefinitionDocument;
  contentHash: string;
  publishedBy: string | null;
  publishedAt: Date;
}

/** The one place `workflow_definitions` is read and written (versions are immutable but status). */
@Injectable()
export class DefinitionsRepository {
  /** Serialises publishers of one key until the transaction ends. */
  async lockKey(manager: EntityManager, key: string): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`definition:${key}`]);
  }

  findById(manager: EntityManager, id: string): Promise<WorkflowDefinition | null> {
    return manager.getRepository(WorkflowDefinition).findOneBy({ id });
  }

  findVersion(
    manager: EntityManager,
    key: string,
    version: number,
  ): Promise<WorkflowDefinition | null> {
    return manager.getRepository(WorkflowDefinition).findOneBy({ key, version });
  }

  /** The highest version of the key (only published ones when `publishedOnly`). */
  latest(
    manager: EntityManager,
    key: string,
    publishedOnly: boolean,
  ): Promise<WorkflowDefinition | null> {
    return manager.getRepository(WorkflowDefinition).findOne({
      where: publishedOnly ? { key, status: 'published' } : { key },
      order: { version: 'DESC' },
    });
  }

  /** The latest published version of each key, by key. */
  latestPublishedOfEachKey(manager: EntityManager): Promise<WorkflowDefinition[]> {
    return manager
      .getRepository(WorkflowDefinition)
      .createQueryBuilder('d')
      .distinctOn(['d.key'])
      .where(`d.status = 'published'`)
      .orderBy('d.key')
      .addOrderBy('d.version', 'DESC')
      .getMany();
  }

  async insert(manager: EntityManager, fields: NewDefinitionVersion): Promise<WorkflowDefinition> {
    const repository = manager.getRepository(WorkflowDefinition);
    const row = repository.create({ ...fields, status: 'published' });
    await repository.save(row);
    return row;
  }

  /** Sets a version's status; false when there is no such version. */
  async setStatus(
    manager: EntityManager,
    key: string,
    version: number,
    status: DefinitionStatus,
  ): Promise<boolean> {
    const updated = await manager
      .getRepository(WorkflowDefinition)
      .update({ key, version }, { status });
    return Boolean(updated.affected);
  }

  /** Every version of the key, newest first, with its instance counts. */
  async summaries(manager: EntityManager, key: string): Promise<DefinitionVersionSummary[]> {
    const rows = await manager.query<
      Array<{
        key: string;
        version: number;
        status: DefinitionStatus;
        published_at: Date;
        instances: string;
        active_instances: string;
      }>
    >(
      `SELECT d.key, d.version, d.status, d.published_at,
              count(i.id) AS instances,
              count(i.id) FILTER (WHERE i.status = 'active') AS active_instances
         FROM workflow_definitions d
         LEFT JOIN workflow_instances i ON i.definition_id = d.id
        WHERE d.key = $1
        GROUP BY d.id
        ORDER BY d.version DESC`,
      [key],
    );
    return rows.map((r) => ({
      key: r.key,
      version: r.version,
      status: r.status,
      publishedAt: r.published_at,
      instances: Number(r.instances),
      activeInstances: Number(r.active_instances),
    }));
  }
}
