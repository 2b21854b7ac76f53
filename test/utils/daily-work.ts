import request, { type Response } from 'supertest';
import { sampleForm } from '../../src/workflows/definitions/testing/sample-forms';
import { type TestApp } from './test-app';
import { type JsonObject } from '../../src/common/json/json.types';

/** The parts of an instance the daily-work tests read. */
export interface InstanceView {
  id: string;
  definitionKey: string;
  orgUnitId: string;
  title: string;
  state: string;
  status: string;
  version: number;
  availableActions: Array<{ type: string }>;
}

export interface InboxItemView {
  taskId: string;
  instanceId: string;
  definitionKey: string;
  title: string;
  state: string;
  orgUnitId: string;
  dueAt: string | null;
  remainingWorkingDays: number | null;
  overdue: boolean;
  createdAt: string;
  claimedBy: { id: string; username: string } | null;
  onBehalfOf: { id: string; username: string } | null;
}

export interface InboxPageView {
  items: InboxItemView[];
  nextCursor: string | null;
}

/**
 * HTTP as the demo users: `get/post/put/del(username, path)` sign in (cached) and send; the
 * workflow helpers assert success and say what came back when it failed.
 */
export class DailyClient {
  private created = 0;

  constructor(readonly t: TestApp) {}

  async get(
    username: string,
    path: string,
    query: Record<string, unknown> = {},
  ): Promise<Response> {
    return request(this.t.http)
      .get(path)
      .query(query)
      .set(await this.auth(username));
  }

  async post(username: string, path: string, body?: object): Promise<Response> {
    const req = request(this.t.http)
      .post(path)
      .set(await this.auth(username));
    return body === undefined ? req : req.send(body);
  }

  async patch(username: string, path: string, body: object): Promise<Response> {
    return request(this.t.http)
      .patch(path)
      .set(await this.auth(username))
      .send(body);
  }

  async put(username: string, path: string, body: object): Promise<Response> {
    return request(this.t.http)
      .put(path)
      .set(await this.auth(username))
      .send(body);
  }

  async del(
    username: string,
    path: string,
    query: Record<string, unknown> = {},
  ): Promise<Response> {
    return request(this.t.http)
      .delete(path)
      .query(query)
      .set(await this.auth(username));
  }

  /** A GET whose body is kept as raw bytes (exports: CSV, JSON Lines, files). */
  async download(username: string, path: string): Promise<Response> {
    return request(this.t.http)
      .get(path)
      .set(await this.auth(username))
      .buffer(true)
      .parse((res, callback) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => callback(null, Buffer.concat(chunks)));
      });
  }

  async auth(username: string): Promise<{ Authorization: string }> {
    return { Authorization: `Bearer ${await this.t.login(username)}` };
  }

  /** Starts an instance as `username` for the unit `unitSlug`. */
  async start(
    username: string,
    definitionKey: string,
    unitSlug: string,
    title?: string,
  ): Promise<InstanceView> {
    this.created += 1;
    const res = await this.post(username, '/api/instances', {
      definitionKey,
      orgUnitId: await this.t.unitId(unitSlug),
      title: title ?? `Kiểm thử ${definitionKey} số ${this.created}`,
    });
    return ok<InstanceView>(res, 201, `start ${definitionKey} as ${username}`);
  }

  /** A regulation review drafted by the commune's Front (`mttq.<commune>`). */
  startRegulation(commune: string, title?: string): Promise<InstanceView> {
    return this.start(`mttq.${commune}`, 'regulation-review', `${commune}.mttq`, title);
  }

  async act(
    username: string,
    instanceId: string,
    type: string,
    data?: JsonObject,
    comment?: string,
  ): Promise<InstanceView> {
    const res = await this.command(username, instanceId, type, data, comment);
    return ok<InstanceView>(res, 200, `${type} as ${username}`);
  }

  async command(
    username: string,
    instanceId: string,
    type: string,
    data?: JsonObject,
    comment?: string,
  ): Promise<Response> {
    return this.post(username, `/api/instances/${instanceId}/commands`, {
      type,
      ...(data ? { data } : {}),
      ...(comment ? { comment } : {}),
    });
  }

  /** SUBMIT with the sample form of the instance's workflow. */
  submit(username: string, instance: InstanceView, data?: JsonObject): Promise<InstanceView> {
    return this.act(
      username,
      instance.id,
      'SUBMIT',
      data ?? sampleForm(`${instance.definitionKey}.SUBMIT`),
    );
  }

  async inbox(username: string, query: Record<string, unknown> = {}): Promise<InboxPageView> {
    return ok<InboxPageView>(await this.get(username, '/api/inbox', query), 200, 'inbox');
  }

  /** Every page of the inbox, following nextCursor. */
  async wholeInbox(
    username: string,
    query: Record<string, unknown> = {},
  ): Promise<InboxItemView[]> {
    const items: InboxItemView[] = [];
    let cursor: string | null = null;
    do {
      const page: InboxPageView = await this.inbox(username, {
        ...query,
        ...(cursor ? { cursor } : {}),
      });
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  }

  async inboxIds(username: string, query: Record<string, unknown> = {}): Promise<string[]> {
    return (await this.wholeInbox(username, query)).map((item) => item.instanceId);
  }
}

/** The body when the status is as expected; otherwise fails showing what came back. */
export function ok<T>(res: Response, status: number, what: string): T {
  if (res.status !== status) {
    throw new Error(`${what}: expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
  }
  return res.body as T;
}
