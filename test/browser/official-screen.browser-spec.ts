import { getDataSourceToken } from '@nestjs/typeorm';
import { type DataSource } from 'typeorm';
import { DeadlineHandler } from '../../src/modules/deadlines/deadline-handler.service';
import { type Locator, type Page } from 'playwright-core';
import { WorkflowFactory } from '../factories/workflow-factory';
import { type InstanceBody } from '../utils/api-types';
import { type TestApp } from '../utils/test-app';
import { axeViolations, screenshot, textOf, type Browser } from './support/browser';
import { serveWebApp, type ServedWebApp } from './support/serve-web-app';

/**
 * The official's screen (issue 13), in headless Chromium against the real API and worker: the
 * notification bell, returned cases, my cases, follow-ups apart, fast first load, Vietnamese
 * everywhere, safe actions, the inbox's views, admin forms, monitoring and accessibility.
 * Screenshots go to test-artifacts/screenshots/ (gitignored).
 */
jest.setTimeout(180_000);

const DESKTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };
/** Chromium DevTools' "Slow 4G" preset. */
const SLOW_4G = { latency: 562.5, downloadThroughput: 180_000, uploadThroughput: 84_375 };
const SCRIPT_BUDGET_BYTES = 350 * 1024;
/**
 * The target for the first row on Slow 4G, asserted. The page's inline early script asks
 * for the first screen's data at once and draws the rows while the bundle downloads
 * (web/src/early-inbox.ts), so the row no longer waits for ~320 KB at 180 KB/s plus the bundle's
 * start-up: 2.1–2.4 s over nine runs on the shared two-core machine, where the app's own rows
 * followed at 4.0–5.4 s.
 */
const FIRST_ROW_TARGET_MS = 3_000;
const RETURN_REASON = 'Đề nghị bổ sung cơ chế phối hợp với Hội Cựu chiến binh xã.';

describe('the official’s screen (headless Chromium)', () => {
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;
  let served: ServedWebApp;
  let flow: WorkflowFactory;
  let returned: InstanceBody;

  beforeAll(async () => {
    served = await serveWebApp({ defaultTimeout: 45_000 });
    ({ t, browser, baseUrl } = served);
    flow = new WorkflowFactory(t);
  }, 600_000);

  afterAll(async () => {
    await served?.close();
  });

  afterEach(() => {
    expect(browser?.pageErrors).toEqual([]);
  });

  async function signIn(
    username: string,
    viewport: { width: number; height: number } = DESKTOP,
  ): Promise<Page> {
    const page = await browser.context.newPage();
    await page.setViewportSize(viewport);
    await page.goto(`${baseUrl}/`);
    await page.getByLabel('Tên đăng nhập').fill(username);
    await page.getByLabel('Mật khẩu').fill('demo');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await bell(page).waitFor();
    return page;
  }

  function bell(page: Page) {
    return page.getByRole('button', { name: /^Thông báo/ });
  }

  async function expectAxeClean(page: Page): Promise<void> {
    const serious = (await axeViolations(page)).filter(
      (v) => v.impact === 'serious' || v.impact === 'critical',
    );
    expect(serious).toEqual([]);
  }

  /** A regulation review sent up by the An Bình Front and returned by its Party committee. */
  async function returnedCase(title: string): Promise<InstanceBody> {
    const created = await flow.create('mttq.an-binh', 'regulation-review', 'an-binh.mttq', {
      title,
    });
    await flow.act(
      'mttq.an-binh',
      created.id,
      'SUBMIT',
      await flow.sample('regulation-review.SUBMIT'),
    );
    return flow.act('dangu.an-binh', created.id, 'RETURN', undefined, RETURN_REASON);
  }

  it('1. rings the bell for a returned case without a reload, lists it and marks it read', async () => {
    const page = await signIn('mttq.an-binh');
    expect(await textOf(bell(page))).toBe('Thông báo');
    expect(await page.locator('main').count()).toBe(1);

    returned = await returnedCase('Rà soát quy chế phối hợp — xã An Bình (bị trả lại)');
    // Live: the count arrives by polling, with no navigation.
    await page.getByRole('button', { name: /^Thông báo, [1-9]\d* chưa đọc$/ }).waitFor({
      timeout: 30_000,
    });
    await bell(page).click();
    const dialog = page.locator('.notification-list');
    const entry = dialog.locator('.notification-unread', { hasText: 'Hồ sơ bị trả lại' });
    await entry.waitFor();
    expect(await textOf(entry)).toContain(RETURN_REASON);
    await screenshot(page, 'screen-01-notifications');
    await expectAxeClean(page);

    const before = Number(/(\d+) chưa đọc/.exec(await textOf(bell(page)))?.[1]);
    await entry.locator('button').click();
    await page.waitForURL(`**/instances/${returned.id}`);
    await page
      .getByRole('button', {
        name: before > 1 ? `Thông báo, ${before - 1} chưa đọc` : 'Thông báo',
        exact: true,
      })
      .waitFor();

    await bell(page).click();
    if (before > 1) {
      await page.getByRole('button', { name: 'Đánh dấu tất cả đã đọc' }).click();
    }
    await page.getByRole('button', { name: 'Thông báo', exact: true }).waitFor();
    await page.close();
  });

  /** The element's box lies wholly inside the first screen of the page. */
  async function expectAboveTheFold(page: Page, selector: string): Promise<void> {
    await page.evaluate('window.scrollTo(0, 0)');
    const box = await page.locator(selector).first().boundingBox();
    const viewport = page.viewportSize();
    expect(box).not.toBeNull();
    expect((box?.y ?? 0) + (box?.height ?? 0)).toBeLessThanOrEqual(viewport?.height ?? 0);
  }

  it.each([
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ])(
    '2. says a case was returned, by whom, when and why, above the fold (%s)',
    async (name, size) => {
      const page = await signIn('mttq.an-binh', size);
      const row = page.locator('.returned-line', { hasText: RETURN_REASON });
      await row.first().waitFor();
      expect(await textOf(row)).toContain('Bí thư');
      await expectAboveTheFold(page, '.returned-line');
      await screenshot(page, `screen-02-inbox-returned-${name}`);

      await page.goto(`${baseUrl}/instances/${returned.id}`);
      const banner = page.locator('.returned-banner');
      await banner.waitFor();
      const text = await textOf(banner);
      expect(text).toContain('Bị trả lại để chỉnh sửa');
      expect(text).toContain(RETURN_REASON);
      expect(text).toMatch(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
      await expectAboveTheFold(page, '.returned-banner');
      await screenshot(page, `screen-02-instance-returned-${name}`);
      await expectAxeClean(page);
      await page.close();
    },
  );

  it('3. lists my cases (created, acted on, followed) from the navigation, with filters and a total', async () => {
    const page = await signIn('dangu.an-binh');
    await page.getByRole('navigation').getByRole('link', { name: 'Hồ sơ của tôi' }).click();
    await page.waitForURL('**/instances');
    await page.getByRole('heading', { name: 'Hồ sơ của tôi', level: 1 }).waitFor();
    await page.getByText('Bạn chưa tạo hồ sơ nào').waitFor();

    await page.getByRole('tab', { name: 'Tôi đã xử lý' }).click();
    const link = page.getByRole('link', { name: returned.title });
    await link.waitFor();
    expect(await textOf(page.locator('.result-total'))).toMatch(/Tổng số: [1-9]/);
    await screenshot(page, 'screen-03-my-cases');
    await expectAxeClean(page);

    const search = page.getByLabel('Tìm kiếm').first();
    await search.fill('khong co ho so nao nhu vay');
    await search.press('Enter');
    await page.getByText('Không có kết quả phù hợp').waitFor();
    await search.fill('quy che phoi hop');
    await search.press('Enter');
    await link.waitFor();
    await page.close();

    // A direct visit of /instances is the page, not a 404.
    const drafter = await signIn('mttq.an-binh', PHONE);
    await drafter.goto(`${baseUrl}/instances`);
    await drafter.getByRole('link', { name: returned.title }).waitFor();
    await screenshot(drafter, 'screen-03-my-cases-phone');
    await drafter.close();
  });

  it('4. keeps follow-up copies (đôn đốc) out of the inbox, in their own tab with remind and comment', async () => {
    // A draft of Phú Hòa past its deadline, escalated to the commune's Party committee.
    const late = await flow.create('mttq.phu-hoa', 'annual-summary', 'phu-hoa.mttq', {
      title: 'Sơ kết 6 tháng — xã Phú Hòa (quá hạn)',
    });
    const db = t.app.get<DataSource>(getDataSourceToken());
    const [step] = await db.query<Array<{ id: string }>>(
      `UPDATE workflow_tasks SET due_at = now() - interval '1 day'
        WHERE instance_id = $1 AND status = 'open' RETURNING id`,
      [late.id],
    );
    // The app's own sweeper may get there first: either way the follow-up copy exists once.
    expect(['done', 'skipped']).toContain(await t.app.get(DeadlineHandler).escalate(step.id));
    for (;;) {
      const [{ n }] = await db.query<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM workflow_tasks WHERE instance_id = $1 AND kind = 'escalation'`,
        [late.id],
      );
      if (n === 1) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    const page = await signIn('dangu.phu-hoa');
    await page.getByRole('heading', { name: 'Việc cần xử lý', level: 1 }).waitFor();
    await page
      .locator('.result-total')
      .getByText(/Tổng số/)
      .waitFor();
    expect(await page.getByRole('link', { name: late.title }).count()).toBe(0);

    await page.getByRole('tab', { name: /Đôn đốc \(1\)/ }).click();
    const row = page.locator('tr', { hasText: late.title });
    await row.waitFor();
    await screenshot(page, 'screen-04-follow-ups');
    await expectAxeClean(page);
    await row.getByRole('button', { name: 'Nhắc việc' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Lời nhắn (không bắt buộc)').fill('Đề nghị xã hoàn thành trong tuần.');
    await dialog.getByRole('button', { name: 'Gửi nhắc việc' }).click();
    await page.getByText('Đã nhắc đơn vị chậm xử lý').waitFor();
    await row.getByRole('button', { name: 'Góp ý' }).click();
    await page.getByRole('dialog').getByLabel('Nội dung góp ý').fill('Xã cần báo cáo lý do chậm.');
    await page.getByRole('dialog').getByRole('button', { name: 'Gửi góp ý' }).click();
    await page.getByText('Đã gửi góp ý').waitFor();
    await page.close();

    const drafter = await signIn('mttq.phu-hoa');
    await drafter.getByRole('button', { name: /^Thông báo, [1-9]/ }).click();
    await drafter
      .locator('.notification-list')
      .getByText(/Đôn đốc:/)
      .first()
      .waitFor();
    await drafter.close();
  });

  it('9. inbox: clickable counters, sortable columns, total, saved views, no match vs nothing waiting', async () => {
    const page = await signIn('mttq.an-binh');
    await page
      .locator('.result-total')
      .getByText(/Tổng số: [1-9]/)
      .waitFor();
    await page
      .getByRole('button', { name: /Quá hạn/ })
      .first()
      .click();
    await page.waitForURL(/overdue=true/);
    await page.getByRole('button', { name: /Đang chờ xử lý/ }).click();
    await page.waitForURL((url) => !url.search.includes('overdue'));

    await page.getByRole('columnheader', { name: 'Ngày nhận' }).click();
    await page.waitForURL(/sort=age/);
    await page.getByRole('columnheader', { name: 'Hạn xử lý' }).click();
    await page.waitForURL((url) => !url.search.includes('sort=age'));

    const search = page.getByLabel('Tìm kiếm').first();
    await search.fill('khong co ho so nao nhu vay');
    await search.press('Enter');
    await page.getByText('Không có kết quả phù hợp').waitFor();
    await page.getByRole('button', { name: 'Bỏ lọc' }).click();
    await search.fill('quy che');
    await search.press('Enter');
    await page.getByRole('button', { name: 'Lưu bộ lọc' }).click();
    await page.getByRole('dialog').getByLabel('Tên bộ lọc').fill('Quy chế của xã');
    await page.getByRole('dialog').getByLabel('Chia sẻ cho cả đơn vị').check();
    await page.getByRole('dialog').getByRole('button', { name: 'Lưu', exact: true }).click();
    await page.getByText('Đã lưu bộ lọc').waitFor();
    await screenshot(page, 'screen-09-inbox-views');
    await expectAxeClean(page);
    await page.close();

    // The approver of the same commune has nothing waiting: the empty text says so.
    const other = await signIn('thuongtruc');
    await other.getByText('Không có việc nào đang chờ').waitFor();
    await other.close();
  });

  it('6. shows the signed-in inbox’s first row within 3 s on Slow 4G, within the compressed script budget', async () => {
    const page = await signIn('mttq.an-binh');
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', { offline: false, ...SLOW_4G });
    const scripts = new Set<string>();
    const documents = new Set<string>();
    let scriptBytes = 0;
    let documentBytes = 0;
    cdp.on('Network.responseReceived', (event) => {
      if (event.type === 'Script') scripts.add(event.requestId);
      if (event.type === 'Document') documents.add(event.requestId);
    });
    cdp.on('Network.loadingFinished', (event) => {
      if (scripts.has(event.requestId)) scriptBytes += event.encodedDataLength;
      if (documents.has(event.requestId)) documentBytes += event.encodedDataLength;
    });
    // A row of the inbox with its case link, whoever drew it: the early script or the app.
    const firstRow = page
      .locator('main tbody tr')
      .filter({ has: page.locator('a[href^="/instances/"]') })
      .first();
    const appRow = page.locator('#root .ant-table-row').first();
    const started = Date.now();
    const navigation = page.goto(`${baseUrl}/inbox`, { waitUntil: 'commit' });
    await firstRow.waitFor({ timeout: 30_000 });
    const firstRowMs = Date.now() - started;
    const early = await cellTexts(firstRow);
    await appRow.waitFor({ timeout: 30_000 });
    const appRowMs = Date.now() - started;
    await navigation;
    console.log(
      `Slow 4G inbox: ${scripts.size} scripts, ${(scriptBytes / 1024).toFixed(1)} KB compressed (+ ${(documentBytes / 1024).toFixed(1)} KB page with its inline early script); first row after ${firstRowMs} ms (target ${FIRST_ROW_TARGET_MS} ms), the app's own rows after ${appRowMs} ms`,
    );
    // The early row says what the app's row says (names, step, dates; no raw key), and gave way.
    expect(early).toEqual(await cellTexts(appRow));
    expect(await page.locator('#early-inbox').count()).toBe(0);
    expect(await page.locator('main').count()).toBe(1);

    // The early script is inline: the page's policy allows it by its hash, and no other inline one.
    const csp = (await fetch(`${baseUrl}/inbox`)).headers.get('content-security-policy');
    expect(csp).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/]+=*'(;|$)/);
    const asset = await fetch(
      `${baseUrl}${await page.locator('script[src]').first().getAttribute('src')}`,
      { headers: { 'Accept-Encoding': 'br, gzip' } },
    );
    expect(asset.headers.get('content-encoding')).toBe('br');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    // The budget: everything the inbox statically needs is one first-load chunk (~320 KB
    // of brotli plus headers) and the page's inline early script, so a page that drags a heavy
    // component into it fails here.
    expect(scriptBytes + documentBytes).toBeLessThanOrEqual(SCRIPT_BUDGET_BYTES);
    expect(firstRowMs).toBeLessThanOrEqual(FIRST_ROW_TARGET_MS);
    await cdp.detach();
    await page.close();
  });

  /** A row's cells as text, spacing aside (antd lays tags out in flex boxes, the early row inline). */
  async function cellTexts(row: Locator): Promise<string[]> {
    return (await row.locator('td').allInnerTexts()).map((text) => text.replace(/\s+/g, ''));
  }

  it('7. asks for confirmation and a reason before cancelling; a refused form lists its errors at the top', async () => {
    const draft = await flow.create('mttq.an-binh', 'regulation-review', 'an-binh.mttq', {
      title: 'Hồ sơ tạo nhầm — xã An Bình',
    });
    const page = await signIn('mttq.an-binh');
    await page.goto(`${baseUrl}/instances/${draft.id}`);

    // Enter in a field never sends the form; a refused submit lists each error, linked.
    await page.getByRole('tab', { name: 'Trình duyệt' }).click();
    await page.fill('#f-submit_regulationTitle', 'Quy');
    await page.press('#f-submit_regulationTitle', 'Enter');
    expect(await page.locator('.error-summary').count()).toBe(0);
    await page
      .getByRole('tabpanel', { name: 'Trình duyệt' })
      .getByRole('button', { name: 'Trình duyệt' })
      .click();
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    expect(await textOf(summary)).toMatch(/Biểu mẫu còn \d+ lỗi/);
    const links = summary.getByRole('link');
    expect(await links.count()).toBeGreaterThan(1);
    await screenshot(page, 'screen-07-error-summary');
    const before = await links.count();
    await page.fill('#f-submit_regulationTitle', 'Quy chế phối hợp giữa MTTQ và UBND xã');
    await page.waitForFunction(`document.querySelectorAll('.error-summary a').length < ${before}`);

    await page.getByRole('tab', { name: 'Hủy bỏ' }).click();
    await page
      .getByRole('tabpanel', { name: 'Hủy bỏ' })
      .getByRole('button', { name: 'Hủy bỏ' })
      .click();
    const dialog = page.getByRole('dialog', { name: 'Hủy bỏ hồ sơ này?' });
    await dialog.getByRole('button', { name: 'Hủy bỏ hồ sơ' }).click();
    await dialog.getByText('Vui lòng nhập lý do').waitFor();
    await screenshot(page, 'screen-07-cancel-confirm');
    await dialog.getByLabel('Lý do (bắt buộc)').fill('Tạo nhầm quy trình, đã lập hồ sơ khác.');
    await dialog.getByRole('button', { name: 'Hủy bỏ hồ sơ' }).click();
    await page.locator('.ant-tag', { hasText: 'Đã hủy' }).first().waitFor();
    const history = await flow.history('mttq.an-binh', draft.id);
    expect(history.at(-1)).toMatchObject({
      type: 'CANCEL',
      comment: 'Tạo nhầm quy trình, đã lập hồ sơ khác.',
    });
    await page.close();
  });

  it('7. asks for a reason before locking an account; the locked official is told so at sign-in', async () => {
    const page = await signIn('admin');
    await page.goto(`${baseUrl}/admin`);
    await page.getByRole('tab', { name: 'Người dùng' }).click();
    await page.getByRole('button', { name: 'Khóa: mttq.tan-loc' }).click();
    const dialog = page.getByRole('dialog', { name: /Khóa tài khoản/ });
    // Press only once the dialog stands open with its reason field: a click during antd's opening
    // transition was lost once in a full run.
    await dialog.getByLabel('Lý do (bắt buộc)').waitFor();
    await dialog.getByRole('button', { name: 'Khóa tài khoản' }).click();
    await dialog.getByText('Vui lòng nhập lý do').waitFor();
    await screenshot(page, 'screen-07-lock-confirm');
    const reason = 'Cán bộ chuyển công tác, tạm khóa tài khoản.';
    await dialog.getByLabel('Lý do (bắt buộc)').fill(reason);
    await dialog.getByRole('button', { name: 'Khóa tài khoản' }).click();
    await page.getByRole('button', { name: 'Mở khóa: mttq.tan-loc' }).waitFor();
    const events = (await (
      await fetch(`${baseUrl}/api/audit/admin-events?action=user.deactivate`, {
        headers: { Authorization: `Bearer ${await t.login('auditor')}` },
      })
    ).json()) as { items: Array<{ reason: string | null }> };
    expect(events.items.map((e) => e.reason)).toEqual([reason]);

    const locked = await browser.context.newPage();
    await locked.setViewportSize(PHONE);
    // A new tab has its own (empty) session storage: nobody is signed in there.
    await locked.goto(`${baseUrl}/`);
    await locked.getByLabel('Tên đăng nhập').fill('mttq.tan-loc');
    await locked.getByLabel('Mật khẩu').fill('demo');
    await locked.getByRole('button', { name: 'Đăng nhập' }).click();
    await locked.getByText('Tài khoản của bạn đã bị khóa').waitFor();
    await screenshot(locked, 'screen-08-locked-sign-in');

    // Unlocking needs no reason: it undoes nothing irreversible.
    await page.getByRole('button', { name: 'Mở khóa: mttq.tan-loc' }).click();
    await page.getByRole('button', { name: 'Khóa: mttq.tan-loc' }).waitFor();
    await locked.close();
    await page.close();
  });

  it('8. lets the admin create and edit units (tree, kind, parent) and users (unit, roles, duties, password), each after a confirmation', async () => {
    const page = await signIn('admin');
    await page.goto(`${baseUrl}/admin`);
    await page.getByRole('tab', { name: 'Đơn vị' }).click();
    await page.getByRole('button', { name: 'Thêm đơn vị' }).click();
    let dialog = page.getByRole('dialog', { name: 'Thêm đơn vị mới' });
    await dialog.getByLabel('Mã').fill('an-binh.clb-huu-tri');
    await dialog.getByLabel('Tên đơn vị (tiếng Việt)').fill('Câu lạc bộ Hưu trí xã An Bình');
    await dialog.getByLabel('Loại').click();
    await page.keyboard.press('Enter');
    await dialog.getByLabel('Trực thuộc').fill('Xã An Bình');
    await page.locator('.ant-select-tree-node-content-wrapper[title="Xã An Bình"]').click();
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    // Nothing is sent before the confirmation, which says what will be saved.
    await dialog.getByText('Lưu đơn vị "Câu lạc bộ Hưu trí xã An Bình"').waitFor();
    await screenshot(page, 'screen-08-unit-confirm');
    await dialog.getByRole('button', { name: 'Xác nhận lưu' }).click();
    await dialog.waitFor({ state: 'detached' });
    const unitRow = page.locator('tr', { hasText: 'an-binh.clb-huu-tri' });
    await unitRow.waitFor();

    await page.getByRole('button', { name: 'Sửa: Câu lạc bộ Hưu trí xã An Bình' }).click();
    dialog = page.getByRole('dialog', { name: 'Sửa thông tin đơn vị' });
    await dialog
      .getByLabel('Tên đơn vị (tiếng Việt)')
      .fill('Câu lạc bộ Hưu trí – Người cao tuổi xã An Bình');
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await dialog.getByRole('button', { name: 'Xác nhận lưu' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page
      .locator('tr', { hasText: 'Câu lạc bộ Hưu trí – Người cao tuổi xã An Bình' })
      .waitFor();
    await screenshot(page, 'screen-08-units-tree');

    await page.getByRole('tab', { name: 'Người dùng' }).click();
    await page.getByRole('button', { name: 'Thêm người dùng' }).click();
    dialog = page.getByRole('dialog', { name: 'Thêm người dùng mới' });
    await dialog.getByLabel('Tên đăng nhập').fill('clb.an-binh');
    await dialog.getByLabel('Họ và tên').fill('Nguyễn Văn Thọ');
    await dialog.getByLabel('Đơn vị').fill('Người cao tuổi');
    await page
      .locator(
        '.ant-select-tree-node-content-wrapper[title="Câu lạc bộ Hưu trí – Người cao tuổi xã An Bình"]',
      )
      .click();
    await dialog.getByRole('checkbox', { name: 'Soạn thảo' }).check();
    await dialog.getByLabel('Mật khẩu').fill('mat-khau-2026');
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await dialog.getByText('Lưu tài khoản của Nguyễn Văn Thọ').waitFor();
    await dialog.getByRole('button', { name: 'Xác nhận lưu' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Sửa: clb.an-binh' }).click();
    dialog = page.getByRole('dialog', { name: 'Sửa tài khoản Nguyễn Văn Thọ' });
    await dialog.getByLabel('Đặt lại mật khẩu (để trống nếu không đổi)').fill('mat-khau-moi-2026');
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await dialog.getByText('Mật khẩu sẽ được đặt lại.').waitFor();
    await screenshot(page, 'screen-08-user-confirm');
    await dialog.getByRole('button', { name: 'Xác nhận lưu' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await textOf(page.locator('tr', { hasText: 'clb.an-binh' }))).toContain('Soạn thảo');

    const created = await browser.context.newPage();
    await created.goto(`${baseUrl}/`);
    await created.getByLabel('Tên đăng nhập').fill('clb.an-binh');
    await created.getByLabel('Mật khẩu').fill('mat-khau-moi-2026');
    await created.getByRole('button', { name: 'Đăng nhập' }).click();
    await bell(created).waitFor();
    await created.close();
    await page.close();
  });

  it('10. shows the Dân vận Board every commune on time / late / overdue / not started, as a chart and a table, with an Excel export', async () => {
    const page = await signIn('danvan');
    await page.getByRole('link', { name: 'Theo dõi', exact: true }).click();
    await page.getByRole('heading', { name: 'Theo dõi tiến độ theo đơn vị' }).waitFor();
    await page.getByRole('img', { name: /Biểu đồ cột/ }).waitFor();
    const table = page.locator('.ant-table');
    for (const commune of ['Xã An Bình', 'Xã Phú Hòa', 'Xã Tân Lộc', 'Thị trấn Châu Thành']) {
      await table.locator('tr', { hasText: commune }).first().waitFor();
    }
    for (const column of ['Đúng hạn', 'Trễ hạn', 'Quá hạn', 'Chưa thực hiện']) {
      await table.getByRole('columnheader', { name: column }).waitFor();
    }
    await screenshot(page, 'screen-10-monitoring');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Xuất Excel' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^theo-doi-tien-do-\d{4}-\d{2}-\d{2}\.xlsx$/);
    await expectAxeClean(page);
    await page.setViewportSize(PHONE);
    await screenshot(page, 'screen-10-monitoring-phone');
    await page.close();
  });
});
