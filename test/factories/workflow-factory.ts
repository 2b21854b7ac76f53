import request, { type Response } from 'supertest';
import { type App } from 'supertest/types';
import { sampleForm } from '../../src/workflows/definitions/testing/sample-forms';
import {
  type CommandAcceptedBody,
  type CommandStatusBody,
  type HistoryEventBody,
  type InboxItemBody,
  type InboxPageBody,
  type InstanceBody,
  type VerifyBody,
} from '../utils/api-types';
import { type JsonObject } from '../../src/common/json/json.types';
import { createTestApp, type TestApp } from '../utils/test-app';
import { TestSql } from '../utils/test-sql';

/** What a workflow test needs from its app: HTTP, sign-in and the organisation's unit ids. */
export interface WorkflowTestApp {
  http: App;
  login(username: string): Promise<string>;
  unitId(slug: string): Promise<string>;
}

/** The demo communes (slugs), each with a Front drafter `mttq.<slug>` and an approver `dangu.<slug>`. */
export const COMMUNES = ['an-binh', 'phu-hoa', 'tan-loc', 'thi-tran-chau-thanh'] as const;

/** The final state each review chain ends in once the Standing Committee approves. */
export const FINAL_STATE: Record<string, string> = {
  'regulation-review': 'promulgated',
  'joint-activity-plan': 'approved',
  'annual-summary': 'approved',
};

export interface CreateOptions {
  title?: string;
  data?: JsonObject;
}

/**
 * The one HTTP test driver: drives workflows as the demo users would (create an instance as a
 * drafter, send commands, read instances, history, inbox and the audit report) and sends any
 * request as a signed-in user (`get/post/put/patch/del/download`). Methods named after an outcome
 * (`act`, `read`, `start`...) assert the success status and say what came back when it did not.
 */
export class WorkflowFactory {
  private created = 0;

  constructor(private readonly t: WorkflowTestApp) {}

  token(username: string): Promise<string> {
    return this.t.login(username);
  }

  /** POST /api/instances as `username` for the unit `unitSlug`; the raw response. */
  async createRequest(
    username: string,
    definitionKey: string,
    unitSlug: string,
    options: CreateOptions = {},
  ): Promise<Response> {
    this.created += 1;
    return request(this.t.http)
      .post('/api/instances')
      .set('Authorization', `Bearer ${await this.token(username)}`)
      .send({
        definitionKey,
        orgUnitId: await this.t.unitId(unitSlug),
        title: options.title ?? `Kiểm thử ${definitionKey} số ${this.created}`,
        ...(options.data ? { data: options.data } : {}),
      });
  }

  /** Creates an instance as its drafter; expects 201 and a fresh draft at version 1. */
  async create(
    username: string,
    definitionKey: string,
    unitSlug: string,
    options: CreateOptions = {},
  ): Promise<InstanceBody> {
    const res = await this.createRequest(username, definitionKey, unitSlug, options);
    expectStatus(res, 201, `create ${definitionKey} as ${username}`);
    const instance = res.body as InstanceBody;
    expect(instance.version).toBe(1);
    return instance;
  }

  /**
   * POST /api/instances/:id/commands with the caller's token; the raw response. The request is
   * under way as soon as this is called (not only once awaited), so racing calls really race.
   */
  async send(
    token: string,
    instanceId: string,
    type: string,
    data?: JsonObject,
    comment?: string,
    headers: Record<string, string> = {},
    extra: { expectedVersion?: number } = {},
  ): Promise<Response> {
    const req = request(this.t.http)
      .post(`/api/instances/${instanceId}/commands`)
      .set('Authorization', `Bearer ${token}`);
    for (const [name, value] of Object.entries(headers)) req.set(name, value);
    return await req.send({
      type,
      ...(data !== undefined ? { data } : {}),
      ...(comment !== undefined ? { comment } : {}),
      ...extra,
    });
  }

  /** Sends a command as `username` and expects it applied (200); the instance after it. */
  async act(
    username: string,
    instanceId: string,
    type: string,
    data?: JsonObject,
    comment?: string,
  ): Promise<InstanceBody> {
    const res = await this.send(await this.token(username), instanceId, type, data, comment);
    expectStatus(res, 200, `${type} by ${username}`);
    return res.body as InstanceBody;
  }

  /**
   * Like {@link act}, but accepts a 202 and polls the command until it is applied: for apps whose
   * COMMAND_WAIT_MS is short or whose workers run elsewhere.
   */
  async actEventually(
    username: string,
    instanceId: string,
    type: string,
    data?: JsonObject,
    comment?: string,
  ): Promise<InstanceBody> {
    const token = await this.token(username);
    const res = await this.send(token, instanceId, type, data, comment);
    if (res.status === 202) {
      const { commandId } = res.body as CommandAcceptedBody;
      const outcome = await this.waitForCommand(token, commandId);
      if (outcome.status !== 'applied') {
        throw new Error(`${type} by ${username} was ${outcome.status}: ${JSON.stringify(outcome)}`);
      }
      return this.read(username, instanceId);
    }
    expectStatus(res, 200, `${type} by ${username}`);
    return res.body as InstanceBody;
  }

  async read(username: string, instanceId: string): Promise<InstanceBody> {
    const res = await this.get(username, `/api/instances/${instanceId}`);
    expectStatus(res, 200, `read as ${username}`);
    return res.body as InstanceBody;
  }

  async history(username: string, instanceId: string): Promise<HistoryEventBody[]> {
    const res = await this.get(username, `/api/instances/${instanceId}/history`);
    expectStatus(res, 200, `history as ${username}`);
    return res.body as HistoryEventBody[];
  }

  /** GET /api/audit/verify as the auditor, for one instance or all. */
  async verify(instanceId?: string): Promise<VerifyBody> {
    const res = await this.get(
      'auditor',
      instanceId ? `/api/audit/verify?instanceId=${instanceId}` : '/api/audit/verify',
    );
    expectStatus(res, 200, 'audit verify');
    return res.body as VerifyBody;
  }

  async inbox(username: string, query: Record<string, unknown> = {}): Promise<InboxPageBody> {
    const res = await this.get(username, '/api/inbox', query);
    expectStatus(res, 200, `inbox of ${username}`);
    return res.body as InboxPageBody;
  }

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
    return { Authorization: `Bearer ${await this.token(username)}` };
  }

  /**
   * Starts an instance as `username` for the unit `unitSlug`; expects 201 (unlike {@link create},
   * whatever version it starts at).
   */
  async start(
    username: string,
    definitionKey: string,
    unitSlug: string,
    title?: string,
  ): Promise<InstanceBody> {
    const res = await this.createRequest(username, definitionKey, unitSlug, { title });
    return ok<InstanceBody>(res, 201, `start ${definitionKey} as ${username}`);
  }

  /** A regulation review drafted by the commune's Front (`mttq.<commune>`). */
  startRegulation(commune: string, title?: string): Promise<InstanceBody> {
    return this.start(`mttq.${commune}`, 'regulation-review', `${commune}.mttq`, title);
  }

  /** POST /api/instances/:id/commands as `username`; the raw response. */
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
  submit(username: string, instance: InstanceBody, data?: JsonObject): Promise<InstanceBody> {
    return this.act(
      username,
      instance.id,
      'SUBMIT',
      data ?? sampleForm(`${instance.definitionKey}.SUBMIT`),
    );
  }

  /** Every page of the inbox, following nextCursor. */
  async wholeInbox(
    username: string,
    query: Record<string, unknown> = {},
  ): Promise<InboxItemBody[]> {
    const items: InboxItemBody[] = [];
    let cursor: string | null = null;
    do {
      const page: InboxPageBody = await this.inbox(username, {
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

  /** Polls GET /api/commands/:id until the command is no longer pending. */
  async waitForCommand(
    token: string,
    commandId: string,
    timeoutMs = 20_000,
  ): Promise<CommandStatusBody> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const res = await request(this.t.http)
        .get(`/api/commands/${commandId}`)
        .set('Authorization', `Bearer ${token}`);
      expectStatus(res, 200, `command ${commandId}`);
      const status = res.body as CommandStatusBody;
      if (status.status !== 'pending') return status;
      if (Date.now() > deadline) throw new Error(`Command ${commandId} still pending`);
      await sleep(50);
    }
  }

  /**
   * The instance's version and its history's length as the auditor reads them, with the chain
   * check: the invariant every test ends on.
   */
  async consistency(instanceId: string): Promise<{
    version: number;
    historyLength: number;
    verified: VerifyBody;
  }> {
    const [instance, history, verified] = await Promise.all([
      this.read('auditor', instanceId),
      this.history('auditor', instanceId),
      this.verify(instanceId),
    ]);
    return { version: instance.version, historyLength: history.length, verified };
  }

  /** A valid form for `<key>.<EVENT>`, with the ids a running server knows. */
  async sample(id: string, units: { recipient?: string } = {}): Promise<JsonObject> {
    const form = sampleForm(id);
    if ('recipientUnitId' in form) {
      form.recipientUnitId = await this.t.unitId(units.recipient ?? 'mttq-huyen');
    }
    return form;
  }
}

/** Fails with the response body in the message, so a wrong status explains itself. */
/** A suite's app, its driver and a SQL connection to its database; filled in by `beforeAll`. */
export interface SuiteApp {
  t: TestApp;
  wf: WorkflowFactory;
  sql: TestSql;
}

/**
 * Starts the app for the enclosing `describe` (and closes it after): the preamble of the suites
 * that sign many people in through HTTP (so the sign-in rate limit is raised) and check the
 * database beside. Read the fields inside hooks and tests, once `beforeAll` has run.
 */
export function startSuiteApp(overrides: Record<string, string> = {}): SuiteApp {
  const suite = {} as SuiteApp;
  beforeAll(async () => {
    suite.t = await createTestApp({ LOGIN_RATE_LIMIT: '1000', ...overrides });
    suite.wf = new WorkflowFactory(suite.t);
    suite.sql = await TestSql.connect(suite.t.databaseUrl);
  }, 180_000);
  afterAll(async () => {
    await suite.sql.close();
    await suite.t.close();
  });
  return suite;
}

export function expectStatus(res: Response, status: number, what: string): void {
  if (res.status !== status) {
    throw new Error(
      `${what}: expected HTTP ${status}, got ${res.status} ${JSON.stringify(res.body)}`,
    );
  }
}

/** The body when the status is as expected; otherwise fails showing what came back. */
export function ok<T>(res: Response, status: number, what: string): T {
  expectStatus(res, status, what);
  return res.body as T;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
