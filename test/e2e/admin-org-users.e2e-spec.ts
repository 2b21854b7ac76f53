import request, { type Response } from 'supertest';
import { sampleForm } from '../../src/workflows/definitions/testing/sample-forms';
import { expectStatus, WorkflowFactory } from '../factories/workflow-factory';
import { createTestApp, type TestApp } from '../utils/test-app';
import { TestSql } from '../utils/test-sql';
import { type components } from '../../web/src/api/schema';

/**
 * Admin management of the organisation and users over HTTP: a province–commune hierarchy built
 * through the API runs a regulation review to the province's Ban Dân vận; users are created,
 * changed, deactivated (never deleted); every change lands in the admin audit store.
 */

const PASSWORD = 'mat-khau-2026';
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

type UnitBody = components['schemas']['OrgUnitDto'];
type UserBody = components['schemas']['AdminUserDto'];
type AdminEventBody = components['schemas']['AdminAuditEventDto'];

describe('admin: organisation and users', () => {
  let t: TestApp;
  let f: WorkflowFactory;
  let sql: TestSql;

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_RATE_LIMIT: '1000' });
    f = new WorkflowFactory(t);
    sql = await TestSql.connect(t.databaseUrl);
  });

  afterAll(async () => {
    await sql.close();
    await t.close();
  });

  async function as(
    username: string | null,
    method: 'get' | 'post' | 'patch',
    path: string,
    body?: object,
  ): Promise<Response> {
    const req = request(t.http)[method](path);
    if (username) req.set('Authorization', `Bearer ${await t.login(username)}`);
    return body ? req.send(body) : req;
  }

  async function admin(
    method: 'get' | 'post' | 'patch',
    path: string,
    body: object | undefined,
    status: number,
  ): Promise<Response> {
    const res = await as('admin', method, path, body);
    expectStatus(res, status, `${method.toUpperCase()} ${path}`);
    return res;
  }

  const createUnit = async (body: object): Promise<UnitBody> =>
    (await admin('post', '/api/admin/org-units', body, 201)).body as UnitBody;

  const createUser = async (body: object): Promise<UserBody> =>
    (await admin('post', '/api/admin/users', { password: PASSWORD, ...body }, 201))
      .body as UserBody;

  async function adminEvents(query: Record<string, string>): Promise<AdminEventBody[]> {
    const res = await as(
      'auditor',
      'get',
      `/api/audit/admin-events?${new URLSearchParams(query).toString()}`,
    );
    expectStatus(res, 200, 'admin events');
    return (res.body as { items: AdminEventBody[] }).items;
  }

  async function signIn(username: string, password: string): Promise<Response> {
    return request(t.http).post('/api/auth/login').send({ username, password });
  }

  describe('authorisation', () => {
    const routes = (): Array<['get' | 'post' | 'patch', string, object?]> => [
      ['get', '/api/admin/users'],
      ['post', '/api/admin/users', {}],
      ['patch', `/api/admin/users/${UNKNOWN_ID}`, {}],
      ['post', `/api/admin/users/${UNKNOWN_ID}/deactivate`],
      ['post', `/api/admin/users/${UNKNOWN_ID}/reactivate`],
      ['post', '/api/admin/org-units', {}],
      ['patch', `/api/admin/org-units/${UNKNOWN_ID}`, {}],
      ['post', '/api/admin/org-unit-kinds', {}],
    ];

    it('answers 401 without a token', async () => {
      for (const [method, path, body] of routes()) {
        expect([method, path, (await as(null, method, path, body)).status]).toEqual([
          method,
          path,
          401,
        ]);
      }
    });

    it.each(['btv', 'mttq.an-binh', 'auditor'])('answers 403 to %s', async (username) => {
      for (const [method, path, body] of routes()) {
        const res = await as(username, method, path, body);
        expect([method, path, res.status]).toEqual([method, path, 403]);
      }
    });

    it('lets the admin through to validation and lookups', async () => {
      expect((await as('admin', 'get', '/api/admin/users')).status).toBe(200);
      for (const [method, path, body] of routes().slice(1)) {
        expect([400, 404]).toContain((await as('admin', method, path, body)).status);
      }
    });

    it('lets auditors and admins, and nobody else, read the admin audit store', async () => {
      expect((await as('auditor', 'get', '/api/audit/admin-events')).status).toBe(200);
      expect((await as('admin', 'get', '/api/audit/admin-events')).status).toBe(200);
      expect((await as('btv', 'get', '/api/audit/admin-events')).status).toBe(403);
      expect((await as(null, 'get', '/api/audit/admin-events')).status).toBe(401);
    });
  });

  describe('a province–commune hierarchy built through the API', () => {
    let province: UnitBody;
    let tinhUy: UnitBody;
    let commune: UnitBody;
    let communeFront: UnitBody;

    beforeAll(async () => {
      province = await createUnit({
        slug: 'tinh-hau-giang',
        name: 'Tỉnh Hậu Giang',
        nameEn: 'Hau Giang Province',
        kind: 'province',
      });
      tinhUy = await createUnit({
        slug: 'tinh-hau-giang.tinh-uy',
        name: 'Tỉnh ủy Hậu Giang',
        kind: 'party-committee',
        parentId: province.id,
      });
      const standing = await createUnit({
        slug: 'tinh-hau-giang.ban-thuong-vu',
        name: 'Ban Thường vụ Tỉnh ủy',
        kind: 'standing-committee',
        parentId: tinhUy.id,
      });
      const board = await createUnit({
        slug: 'tinh-hau-giang.ban-dan-van',
        name: 'Ban Dân vận Tỉnh ủy',
        kind: 'mass-mobilization-board',
        parentId: tinhUy.id,
      });
      commune = await createUnit({
        slug: 'tinh-hau-giang.xa-hoa-an',
        name: 'Xã Hòa An',
        nameEn: 'Hoa An Commune',
        kind: 'commune',
        parentId: province.id,
      });
      const communeParty = await createUnit({
        slug: 'tinh-hau-giang.xa-hoa-an.dang-uy',
        name: 'Đảng ủy xã Hòa An',
        kind: 'party-committee',
        parentId: commune.id,
      });
      communeFront = await createUnit({
        slug: 'tinh-hau-giang.xa-hoa-an.mttq',
        name: 'Ủy ban MTTQ Việt Nam xã Hòa An',
        kind: 'fatherland-front',
        parentId: commune.id,
      });
      const official = { roles: ['official'] };
      await createUser({
        ...official,
        username: 'mttq.hoa-an',
        fullName: 'Cán bộ MTTQ xã Hòa An',
        capabilities: ['drafter'],
        orgUnitId: communeFront.id,
      });
      await createUser({
        ...official,
        username: 'dangu.hoa-an',
        fullName: 'Bí thư Đảng ủy xã Hòa An',
        capabilities: ['approver'],
        orgUnitId: communeParty.id,
      });
      await createUser({
        ...official,
        username: 'danvan.hau-giang',
        fullName: 'Trưởng Ban Dân vận Tỉnh ủy',
        capabilities: ['approver'],
        orgUnitId: board.id,
      });
      await createUser({
        ...official,
        username: 'btv.hau-giang',
        fullName: 'Ủy viên Ban Thường vụ Tỉnh ủy',
        capabilities: ['approver'],
        orgUnitId: standing.id,
      });
      // Signing in once with the real password caches the token the factory then uses.
      for (const username of ['mttq.hoa-an', 'dangu.hoa-an', 'danvan.hau-giang', 'btv.hau-giang']) {
        await t.login(username, PASSWORD);
      }
    });

    it('lists the new units to everyone at once', async () => {
      const res = await as('btv', 'get', '/api/org-units');
      const units = res.body as UnitBody[];
      expect(units.find((u) => u.slug === 'tinh-hau-giang.xa-hoa-an')).toEqual({
        id: commune.id,
        slug: 'tinh-hau-giang.xa-hoa-an',
        name: 'Xã Hòa An',
        nameEn: 'Hoa An Commune',
        kind: 'commune',
        parentId: province.id,
      });
      expect(units.filter((u) => u.slug.startsWith('tinh-hau-giang'))).toHaveLength(7);
    });

    it('routes a commune’s regulation review to the province’s Ban Dân vận and Standing Committee', async () => {
      const instance = await f.create('mttq.hoa-an', 'regulation-review', communeFront.slug, {
        title: 'Rà soát quy chế phối hợp — xã Hòa An',
      });
      await f.act('mttq.hoa-an', instance.id, 'SUBMIT', sampleForm('regulation-review.SUBMIT'));
      expect((await f.inbox('dangu.hoa-an')).items.map((i) => i.instanceId)).toContain(instance.id);
      expect((await f.act('dangu.hoa-an', instance.id, 'APPROVE', {})).state).toBe('boardReview');

      expect((await f.inbox('danvan.hau-giang')).items.map((i) => i.instanceId)).toEqual([
        instance.id,
      ]);
      // The district's Ban Dân vận is not this province's.
      expect((await f.inbox('danvan')).items.map((i) => i.instanceId)).not.toContain(instance.id);
      const wrongBoard = await f.send(await t.login('danvan'), instance.id, 'APPROVE', {});
      expect(wrongBoard.status).toBe(403);

      expect((await f.act('danvan.hau-giang', instance.id, 'APPROVE', {})).state).toBe(
        'committeeReview',
      );
      const done = await f.act('btv.hau-giang', instance.id, 'APPROVE', {});
      expect([done.state, done.status]).toEqual(['promulgated', 'completed']);
      expect((await f.verify(instance.id)).ok).toBe(true);
    });

    it('creates a new kind of unit, jurisdiction included, as data', async () => {
      const kind = await admin(
        'post',
        '/api/admin/org-unit-kinds',
        { key: 'special-zone', nameVi: 'Đặc khu', nameEn: 'Special zone', isJurisdiction: true },
        201,
      );
      expect(kind.body).toEqual({
        key: 'special-zone',
        nameVi: 'Đặc khu',
        nameEn: 'Special zone',
        isJurisdiction: true,
      });
      const kinds = (await as('btv', 'get', '/api/org-unit-kinds')).body as Array<{ key: string }>;
      expect(kinds.map((k) => k.key)).toContain('special-zone');
      const zone = await createUnit({
        slug: 'tinh-hau-giang.dac-khu',
        name: 'Đặc khu Hậu Giang',
        kind: 'special-zone',
        parentId: province.id,
      });
      expect(zone.kind).toBe('special-zone');
      await admin(
        'post',
        '/api/admin/org-unit-kinds',
        { key: 'special-zone', nameVi: 'Trùng', nameEn: 'Again' },
        409,
      );
    });

    it('refuses unknown kinds, unknown parents, taken slugs and units outside any jurisdiction', async () => {
      const base = { slug: 'tinh-hau-giang.moi', name: 'Đơn vị mới', parentId: province.id };
      const unknownKind = await admin(
        'post',
        '/api/admin/org-units',
        { ...base, kind: 'galaxy' },
        422,
      );
      expect(unknownKind.body.details).toEqual([expect.objectContaining({ path: '/kind' })]);
      const unknownParent = await admin(
        'post',
        '/api/admin/org-units',
        { ...base, kind: 'department', parentId: UNKNOWN_ID },
        422,
      );
      expect(unknownParent.body.details).toEqual([expect.objectContaining({ path: '/parentId' })]);
      await admin(
        'post',
        '/api/admin/org-units',
        { ...base, slug: commune.slug, kind: 'department' },
        409,
      );
      const orphan = await admin(
        'post',
        '/api/admin/org-units',
        { slug: 'mo-coi', name: 'Đơn vị mồ côi', kind: 'department' },
        422,
      );
      expect(orphan.body.details).toEqual([expect.objectContaining({ path: '/parentId' })]);
      await admin(
        'post',
        '/api/admin/org-units',
        { ...base, slug: 'Có Dấu', kind: 'department' },
        400,
      );
    });

    it('renames and moves a unit, refusing cycles and unknown kinds', async () => {
      const renamed = await admin(
        'patch',
        `/api/admin/org-units/${commune.id}`,
        { name: 'Xã Hòa An (mới)' },
        200,
      );
      expect(renamed.body).toEqual(
        expect.objectContaining({ name: 'Xã Hòa An (mới)', parentId: province.id }),
      );

      const intoItself = await admin(
        'patch',
        `/api/admin/org-units/${province.id}`,
        { parentId: province.id },
        422,
      );
      expect(intoItself.body.details).toEqual([expect.objectContaining({ path: '/parentId' })]);
      await admin(
        'patch',
        `/api/admin/org-units/${province.id}`,
        { parentId: communeFront.id },
        422,
      );
      const badKind = await admin(
        'patch',
        `/api/admin/org-units/${commune.id}`,
        { kind: 'galaxy' },
        422,
      );
      expect(badKind.body.details).toEqual([expect.objectContaining({ path: '/kind' })]);
      await admin('patch', `/api/admin/org-units/${UNKNOWN_ID}`, { name: 'Không có' }, 404);

      // Move the commune into the district and back: sub-units follow, and routing sees it at once.
      const district = await t.unitId('chau-thanh');
      await admin('patch', `/api/admin/org-units/${commune.id}`, { parentId: district }, 200);
      const units = (await as('btv', 'get', '/api/org-units')).body as UnitBody[];
      expect(units.find((u) => u.id === commune.id)?.parentId).toBe(district);
      expect(units.find((u) => u.id === communeFront.id)?.parentId).toBe(commune.id);
      await admin('patch', `/api/admin/org-units/${commune.id}`, { parentId: province.id }, 200);

      const events = await adminEvents({
        targetType: 'org-unit',
        targetId: commune.id,
        order: 'asc',
      });
      expect(events.map((e) => e.action)).toEqual([
        'org-unit.create',
        'org-unit.update',
        'org-unit.move',
        'org-unit.move',
      ]);
      expect(events[1]).toEqual(
        expect.objectContaining({
          actor: expect.objectContaining({ username: 'admin' }),
          before: expect.objectContaining({ name: 'Xã Hòa An', parentId: province.id }),
          after: expect.objectContaining({ name: 'Xã Hòa An (mới)', parentId: province.id }),
        }),
      );
      expect(events[2].after).toEqual(expect.objectContaining({ parentId: district }));
    });
  });

  describe('users', () => {
    let user: UserBody;
    let unit: string;

    beforeAll(async () => {
      unit = await t.unitId('phu-hoa.hoi-nong-dan');
      user = await createUser({
        username: ' Hnd.Phu-Hoa ',
        fullName: 'Chủ tịch Hội Nông dân xã Phú Hòa',
        roles: ['official'],
        capabilities: [],
        orgUnitId: unit,
      });
    });

    it('creates a user with an argon2 password, roles, capabilities and unit', async () => {
      expect(user).toEqual(
        expect.objectContaining({
          username: 'hnd.phu-hoa',
          roles: ['official'],
          capabilities: [],
          orgUnitId: unit,
          active: true,
        }),
      );
      expect(user).not.toHaveProperty('passwordHash');
      const [row] = await sql.rows<{ password_hash: string }>(
        'SELECT password_hash FROM users WHERE id = $1',
        [user.id],
      );
      expect(row.password_hash).toMatch(/^\$argon2id\$/);
      expect((await signIn('hnd.phu-hoa', PASSWORD)).status).toBe(200);
    });

    it('refuses taken usernames, unknown units, unknown roles and weak passwords', async () => {
      const valid = {
        username: 'hnd.phu-hoa',
        fullName: 'Trùng tên',
        roles: ['official'],
        capabilities: [],
        orgUnitId: unit,
        password: PASSWORD,
      };
      await admin('post', '/api/admin/users', valid, 409);
      const noUnit = await admin(
        'post',
        '/api/admin/users',
        { ...valid, username: 'x.y', orgUnitId: UNKNOWN_ID },
        422,
      );
      expect(noUnit.body.details).toEqual([expect.objectContaining({ path: '/orgUnitId' })]);
      for (const bad of [
        { roles: ['superuser'] },
        { roles: [] },
        { capabilities: ['signer'] },
        { password: 'short' },
        { username: 'có dấu' },
      ]) {
        await admin('post', '/api/admin/users', { ...valid, username: 'x.y', ...bad }, 400);
      }
    });

    it('lists users by unit, role, state and text, page by page', async () => {
      const byUnit = await admin('get', `/api/admin/users?orgUnitId=${unit}`, undefined, 200);
      expect((byUnit.body.items as UserBody[]).map((u) => u.username)).toEqual(['hnd.phu-hoa']);
      const auditors = await admin('get', '/api/admin/users?role=auditor', undefined, 200);
      expect((auditors.body.items as UserBody[]).map((u) => u.username)).toEqual(['auditor']);
      const text = await admin('get', '/api/admin/users?q=N%C3%B4ng%20d%C3%A2n', undefined, 200);
      expect((text.body.items as UserBody[]).map((u) => u.username)).toEqual(['hnd.phu-hoa']);

      const all: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = cursor ? `&cursor=${cursor}` : '';
        const page = await admin('get', `/api/admin/users?limit=4${query}`, undefined, 200);
        all.push(...(page.body.items as UserBody[]).map((u) => u.username));
        cursor = page.body.nextCursor as string | null;
      } while (cursor);
      expect(all).toEqual([...all].sort());
      expect(new Set(all).size).toBe(all.length);
      expect(all).toEqual(expect.arrayContaining(['admin', 'btv', 'hnd.phu-hoa', 'mttq.an-binh']));
    });

    it('changes roles, capabilities and unit; tokens issued before are refused', async () => {
      const token = await t.login('hnd.phu-hoa', PASSWORD);
      const audit = () =>
        request(t.http).get('/api/audit/verify').set('Authorization', `Bearer ${token}`);
      expect((await audit()).status).toBe(403);

      const front = await t.unitId('phu-hoa.mttq');
      const changed = await admin(
        'patch',
        `/api/admin/users/${user.id}`,
        { roles: ['official', 'auditor'], capabilities: ['drafter'], orgUnitId: front },
        200,
      );
      expect(changed.body).toEqual(
        expect.objectContaining({
          roles: ['official', 'auditor'],
          capabilities: ['drafter'],
          orgUnitId: front,
        }),
      );
      // A change of roles bumps the token version: the old token is refused, a new one carries them.
      expect((await audit()).status).toBe(401);
      const renewed = await t.login('hnd.phu-hoa', PASSWORD);
      expect(
        (await request(t.http).get('/api/audit/verify').set('Authorization', `Bearer ${renewed}`))
          .status,
      ).toBe(200);

      await admin('patch', `/api/admin/users/${user.id}`, { orgUnitId: UNKNOWN_ID }, 422);
      await admin('patch', `/api/admin/users/${UNKNOWN_ID}`, { fullName: 'Không có' }, 404);
    });

    it('resets a password', async () => {
      const next = 'mat-khau-moi-2026';
      await admin('patch', `/api/admin/users/${user.id}`, { password: next }, 200);
      expect((await signIn('hnd.phu-hoa', PASSWORD)).status).toBe(401);
      expect((await signIn('hnd.phu-hoa', next)).status).toBe(200);
    });

    it('deactivates a user, who can no longer sign in or use a token, and reactivates them', async () => {
      const target = await createUser({
        username: 'ccb.phu-hoa',
        fullName: 'Chủ tịch Hội Cựu chiến binh xã Phú Hòa',
        roles: ['official'],
        capabilities: [],
        orgUnitId: await t.unitId('phu-hoa.hoi-ccb'),
      });
      const token = (await signIn('ccb.phu-hoa', PASSWORD)).body.accessToken as string;
      const inbox = () => request(t.http).get('/api/inbox').set('Authorization', `Bearer ${token}`);
      expect((await inbox()).status).toBe(200);

      const off = await admin('post', `/api/admin/users/${target.id}/deactivate`, undefined, 200);
      expect(off.body.active).toBe(false);
      // Told it is locked only with the right password; a wrong one answers as for anyone.
      const locked = await signIn('ccb.phu-hoa', PASSWORD);
      expect(locked.status).toBe(403);
      expect(locked.body).toMatchObject({ reason: 'account-locked' });
      expect((await signIn('ccb.phu-hoa', 'wrong-password')).status).toBe(401);
      expect((await inbox()).status).toBe(401);
      // Twice is the same as once, and records nothing more.
      await admin('post', `/api/admin/users/${target.id}/deactivate`, undefined, 200);
      expect(await sql.count('SELECT count(*) FROM users WHERE id = $1', [target.id])).toBe(1);

      const on = await admin('post', `/api/admin/users/${target.id}/reactivate`, undefined, 200);
      expect(on.body.active).toBe(true);
      const again = await signIn('ccb.phu-hoa', PASSWORD);
      expect(again.status).toBe(200);
      // The deactivation bumped the token version: the token issued before stays refused.
      expect((await inbox()).status).toBe(401);
      const renewed = again.body.accessToken as string;
      expect(
        (await request(t.http).get('/api/inbox').set('Authorization', `Bearer ${renewed}`)).status,
      ).toBe(200);

      const events = await adminEvents({ targetId: target.id, order: 'asc' });
      expect(events.map((e) => e.action)).toEqual([
        'user.create',
        'user.deactivate',
        'user.reactivate',
      ]);
      expect(events[1].before).toEqual(expect.objectContaining({ active: true }));
      expect(events[1].after).toEqual(expect.objectContaining({ active: false }));
    });

    it('keeps the reason given for a lock in its admin audit event, and refuses a bad one', async () => {
      const target = await createUser({
        username: 'tn.phu-hoa',
        fullName: 'Bí thư Đoàn Thanh niên xã Phú Hòa',
        roles: ['official'],
        capabilities: [],
        orgUnitId: await t.unitId('phu-hoa.hoi-ccb'),
      });
      const lock = `/api/admin/users/${target.id}/deactivate`;
      for (const reason of ['', '   ', 'x'.repeat(1001), 42, null]) {
        await admin('post', lock, { reason }, 400);
      }
      await admin('post', lock, { reason: '  Chuyển công tác từ ngày 01/12.  ' }, 200);
      await admin('post', `/api/admin/users/${target.id}/reactivate`, undefined, 200);
      const events = await adminEvents({ targetId: target.id, order: 'asc' });
      expect(events.map((e) => [e.action, e.reason])).toEqual([
        ['user.create', null],
        ['user.deactivate', 'Chuyển công tác từ ngày 01/12.'],
        ['user.reactivate', null],
      ]);
    });

    it('keeps admins from locking themselves out', async () => {
      const self = (await signIn('admin', 'demo')).body.user.id as string;
      await admin('post', `/api/admin/users/${self}/deactivate`, undefined, 403);
      await admin('patch', `/api/admin/users/${self}`, { roles: ['official'] }, 403);
      expect((await as('admin', 'get', '/api/admin/users')).status).toBe(200);
    });

    it('records every change with who, when, before and after, and never a password', async () => {
      const events = await adminEvents({ targetType: 'user', targetId: user.id, order: 'asc' });
      expect(events.map((e) => e.action)).toEqual([
        'user.create',
        'user.update',
        'user.password-reset',
      ]);
      const [created, updated, reset] = events;
      expect(created).toEqual(
        expect.objectContaining({
          actor: expect.objectContaining({ username: 'admin' }),
          targetType: 'user',
          before: null,
          after: expect.objectContaining({
            username: 'hnd.phu-hoa',
            roles: ['official'],
            active: true,
          }),
        }),
      );
      expect(updated.before).toEqual(
        expect.objectContaining({ roles: ['official'], capabilities: [] }),
      );
      expect(updated.after).toEqual(
        expect.objectContaining({ roles: ['official', 'auditor'], capabilities: ['drafter'] }),
      );
      expect([reset.before, reset.after]).toEqual([null, null]);
      expect(Date.parse(created.at)).toBeLessThanOrEqual(Date.parse(reset.at));

      const everything = await adminEvents({ limit: '500' });
      expect(JSON.stringify(everything)).not.toMatch(/argon2|mat-khau/);
      // Refused changes wrote nothing.
      expect(everything.filter((e) => e.targetId === UNKNOWN_ID)).toEqual([]);
      expect(await adminEvents({ actor: 'btv' })).toEqual([]);
    });

    it('pages the admin audit store by keyset', async () => {
      const whole = await adminEvents({ limit: '500' });
      const paged: string[] = [];
      let cursor: string | undefined;
      do {
        const res = await as(
          'auditor',
          'get',
          `/api/audit/admin-events?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
        );
        paged.push(...(res.body.items as AdminEventBody[]).map((e) => e.id));
        cursor = (res.body.nextCursor as string | null) ?? undefined;
      } while (cursor);
      expect(paged).toEqual(whole.map((e) => e.id));
    });

    it('keeps the admin audit store append-only, even from SQL', async () => {
      // The serving role has no such privilege; the owner is stopped by the triggers.
      const owner = await TestSql.connect(t.ownerDatabaseUrl);
      try {
        for (const db of [sql, owner]) {
          await expect(
            db.rows(`UPDATE admin_audit_events SET action = 'user.delete'`),
          ).rejects.toThrow(/append-only|permission denied/);
          await expect(db.rows(`DELETE FROM admin_audit_events`)).rejects.toThrow(
            /append-only|permission denied/,
          );
          await expect(db.rows(`TRUNCATE admin_audit_events`)).rejects.toThrow(
            /append-only|permission denied/,
          );
        }
      } finally {
        await owner.close();
      }
    });
  });
});
