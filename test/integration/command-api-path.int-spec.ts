import { AsyncLocalStorage } from 'node:async_hooks';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { type AuthenticatedUser } from '../../src/modules/auth/authenticated-user';
import { CommandsService } from '../../src/modules/commands/commands.service';
import { identitiesFrom } from '../../src/modules/delegations/delegations.service';
import { CommandsRepository } from '../../src/modules/commands/commands.repository';
import { DelegationsService } from '../../src/modules/delegations/delegations.service';
import { HistoryService } from '../../src/modules/history/history.service';
import { InstancesService } from '../../src/modules/instances/instances.service';
import { WorkflowFactory } from '../factories/workflow-factory';
import { type InstanceBody } from '../utils/api-types';
import { createTestApp, type TestApp } from '../utils/test-app';
import { TestSql } from '../utils/test-sql';

type QueryFn = (...args: unknown[]) => unknown;

/**
 * Issue 11, item 1: the API's side of a command reads once (the pre-check's one statement),
 * writes once (the command row) and answers from what the worker reports at commit. These tests
 * hold the count, and hold the shortcuts to the answers of the paths they replace.
 */
describe('the API side of a command: one read, one write, the answer from the outcome', () => {
  let t: TestApp;
  let f: WorkflowFactory;
  let owner: TestSql;
  let instances: InstancesService;
  let commands: CommandsRepository;
  let dataSource: DataSource;
  // The statements the product sends inside CommandsService.send, counted per call.
  const counting = new AsyncLocalStorage<string[]>();
  let restoreQuery: () => void;

  beforeAll(async () => {
    t = await createTestApp();
    f = new WorkflowFactory(t);
    owner = await TestSql.connect(t.ownerDatabaseUrl);
    instances = t.app.get(InstancesService);
    commands = t.app.get(CommandsRepository);
    dataSource = t.app.get(DataSource);

    // Every SQL statement goes through pg's Client#query; the ones sent while a `send` runs
    // (its continuations carry the store) are the API's, whatever the in-process worker does.
    const prototype = Client.prototype as unknown as { query: QueryFn };
    const original = prototype.query;
    prototype.query = function counted(this: unknown, ...args: unknown[]): unknown {
      const first = args[0];
      counting
        .getStore()
        ?.push(typeof first === 'string' ? first : String((first as { text?: string })?.text));
      return original.apply(this, args);
    };
    restoreQuery = () => {
      prototype.query = original;
    };
    const service = t.app.get(CommandsService);
    const send = service.send.bind(service);
    jest.spyOn(service, 'send').mockImplementation((...args: Parameters<CommandsService['send']>) =>
      counting.run([], () => {
        const statements = counting.getStore() as string[];
        return send(...args).finally(() => sent.push(statements));
      }),
    );
  });
  afterAll(async () => {
    restoreQuery();
    await owner.close();
    await t.close();
  });

  /** The statements of each `send`, in order. */
  const sent: string[][] = [];

  /** Sends the command and checks its answer is the instance exactly as a GET shows it after. */
  async function actAndCompare(
    username: string,
    id: string,
    type: string,
    data?: Record<string, unknown>,
    comment?: string,
  ): Promise<{ body: InstanceBody; statements: string[] }> {
    const reads = jest.spyOn(instances, 'read');
    const res = await f.command(username, id, type, data as never, comment);
    expect(res.status).toBe(200);
    // The answer was built from the outcome: nothing read the instance again.
    expect(reads).not.toHaveBeenCalled();
    reads.mockRestore();
    const statements = sent.at(-1) ?? [];
    const body = res.body as InstanceBody;
    expect(body).toEqual(await f.read(username, id));
    return { body, statements };
  }

  it('answers every step of a review, a return and the promulgation exactly as a GET after it', async () => {
    const { id } = await f.create('mttq.an-binh', 'regulation-review', 'an-binh.mttq');
    const form = await f.sample('regulation-review.SUBMIT');
    await actAndCompare('mttq.an-binh', id, 'SUBMIT', form);
    const returned = await actAndCompare(
      'dangu.an-binh',
      id,
      'RETURN',
      undefined,
      'Đề nghị làm rõ Điều 6.',
    );
    expect(returned.body.returned).toMatchObject({
      type: 'RETURN',
      comment: 'Đề nghị làm rõ Điều 6.',
    });
    await actAndCompare('mttq.an-binh', id, 'SUBMIT', form);
    await actAndCompare('dangu.an-binh', id, 'APPROVE');
    await actAndCompare('danvan', id, 'APPROVE');
    const done = await actAndCompare('btv', id, 'APPROVE', { opinion: 'Ban hành.' });
    expect(done.body.state).toBe('promulgated');
    expect(done.body.document).toBeDefined();
  });

  it('answers a document too big for the notification by reading it, exactly as before', async () => {
    const { id } = await f.create('mttq.an-binh', 'regulation-review', 'an-binh.mttq');
    const form = {
      ...(await f.sample('regulation-review.SUBMIT')),
      scope: 'Phạm vi '.repeat(250),
      reviewFindings: 'Kết quả rà soát '.repeat(312),
    };
    const reads = jest.spyOn(instances, 'read');
    const res = await f.command('mttq.an-binh', id, 'SUBMIT', form);
    expect(res.status).toBe(200);
    // Over PostgreSQL's 8000-byte NOTIFY limit with the instance: announced without it, then read.
    expect(reads).toHaveBeenCalledTimes(1);
    reads.mockRestore();
    expect(res.body).toEqual(await f.read('mttq.an-binh', id));
    expect((res.body as InstanceBody).data).toMatchObject({ reviewFindings: form.reviewFindings });
  });

  it('sends at most three SQL statements from the API for a plain APPROVE (counted)', async () => {
    const { id } = await f.create('mttq.an-binh', 'regulation-review', 'an-binh.mttq');
    await f.act('mttq.an-binh', id, 'SUBMIT', await f.sample('regulation-review.SUBMIT'));
    // Caches (definitions, directory, holidays, the active user) are warm after the steps above.
    const { statements } = await actAndCompare('dangu.an-binh', id, 'APPROVE');
    // The pre-check's one statement and the command's INSERT; no transaction, no re-read.
    expect(statements.length).toBeLessThanOrEqual(3);
    expect(statements.filter((s) => /^\s*INSERT INTO workflow_commands/.test(s))).toHaveLength(1);
    expect(statements.filter((s) => /workflow_instances/.test(s))).toHaveLength(1);
  });

  it('reads in one statement exactly what findReadable, the delegations and four eyes read', async () => {
    const manager = dataSource.manager;
    const history = t.app.get(HistoryService);
    const delegations = t.app.get(DelegationsService);
    const admin = await t.login('admin');
    // Two officials of one unit, so one can hold the other's delegation.
    const unitOfDelegation = await t.unitId('phu-hoa.dang-uy');
    const ids: Record<string, string> = {};
    for (const username of ['uyvien1.phu-hoa', 'uyvien2.phu-hoa']) {
      const res = await request(t.http)
        .post('/api/admin/users')
        .set('Authorization', `Bearer ${admin}`)
        .send({
          username,
          fullName: `Ủy viên ${username}`,
          roles: ['official'],
          capabilities: ['approver'],
          orgUnitId: unitOfDelegation,
          password: 'demo-password',
        });
      expect(res.status).toBe(201);
      ids[username] = (res.body as { id: string }).id;
    }

    const reviewed = await f.create('mttq.an-binh', 'regulation-review', 'an-binh.mttq');
    await f.act('mttq.an-binh', reviewed.id, 'SUBMIT', await f.sample('regulation-review.SUBMIT'));
    const quiet = await f.create('mttq.phu-hoa', 'regulation-review', 'phu-hoa.mttq');
    const units = await owner.rows<{ id: string }>(`SELECT id FROM org_units ORDER BY slug`);
    const [someone] = await owner.rows<{ id: string }>(
      `SELECT id FROM users WHERE username = 'mttq.an-binh'`,
    );

    const official = (orgUnitId: string, capabilities: string[] = []): AuthenticatedUser => ({
      id: someone.id,
      username: 'mttq.an-binh',
      roles: ['official'],
      capabilities: capabilities as AuthenticatedUser['capabilities'],
      orgUnitId,
    });
    // Units that may not read the quiet instance yet: each gets one fact that makes it readable.
    const outsiders: string[] = [];
    for (const { id } of units) {
      if (outsiders.length === 3) break;
      const denied = await instances.findReadable(official(id, ['dispatcher']), quiet.id).then(
        () => false,
        () => true,
      );
      if (denied) outsiders.push(id);
    }
    const [assignedUnit, copiedUnit, campaignUnit] = outsiders;
    // The facts the readability rules turn on that no step above produced, set up as the tasks,
    // copies and campaigns modules would record them.
    await owner.rows(
      `INSERT INTO workflow_tasks (instance_id, state, assignee_unit_id) VALUES ($1, 'draft', $2)`,
      [quiet.id, assignedUnit],
    );
    await owner.rows(
      `INSERT INTO instance_copies (instance_id, recipient_unit_id, state, sent_by, sent_at) VALUES ($1, $2, 'draft', $3, now())`,
      [quiet.id, copiedUnit, someone.id],
    );
    const [campaign] = await owner.rows<{ id: string }>(
      `INSERT INTO campaigns (definition_key, title, due_date, due_at, created_by, created_at)
       VALUES ('regulation-review', 'Kiểm thử', current_date + 30, now() + interval '30 days', $1, now()) RETURNING id`,
      [someone.id],
    );
    await owner.rows(
      `INSERT INTO campaign_items (campaign_id, org_unit_id, instance_id) VALUES ($1, $2, $3)`,
      [campaign.id, campaignUnit, quiet.id],
    );
    await owner.rows(
      `INSERT INTO delegations (delegator_id, delegate_id, starts_at, ends_at, created_by)
       VALUES ($1, $2, now() - interval '1 day', now() + interval '1 day', $1)`,
      [ids['uyvien1.phu-hoa'], ids['uyvien2.phu-hoa']],
    );

    const users: AuthenticatedUser[] = [
      {
        id: someone.id,
        username: 'a',
        roles: ['auditor'],
        capabilities: [],
        orgUnitId: assignedUnit,
      },
      {
        id: someone.id,
        username: 'b',
        roles: ['admin'],
        capabilities: [],
        orgUnitId: assignedUnit,
      },
      {
        id: ids['uyvien2.phu-hoa'],
        username: 'uyvien2.phu-hoa',
        roles: ['official'],
        capabilities: ['approver'],
        orgUnitId: unitOfDelegation,
      },
      ...units.flatMap(({ id }) =>
        [[], ['dispatcher']].map((capabilities) => ({
          id: someone.id,
          username: 'mttq.an-binh',
          roles: ['official' as const],
          capabilities: capabilities as AuthenticatedUser['capabilities'],
          orgUnitId: id,
        })),
      ),
    ];
    const verdict = async (check: () => Promise<unknown>): Promise<string> =>
      check().then(
        () => 'readable',
        (error: Error) => error.constructor.name,
      );
    const now = new Date();
    const outcomes = new Map<string, number>();
    for (const instanceId of [reviewed.id, quiet.id, '00000000-0000-4000-8000-000000000000']) {
      for (const user of users) {
        const facts = await commands.precheckFacts(manager, {
          userId: user.id,
          orgUnitId: user.orgUnitId,
          instanceId,
          idempotencyKey: null,
          now,
        });
        const identities = await delegations.identitiesIn(manager, user, now);
        // The identities, as identitiesIn reads them.
        expect(identitiesFrom(user, facts.delegators)).toEqual(identities);
        const old = await verdict(() => instances.findReadable(user, instanceId));
        const one = await verdict(() =>
          instances.readableFrom(user, instanceId, facts.instance, facts.readability, identities),
        );
        expect({ user, instanceId, one }).toEqual({ user, instanceId, one: old });
        outcomes.set(old, (outcomes.get(old) ?? 0) + 1);
        if (facts.instance) {
          expect(facts.instance).toEqual(await instances.findReadable(admin0(), instanceId));
          const steps = ['draft', 'communeReview', 'boardReview'];
          const expected = await history.stepActors(manager, instanceId, steps);
          expect(
            Object.fromEntries(
              steps
                .filter((s) => Object.hasOwn(facts.actorsByStep, s))
                .map((s) => [s, facts.actorsByStep[s]]),
            ),
          ).toEqual(expected);
        }
      }
    }
    // Every verdict occurs: readable, 403 and 404.
    expect([...outcomes.keys()].sort()).toEqual(['ForbiddenError', 'NotFoundError', 'readable']);

    // Each rule that reads the database made one of the outsiders a reader.
    for (const user of [
      official(assignedUnit),
      official(copiedUnit),
      official(campaignUnit, ['dispatcher']),
    ]) {
      const facts = await commands.precheckFacts(manager, {
        userId: user.id,
        orgUnitId: user.orgUnitId,
        instanceId: quiet.id,
        idempotencyKey: null,
        now,
      });
      await expect(
        instances.readableFrom(user, quiet.id, facts.instance, facts.readability, [
          ...identitiesFrom(user, facts.delegators),
        ]),
      ).resolves.toBeDefined();
    }
  });
});

function admin0(): AuthenticatedUser {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    username: 'admin',
    roles: ['admin'],
    capabilities: [],
    orgUnitId: '00000000-0000-4000-8000-000000000001',
  };
}
