import { getDataSourceToken } from '@nestjs/typeorm';
import { type Page } from 'playwright-core';
import { type DataSource } from 'typeorm';
import { DeadlineHandler } from '../../src/modules/deadlines/deadline-handler.service';
import { WorkflowFactory } from '../factories/workflow-factory';
import { type TestApp } from '../utils/test-app';
import { axeViolations, screenshot, type Browser } from './support/browser';
import { serveWebApp, type ServedWebApp } from './support/serve-web-app';

/**
 * Gaps a reviewer found on the official's screen (issue 13), each checked in headless Chromium
 * against the real API and worker: no raw keys while a definition loads, a header menu that fits
 * at desktop sizes, the error summary brought into view on a phone, admin forms without uncaught
 * errors, follow-up actions on an escalated case page, and a few small wording/structure fixes.
 */
jest.setTimeout(300_000);

const DESKTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };

describe('gaps on the official’s screen (headless Chromium)', () => {
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;
  let served: ServedWebApp;
  let flow: WorkflowFactory;

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
    await page.getByRole('button', { name: /^Thông báo/ }).waitFor();
    return page;
  }

  it('shows no raw state or field key while the definition is still loading', async () => {
    const created = await flow.create('mttq.an-binh', 'regulation-review', 'an-binh.mttq', {
      title: 'Rà soát quy chế — chờ Đảng ủy xã',
    });
    const submitted = await flow.act(
      'mttq.an-binh',
      created.id,
      'SUBMIT',
      await flow.sample('regulation-review.SUBMIT'),
    );
    expect(submitted.state).toBe('communeReview');

    const page = await signIn('mttq.an-binh');
    // Every text the page ever shows, from its first paint on.
    await page.addInitScript(`(() => {
      const seen = new Set();
      window.__seenTexts = seen;
      const record = () => { if (document.body) seen.add(document.body.innerText); };
      new MutationObserver(record).observe(document, {
        subtree: true, childList: true, characterData: true,
      });
    })()`);
    // The definition answers late, as on a slow line: the page must wait for it, not show keys.
    await page.route('**/api/definitions/regulation-review**', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      await route.continue();
    });
    await page.goto(`${baseUrl}/instances/${created.id}`);
    await page.getByText('Cấp ủy xã, thị trấn xem xét').first().waitFor();
    // The data card, once the definition has answered.
    await page.getByText('Tên quy chế', { exact: true }).waitFor();
    await page.getByText('01/QCPH-MTTQ-UBND').waitFor();
    const seen = await page.evaluate<string[]>(`[...window.__seenTexts]`);
    expect(seen.length).toBeGreaterThan(1);
    const raw = seen.flatMap((text) =>
      [...text.matchAll(/(?<![\p{L}])(communeReview|signedDate|issuingParties)(?![\p{L}])/gu)].map(
        (match) => match[1],
      ),
    );
    expect([...new Set(raw)]).toEqual([]);
    await page.close();
  });

  it('keeps every header link reachable at 1366 and 1024 px: on the one-line header or in the drawer', async () => {
    for (const username of ['danvan', 'thuongtruc', 'mttq.an-binh']) {
      const page = await signIn(username, { width: 1920, height: 900 });
      const wide = await page.locator('nav.app-nav .ant-menu-item').count();
      expect(wide).toBeGreaterThanOrEqual(5);
      for (const width of [1366, 1024]) {
        await page.setViewportSize({ width, height: 768 });
        await page.waitForTimeout(300);
        const header = (await page.locator('header.app-header').boundingBox())!;
        if (await page.locator('nav.app-nav').isVisible()) {
          const items = await page.locator('nav.app-nav .ant-menu-item').all();
          expect(items).toHaveLength(wide);
          for (const item of items) {
            const box = (await item.boundingBox())!;
            expect({ username, width, inside: box.y >= header.y - 1 }).toEqual({
              username,
              width,
              inside: true,
            });
            expect({
              username,
              width,
              inside:
                box.y + box.height <= header.y + header.height + 1 &&
                box.x + box.width <= header.x + header.width + 1,
            }).toEqual({ username, width, inside: true });
          }
        } else {
          await page.getByRole('button', { name: 'Điều hướng chính' }).click();
          const drawer = page.locator('.ant-drawer-open');
          await drawer.waitFor();
          await expect(drawer.locator('nav .ant-menu-item a').count()).resolves.toBe(wide);
          await screenshot(page, `gaps-menu-drawer-${username}-${width}`);
          await page.keyboard.press('Escape');
          await drawer.waitFor({ state: 'detached' }).catch(() => undefined);
          // Let the mask fade out before axe measures colours.
          await page.waitForTimeout(800);
        }
        const serious = (await axeViolations(page)).filter(
          (v) => v.impact === 'serious' || v.impact === 'critical',
        );
        expect({ username, width, serious }).toEqual({ username, width, serious: [] });
      }
      await page.close();
    }
  });

  it('brings the error summary into view and focus on a phone; empty rows are not called duplicates', async () => {
    const created = await flow.create('mttq.an-binh', 'regulation-review', 'an-binh.mttq', {
      title: 'Rà soát quy chế — trình khi còn trống',
    });
    const page = await signIn('mttq.an-binh', PHONE);
    await page.goto(`${baseUrl}/instances/${created.id}`);
    await page.getByRole('tab', { name: 'Trình duyệt' }).click();
    const submit = page.getByRole('tabpanel').getByRole('button', { name: 'Trình duyệt' });
    await submit.scrollIntoViewIfNeeded();
    await submit.click();
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    await page.waitForFunction(
      `document.activeElement && document.activeElement.classList.contains('error-summary')`,
    );
    const where = await page.evaluate<{ top: number; height: number }>(
      `(() => ({ top: document.querySelector('.error-summary').getBoundingClientRect().top, height: window.innerHeight }))()`,
    );
    expect(where.top).toBeGreaterThanOrEqual(0);
    expect(where.top).toBeLessThan(where.height);
    await screenshot(page, 'gaps-phone-error-summary');
    const text = await summary.innerText();
    expect(text).toContain('Các bên ký kết');
    expect(text).not.toContain('trùng nhau');

    // An empty file is said to be empty, not of the wrong type.
    await page.setViewportSize(DESKTOP);
    await page
      .locator('input[type=file]')
      .first()
      .setInputFiles({
        name: 'trong.pdf',
        mimeType: 'application/pdf',
        buffer: Buffer.alloc(0),
      });
    await page.getByText(/trống \(0 byte\)/).waitFor();
    await page.close();
  });

  it('answers invalid “Thêm đơn vị” and “Thêm người dùng” forms with field messages, no uncaught error', async () => {
    const page = await signIn('admin');
    await page.goto(`${baseUrl}/admin`);
    // The expand column of the workflows table has a name for screen readers.
    const expandHeader = page.locator('th.ant-table-row-expand-icon-cell').first();
    await expandHeader.waitFor();
    expect((await expandHeader.textContent())?.trim()).toBe('Các phiên bản');

    for (const [tab, button] of [
      ['Đơn vị', 'Thêm đơn vị'],
      ['Người dùng', 'Thêm người dùng'],
    ]) {
      await page.getByRole('tab', { name: tab }).click();
      await page.getByRole('button', { name: button }).click();
      const dialog = page.getByRole('dialog');
      await dialog.waitFor();
      await dialog.getByRole('button', { name: 'Lưu' }).click();
      await dialog.locator('.ant-form-item-explain-error').first().waitFor();
      await page.waitForTimeout(300);
      expect(browser.pageErrors).toEqual([]);
      await dialog.getByRole('button', { name: 'Hủy' }).click();
      await dialog.waitFor({ state: 'detached' });
    }
    await page.close();
  });

  it('gives a supervisor remind and comment on an escalated case page, and no attaching', async () => {
    // A draft of Phú Hòa past its deadline, escalated to the commune's Party committee.
    const late = await flow.create('mttq.phu-hoa', 'annual-summary', 'phu-hoa.mttq', {
      title: 'Sơ kết 6 tháng — xã Phú Hòa (đôn đốc)',
    });
    const db = t.app.get<DataSource>(getDataSourceToken());
    // (TypeORM answers an UPDATE with [rows, count], so the task is read back apart.)
    await db.query(
      `UPDATE workflow_tasks SET due_at = now() - interval '1 day'
        WHERE instance_id = $1 AND status = 'open'`,
      [late.id],
    );
    const [step] = await db.query<Array<{ id: string }>>(
      `SELECT id FROM workflow_tasks WHERE instance_id = $1 AND status = 'open'`,
      [late.id],
    );
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
    await page.goto(`${baseUrl}/instances/${late.id}`);
    await page.getByRole('button', { name: 'Nhắc việc' }).waitFor();
    expect(await page.getByText('Bạn không có thao tác nào ở bước này').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Đính kèm tài liệu' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Góp ý', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Nội dung góp ý').fill('Đề nghị xã khẩn trương hoàn thành.');
    await dialog.getByRole('button', { name: 'Gửi góp ý' }).click();
    await page.getByText('Đã gửi góp ý').waitFor();
    await screenshot(page, 'gaps-follow-up-case');
    await page.close();
  });

  it('gives every page a level-1 heading, the bad-id page too', async () => {
    const page = await signIn('danvan');
    for (const path of [
      '/directives',
      '/campaigns',
      '/campaigns/new',
      '/meetings',
      '/instances/not-an-id',
    ]) {
      await page.goto(`${baseUrl}${path}`);
      await page.waitForLoadState('networkidle');
      await page.locator('h1').first().waitFor();
      expect({ path, h1: await page.locator('h1').count() }).toEqual({ path, h1: 1 });
    }
    await page.close();
  });
});
