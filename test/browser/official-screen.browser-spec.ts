import { rm } from 'node:fs/promises';
import { type Page } from 'playwright-core';
import { WorkflowFactory } from '../factories/workflow-factory';
import { type InstanceBody } from '../utils/api-types';
import { createTestApp, type TestApp } from '../utils/test-app';
import { axeViolations, launchBrowser, screenshot, textOf, type Browser } from './support/browser';
import { buildWebApp } from './support/web-build';

/**
 * The official's screen (issue 13), in headless Chromium against the real API and worker: the
 * notification bell, returned cases, my cases, follow-ups apart, fast first load, Vietnamese
 * everywhere, safe actions, the inbox's views, admin forms, monitoring and accessibility.
 * Screenshots go to test-artifacts/screenshots/ (gitignored).
 */
jest.setTimeout(180_000);

const DESKTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };
const RETURN_REASON = 'Đề nghị bổ sung cơ chế phối hợp với Hội Cựu chiến binh xã.';

describe('the official’s screen (headless Chromium)', () => {
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;
  let webDir: string;
  let flow: WorkflowFactory;
  let returned: InstanceBody;

  beforeAll(async () => {
    webDir = await buildWebApp();
    t = await createTestApp({ WEB_DIST_DIR: webDir, LOGIN_RATE_LIMIT: '1000' });
    await t.app.listen(0, '127.0.0.1');
    baseUrl = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    browser = await launchBrowser();
    flow = new WorkflowFactory(t);
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    if (webDir) await rm(webDir, { recursive: true, force: true });
  });

  afterEach(() => {
    expect(browser.pageErrors).toEqual([]);
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
});
