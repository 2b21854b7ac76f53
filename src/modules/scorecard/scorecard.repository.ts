import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { timestampKeySql } from '../../common/pagination/keyset-cursor';
import { type ScorecardBucket } from './dto/scorecard.dto';

export type CountedBucket = Exclude<ScorecardBucket, 'notStarted'>;

/** A period `[from, to)` of instance creation, and the time buckets are judged at. */
export interface ScorecardPeriod {
  from: Date;
  to: Date;
  now: Date;
}

export interface BucketCount {
  orgUnitId: string;
  definitionKey: string;
  bucket: CountedBucket;
  n: number;
}

export interface ScorecardInstanceRecord {
  id: string;
  definitionKey: string;
  title: string;
  orgUnitId: string;
  state: string;
  status: string;
  bucket: ScorecardBucket;
  createdAt: Date;
  updatedAt: Date;
  dueAt: Date | null;
  /** `created_at` at full precision, for the cursor. */
  sortKey: string;
}

/**
 * An instance's bucket as of `$now` (the first parameter). Late: some step was completed after its
 * deadline; overdue: a step still open is past its deadline.
 */
const BUCKET_SQL = `
  CASE
    WHEN i.status = 'cancelled' THEN 'cancelled'
    WHEN i.status = 'completed' THEN
      CASE WHEN EXISTS (SELECT 1 FROM workflow_tasks t
                         WHERE t.instance_id = i.id AND t.status = 'done' AND t.closed_at > t.due_at)
           THEN 'late' ELSE 'onTime' END
    WHEN EXISTS (SELECT 1 FROM workflow_tasks t
                  WHERE t.instance_id = i.id AND t.status = 'open' AND t.due_at < $1)
      THEN 'overdue'
    ELSE 'inProgress'
  END`;

/** The scorecard's reads of instances and their tasks (the instances and tasks modules write them). */
@Injectable()
export class ScorecardRepository {
  /** Instances created in the period, counted by unit, workflow and bucket. */
  async bucketCounts(
    manager: EntityManager,
    period: ScorecardPeriod,
    definitionKey: string | undefined,
  ): Promise<BucketCount[]> {
    const params: unknown[] = [period.now, period.from, period.to];
    let byKey = '';
    if (definitionKey) {
      params.push(definitionKey);
      byKey = `AND i.definition_key = $4`;
    }
    const rows = await manager.query<
      Array<{ org_unit_id: string; definition_key: string; bucket: CountedBucket; n: number }>
    >(
      `SELECT i.org_unit_id, i.definition_key, ${BUCKET_SQL} AS bucket, count(*)::int AS n
         FROM workflow_instances i
        WHERE i.created_at >= $2 AND i.created_at < $3 ${byKey}
        GROUP BY 1, 2, 3`,
      params,
    );
    return rows.map((row) => ({
      orgUnitId: row.org_unit_id,
      definitionKey: row.definition_key,
      bucket: row.bucket,
      n: row.n,
    }));
  }

  /** The instances of one bucket, by creation, after the cursor `(createdAt, id)`. */
  async bucketInstances(
    manager: EntityManager,
    period: ScorecardPeriod,
    filter: { definitionKey: string; orgUnitIds: readonly string[]; bucket: CountedBucket },
    after: { at: string; id: string } | null,
    limit: number,
  ): Promise<ScorecardInstanceRecord[]> {
    const params: unknown[] = [
      period.now,
      period.from,
      period.to,
      filter.definitionKey,
      filter.orgUnitIds,
      filter.bucket,
    ];
    let afterSql = '';
    if (after) {
      params.push(after.at, after.id);
      afterSql = `AND (i.created_at, i.id) > ($7::timestamptz, $8::uuid)`;
    }
    params.push(limit);
    const rows = await manager.query<
      Array<{
        id: string;
        definition_key: string;
        title: string;
        org_unit_id: string;
        state: string;
        status: string;
        bucket: ScorecardBucket;
        created_at: Date;
        updated_at: Date;
        due_at: Date | null;
        sort_key: string;
      }>
    >(
      `SELECT * FROM (
         SELECT i.id, i.definition_key, i.title, i.org_unit_id, i.state, i.status, i.created_at,
                i.updated_at, ${BUCKET_SQL} AS bucket, ${timestampKeySql('i.created_at')} AS sort_key,
                (SELECT min(t.due_at) FROM workflow_tasks t
                  WHERE t.instance_id = i.id AND t.status = 'open') AS due_at
           FROM workflow_instances i
          WHERE i.created_at >= $2 AND i.created_at < $3 AND i.definition_key = $4
            AND i.org_unit_id = ANY($5::uuid[]) ${afterSql}
       ) i
       WHERE i.bucket = $6
       ORDER BY i.created_at, i.id
       LIMIT $${params.length}`,
      params,
    );
    return rows.map((row) => ({
      id: row.id,
      definitionKey: row.definition_key,
      title: row.title,
      orgUnitId: row.org_unit_id,
      state: row.state,
      status: row.status,
      bucket: row.bucket,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      dueAt: row.due_at,
      sortKey: row.sort_key,
    }));
  }
}
