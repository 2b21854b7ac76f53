import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import { type DataSource } from 'typeorm';
import { AfterCommit } from '../../src/database/after-commit.service';
import { expectStatus, sleep, WorkflowFactory } from '../factories/workflow-factory';
import { type TestApp } from '../utils/test-app';
import { type JsonObject } from '../../src/common/json/json.types';
import { type components } from '../../web/src/api/schema';

/** A notification as GET /api/notifications lists it. */
export type NotificationBody = components['schemas']['NotificationDto'];

export interface TaskRow {
  id: string;
  state: string;
  status: string;
  kind: string;
  assignee_unit_id: string;
  due_at: Date | null;
  remind_at: Date | null;
  reminded_at: Date | null;
  overdue_at: Date | null;
  escalated_from_id: string | null;
}

export const DAY_MS = 86_400_000;

/**
 * What the time tests share: HTTP as the demo users (through {@link WorkflowFactory}), a look at
 * the tasks in PostgreSQL, and waits that poll instead of sleeping a fixed time. The tests boot one
 * app per file, so the classes they import are the app's own.
 */
export class TimeFixtures {
  readonly wf: WorkflowFactory;

  constructor(readonly t: TestApp) {
    this.wf = new WorkflowFactory(t);
  }

  get db(): DataSource {
    return this.t.app.get<DataSource>(getDataSourceToken());
  }

  /** Waits for the after-commit work (timers, deliveries) already started to settle. */
  settled(): Promise<void> {
    return this.t.app.get(AfterCommit).idle();
  }

  async tasks(instanceId: string): Promise<TaskRow[]> {
    return this.db.query<TaskRow[]>(
      `SELECT id, state, status, kind, assignee_unit_id, due_at, remind_at, reminded_at,
              overdue_at, escalated_from_id
         FROM workflow_tasks WHERE instance_id = $1 ORDER BY created_at, kind`,
      [instanceId],
    );
  }

  async openStep(instanceId: string): Promise<TaskRow> {
    const step = (await this.tasks(instanceId)).find(
      (task) => task.status === 'open' && task.kind === 'step',
    );
    if (!step) throw new Error(`Instance ${instanceId} has no open step`);
    return step;
  }

  async notifications(
    username: string,
    query = '',
  ): Promise<{
    items: NotificationBody[];
    unread: number;
  }> {
    const res = await this.wf.get(username, `/api/notifications${query}`);
    expectStatus(res, 200, `notifications of ${username}`);
    return res.body as { items: NotificationBody[]; unread: number };
  }

  /** The user's notifications about an instance, oldest kind first. */
  async notificationsAbout(username: string, instanceId: string): Promise<NotificationBody[]> {
    const { items } = await this.notifications(username);
    return items.filter((n) => n.instanceId === instanceId);
  }

  async markRead(username: string, id: string): Promise<request.Response> {
    return request(this.t.http)
      .post(`/api/notifications/${id}/read`)
      .set('Authorization', `Bearer ${await this.t.login(username)}`);
  }

  /** Runs a commune's document through the whole review chain to approval. */
  async approve(commune: string, definitionKey: string, data: JsonObject): Promise<string> {
    const draft = await this.wf.create(`mttq.${commune}`, definitionKey, `${commune}.mttq`);
    await this.wf.act(`mttq.${commune}`, draft.id, 'SUBMIT', data);
    await this.wf.act(`dangu.${commune}`, draft.id, 'APPROVE');
    await this.wf.act('danvan', draft.id, 'APPROVE');
    const done = await this.wf.act('btv', draft.id, 'APPROVE');
    expect(done.status).toBe('completed');
    return draft.id;
  }
}

/** Polls `probe` until it returns something other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(50);
  }
}
