import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';

/** Reminders and escalations whose time has come and that have not run yet. */
export interface TimersDue {
  reminders: number;
  escalations: number;
}

/**
 * The reads behind the operational gauges. Metrics own no table: this reads `workflow_tasks`
 * (the tasks module's) in one aggregate, kept here so the gauge holds no SQL.
 */
@Injectable()
export class MetricsRepository {
  async timersDue(manager: EntityManager, now: Date): Promise<TimersDue> {
    const [row] = await manager.query<Array<{ reminders: number; escalations: number }>>(
      `SELECT count(*) FILTER (
                WHERE reminded_at IS NULL AND overdue_at IS NULL AND remind_at <= $1
                  AND (due_at IS NULL OR due_at > $1))::int AS reminders,
              count(*) FILTER (WHERE overdue_at IS NULL AND due_at <= $1)::int AS escalations
         FROM workflow_tasks
        WHERE status = 'open' AND kind = 'step'`,
      [now],
    );
    return { reminders: row?.reminders ?? 0, escalations: row?.escalations ?? 0 };
  }
}
