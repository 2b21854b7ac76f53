import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { WorkflowFactory } from '../factories/workflow-factory';
import { type HistoryEventBody } from '../utils/api-types';
import { createTestApp, type TestApp } from '../utils/test-app';
import {
  ROLE_KEYS,
  ROLE_USERS,
  type RoleKey,
  type RouteSpec,
  call,
  describeResponse,
  expectErrorShape,
  expectNo5xx,
  fetchOpenApi,
  fillPath,
  routesOf,
} from './security-support';

/**
 * Every route of the OpenAPI document × no token and five callers: the drafter and the approver
 * of commune A (an-binh), an official of commune B (phu-hoa), the auditor and the admin. The path
 * parameters are real ids (an instance of commune A, a command on it, a throwaway user...).
 */

type Expectation = { allowed: readonly number[]; why: string } | undefined;

const OK_OR_INPUT = [200, 201, 204, 400, 404, 409, 413, 415, 422];
const READ_OK = [200];

/** The explicit table for the routes that matter; `undefined` falls back to "no 5xx". */
function expectationFor(route: RouteSpec, role: RoleKey): Expectation {
  const { method, template } = route;
  if (template === '/api/periodic-reports/{instanceId}/refresh') {
    // Officials refresh only their own board's report; commune A's case is none.
    return role === 'admin'
      ? { allowed: OK_OR_INPUT, why: 'admin may refresh (a case that is no report: 422)' }
      : { allowed: [403], why: 'only the reporting board refreshes its report' };
  }
  const adminOnly =
    template.startsWith('/api/admin/') ||
    template.startsWith('/api/periodic-reports') ||
    (method === 'post' && template.startsWith('/api/definitions'));
  if (adminOnly) {
    return role === 'admin'
      ? { allowed: OK_OR_INPUT, why: 'admin route, admin may use it' }
      : { allowed: [403], why: 'admin route' };
  }
  if (template.startsWith('/api/audit/')) {
    if (role === 'auditor' || role === 'admin') {
      const exact = [
        '/api/audit/verify',
        '/api/audit/events',
        '/api/audit/instances/{id}/timeline',
      ];
      return method === 'get' && exact.includes(template)
        ? { allowed: READ_OK, why: 'audit route, auditor/admin read it' }
        : { allowed: OK_OR_INPUT, why: 'audit route, auditor/admin may use it' };
    }
    return { allowed: [403], why: 'audit route, officials refused' };
  }
  if (method !== 'get' && role === 'auditor') {
    return { allowed: [403], why: 'auditors are read-only' };
  }
  const instanceReads = [
    '/api/instances/{id}',
    '/api/instances/{id}/history',
    '/api/instances/{id}/comments',
    '/api/instances/{id}/attachments',
    '/api/instances/{id}/copies',
  ];
  if (method === 'get' && instanceReads.includes(template)) {
    return role === 'officialB'
      ? { allowed: [403, 404], why: "commune B may not read commune A's instance" }
      : { allowed: READ_OK, why: "commune A's instance, readable by its unit, auditor and admin" };
  }
  return undefined;
}

describe('security: authorisation matrix (every route × every role)', () => {
  let t: TestApp;
  let f: WorkflowFactory;
  let routes: RouteSpec[];
  const tokens = {} as Record<RoleKey, string>;
  let instanceId: string;
  let commandId: string;
  let throwawayUserId: string;
  let unitTanLoc: string;
  let checked = 0;

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_RATE_LIMIT: '1000' });
    f = new WorkflowFactory(t);
    routes = routesOf(await fetchOpenApi(t.http));
    for (const role of ROLE_KEYS) tokens[role] = await t.login(ROLE_USERS[role]);

    const instance = await f.create(ROLE_USERS.drafterA, 'regulation-review', 'an-binh.mttq');
    instanceId = instance.id;
    await f.act(
      ROLE_USERS.drafterA,
      instanceId,
      'SUBMIT',
      await f.sample('regulation-review.SUBMIT'),
    );
    const history = await f.history('auditor', instanceId);
    commandId = history.map((e: HistoryEventBody) => e.commandId).find(Boolean) ?? randomUUID();
    unitTanLoc = await t.unitId('tan-loc');

    const user = await call(t.http, 'post', '/api/admin/users', tokens.admin, {
      username: 'sec.matrix-target',
      fullName: 'Tài khoản kiểm thử ma trận',
      roles: ['official'],
      capabilities: ['drafter'],
      orgUnitId: unitTanLoc,
      password: 'matrix-pass-1',
    });
    if (user.status !== 201) throw new Error(`create user: ${describeResponse(user)}`);
    throwawayUserId = (user.body as { id: string }).id;
  });
  afterAll(async () => {
    console.log(`authorisation matrix: ${routes.length} routes, ${checked} requests checked`);
    await t.close();
  });

  function resolve(route: RouteSpec, param: string): string {
    if (param === 'key') return route.method === 'get' ? 'regulation-review' : 'no-such-flow';
    if (param === 'version') return '1';
    if (param === 'instanceId') return instanceId;
    if (param !== 'id') return randomUUID();
    const p = route.template;
    if (p.startsWith('/api/instances/') || p.startsWith('/api/audit/instances/')) return instanceId;
    if (p.startsWith('/api/commands/')) return commandId;
    if (p.startsWith('/api/admin/users/')) return throwawayUserId;
    if (p.startsWith('/api/admin/org-units/')) return unitTanLoc;
    return randomUUID();
  }

  it('the OpenAPI document lists the routes of api.md', () => {
    const labels = routes.map((r) => r.label);
    for (const expected of [
      'POST /api/auth/login',
      'GET /api/definitions',
      'POST /api/definitions',
      'POST /api/instances',
      'GET /api/instances/{id}',
      'POST /api/instances/{id}/commands',
      'GET /api/commands/{id}',
      'GET /api/instances/{id}/history',
      'GET /api/inbox',
      'GET /api/audit/verify',
    ]) {
      expect(labels).toContain(expected);
    }
    expect(routes.length).toBeGreaterThan(30);
  });

  it('answers 401 with the error shape on every non-public route without a token', async () => {
    const failures: string[] = [];
    for (const route of routes) {
      const path = fillPath(route, resolve);
      const res = await call(
        t.http,
        route.method,
        path,
        undefined,
        route.jsonBody ? {} : undefined,
      );
      checked += 1;
      if (route.isPublic) {
        if (res.status === 401 || res.status >= 500) failures.push(`${route.label}: ${res.status}`);
        continue;
      }
      if (res.status !== 401) failures.push(`${route.label}: ${describeResponse(res)}`);
      else expectErrorShape(res, route.label);
    }
    expect(failures).toEqual([]);
  });

  it.each(ROLE_KEYS)('gives %s the expected class of answer on every route', async (role) => {
    const failures: string[] = [];
    for (const route of routes) {
      if (route.isPublic) continue;
      const path = fillPath(route, resolve);
      const res = await call(
        t.http,
        route.method,
        path,
        tokens[role],
        route.jsonBody ? {} : undefined,
      );
      checked += 1;
      const what = `${role} ${route.method.toUpperCase()} ${path}`;
      if (res.status >= 500) {
        failures.push(`${what}: ${describeResponse(res)}`);
        continue;
      }
      if (res.status === 401) failures.push(`${what}: 401 with a valid token`);
      const expectation = expectationFor(route, role);
      if (expectation && !expectation.allowed.includes(res.status)) {
        failures.push(
          `${what}: ${expectation.why}, expected ${expectation.allowed.join('/')}: ${describeResponse(res)}`,
        );
      }
      if (res.status >= 400) expectErrorShape(res, what);
    }
    expect(failures).toEqual([]);
  });

  it('lets only the assignee act on an instance, step by step', async () => {
    const created = await f.create(ROLE_USERS.drafterA, 'regulation-review', 'an-binh.mttq');
    const form = await f.sample('regulation-review.SUBMIT');
    const attempt = async (username: string, type: string): Promise<number> => {
      const res = await f.send(
        await t.login(username),
        created.id,
        type,
        type === 'SUBMIT' ? form : undefined,
      );
      expectNo5xx(res, `${type} by ${username}`);
      if (res.status >= 400) expectErrorShape(res, `${type} by ${username}`);
      return res.status;
    };
    // Draft: the drafter of commune A acts.
    expect([403, 422]).toContain(await attempt(ROLE_USERS.approverA, 'SUBMIT'));
    expect([403, 404]).toContain(await attempt(ROLE_USERS.officialB, 'SUBMIT'));
    expect(await attempt(ROLE_USERS.auditor, 'SUBMIT')).toBe(403);
    expect([403, 422]).toContain(await attempt(ROLE_USERS.admin, 'SUBMIT'));
    expect(await attempt(ROLE_USERS.drafterA, 'SUBMIT')).toBe(200);
    // Commune review: the approver of commune A acts, the approver of commune B does not.
    expect([403, 422]).toContain(await attempt(ROLE_USERS.drafterA, 'APPROVE'));
    expect([403, 404]).toContain(await attempt(ROLE_USERS.officialB, 'APPROVE'));
    expect([403, 404]).toContain(await attempt('dangu.phu-hoa', 'APPROVE'));
    expect(await attempt(ROLE_USERS.auditor, 'APPROVE')).toBe(403);
    expect([403, 422]).toContain(await attempt(ROLE_USERS.admin, 'APPROVE'));
    expect(await attempt(ROLE_USERS.approverA, 'APPROVE')).toBe(200);
    const after = await f.read('auditor', created.id);
    expect(after.version).toBe(3);
  });

  it('lets a unit sent a copy (nơi nhận) read and comment, never act nor pass it on', async () => {
    const created = await f.create(ROLE_USERS.drafterA, 'regulation-review', 'an-binh.mttq');
    await f.act(
      ROLE_USERS.drafterA,
      created.id,
      'SUBMIT',
      await f.sample('regulation-review.SUBMIT'),
    );
    const copyTo = { orgUnitIds: [await t.unitId('phu-hoa.mttq')] };
    const path = `/api/instances/${created.id}`;
    // Only the unit handling the current step sends copies; the drafter waits, auditors read.
    for (const role of ['drafterA', 'officialB', 'auditor'] as const) {
      const res = await call(t.http, 'post', `${path}/copies`, tokens[role], copyTo);
      expect([403, 404]).toContain(res.status);
      expectErrorShape(res, `copies by ${role}`);
    }
    expect((await call(t.http, 'post', `${path}/copies`, tokens.approverA, copyTo)).status).toBe(
      201,
    );

    expect((await call(t.http, 'get', path, tokens.officialB)).status).toBe(200);
    expect((await call(t.http, 'get', `${path}/history`, tokens.officialB)).status).toBe(200);
    const comment = await call(t.http, 'post', `${path}/comments`, tokens.officialB, {
      body: 'Ủy ban MTTQ xã Phú Hòa cho ý kiến: đề nghị bổ sung chế độ họp liên tịch.',
    });
    expect(comment.status).toBe(201);
    const act = await f.send(tokens.officialB, created.id, 'APPROVE', {});
    expect(act.status).toBe(403);
    expectErrorShape(act, 'APPROVE by a copy recipient');
    const passOn = await call(t.http, 'post', `${path}/copies`, tokens.officialB, {
      orgUnitIds: [await t.unitId('tan-loc.mttq')],
    });
    expect(passOn.status).toBe(403);
    // Another commune's Party committee received nothing and reads nothing.
    const other = await t.login('dangu.phu-hoa');
    expect([403, 404]).toContain((await call(t.http, 'get', path, other)).status);
    expect([403, 404]).toContain(
      (await call(t.http, 'post', `${path}/comments`, other, { body: 'Không được gửi.' })).status,
    );
    expect((await f.read('auditor', created.id)).version).toBe(2);
  });

  it("does not show commune A's instance in commune B's inbox or history", async () => {
    const inboxB = await f.inbox(ROLE_USERS.officialB);
    expect(inboxB.items.map((i) => i.instanceId)).not.toContain(instanceId);
    const history = await request(t.http)
      .get(`/api/instances/${instanceId}/history`)
      .set('Authorization', `Bearer ${tokens.officialB}`);
    expect([403, 404]).toContain(history.status);
    expect(JSON.stringify(history.body)).not.toContain('Quy chế');
  });
});
