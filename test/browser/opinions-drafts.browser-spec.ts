import { type Locator, type Page } from 'playwright-core';
import { WorkflowFactory, ok } from '../factories/workflow-factory';
import { type InstanceBody } from '../utils/api-types';
import { type TestApp } from '../utils/test-app';
import { TestSql } from '../utils/test-sql';
import { screenshot, textOf, type Browser } from './support/browser';
import { serveWebApp, type ServedWebApp } from './support/serve-web-app';

/**
 * Opinions and drafts in headless Chromium against the real API, worker, PostgreSQL and Redis:
 * the next approver reads the previous approver's opinion (typed once, in the form's opinion
 * field), and a draft with an incomplete row survives a reload, the page saying truthfully whether
 * it is saved (a body over the size limit is refused with 413 and shown as not saved).
 */
jest.setTimeout(400_000);

const APPROVAL_OPINION = 'Đồng ý trình Ban Dân vận; đề nghị bổ sung kế hoạch giám sát năm 2027.';
const SAVED_AT = /Đã lưu lúc (\d\d:\d\d)/;

describe('opinions and drafts in the web application (headless Chromium)', () => {
  let t: TestApp;
  let api: WorkflowFactory;
  let browser: Browser;
  let baseUrl: string;
  let served: ServedWebApp;

  beforeAll(async () => {
    // A small body limit, so a draft can really be refused for its size (413).
    served = await serveWebApp({ env: { BODY_LIMIT: '8kb' }, defaultTimeout: 60_000 });
    ({ t, browser, baseUrl } = served);
    api = new WorkflowFactory(t);
  }, 600_000);

  afterAll(async () => {
    await served?.close();
  });

  afterEach(() => {
    expect(browser.pageErrors).toEqual([]);
  });

  async function signIn(username: string): Promise<Page> {
    const page = await browser.context.newPage();
    await page.goto(`${baseUrl}/`);
    await page.getByLabel('Tên đăng nhập').fill(username);
    await page.getByLabel('Mật khẩu').fill('demo');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();
    return page;
  }

  async function openAction(page: Page, instanceId: string, action: string): Promise<Locator> {
    await page.goto(`${baseUrl}/instances/${instanceId}`);
    await page.locator('h1').waitFor();
    const tab = page.getByRole('tab', { name: action });
    if ((await tab.getAttribute('aria-selected')) !== 'true') await tab.click();
    return page.getByRole('tabpanel', { name: action });
  }

  async function waitForState(page: Page, title: string): Promise<void> {
    await page
      .locator('.ant-descriptions-item', { hasText: 'Bước hiện tại' })
      .getByText(title, { exact: true })
      .waitFor();
  }

  it('shows the next approver the opinion the previous one typed in the one opinion box', async () => {
    const instance = await api.submit(
      'mttq.an-binh',
      await api.startRegulation('an-binh', 'Rà soát quy chế phối hợp — ý kiến các cấp'),
    );
    const page = await signIn('dangu.an-binh');
    const panel = await openAction(page, instance.id, 'Phê duyệt');
    // One box: the form's opinion field; no separate comment box beside it.
    await panel.locator('#f-approve_opinion').waitFor();
    expect(await panel.locator('textarea').count()).toBe(1);
    expect(await panel.getByText('Ý kiến xử lý').count()).toBe(0);
    await panel.locator('#f-approve_opinion').fill(APPROVAL_OPINION);
    await panel.getByRole('button', { name: 'Phê duyệt' }).click();
    await waitForState(page, 'Ban Dân vận xem xét');
    await page.close();

    const [approver] = await names('dangu.an-binh');
    const next = await signIn('danvan');
    await next.goto(`${baseUrl}/instances/${instance.id}`);
    const entry = next.locator('.history-entry', { hasText: 'Phê duyệt' });
    expect(await textOf(entry.locator('.history-comment'))).toBe(APPROVAL_OPINION);
    const said = await textOf(entry);
    expect(said).toContain(approver.fullName);
    expect(said).toContain(approver.unit);
    await screenshot(next, '20-next-approver-sees-opinion');
    await next.close();
  });

  it('keeps a draft with an incomplete row across a reload, saying truthfully when it is saved', async () => {
    const instance: InstanceBody = await api.startRegulation('an-binh', 'Dự thảo quy chế soạn dở');
    const page = await signIn('mttq.an-binh');
    let panel = await openAction(page, instance.id, 'Trình duyệt');
    const status = panel.getByRole('status');
    expect(await textOf(status)).toContain('tự động lưu');

    // A row with only its name: incomplete, as work in progress is.
    await page.fill('#f-submit_regulationNumber', '05/QCPH-MTTQ-UBND');
    await page.fill(
      '#f-submit_coordinatingOrganizations_0_organizationName',
      'Hội Cựu chiến binh xã An Bình',
    );
    await status.getByText(SAVED_AT).waitFor();

    // Over the body limit: the server refuses (413) and the page says "not saved", never "saved".
    await page.fill('#f-submit_reviewFindings', 'ệ'.repeat(4000));
    await status.getByText('Chưa lưu').waitFor();
    expect(await textOf(status)).toContain('vượt quá dung lượng');
    await status.getByRole('button', { name: 'thử lại' }).click();
    await status.getByText('Chưa lưu').waitFor();
    expect(await textOf(status)).not.toMatch(SAVED_AT);
    await screenshot(page, '21-draft-not-saved');
    const kept = ok<{ data: Record<string, unknown> }>(
      await api.get('mttq.an-binh', `/api/instances/${instance.id}/draft`, {
        eventType: 'SUBMIT',
      }),
      200,
      'draft before the refusal',
    );
    expect(kept.data.reviewFindings).toBeUndefined();

    await page.fill('#f-submit_reviewFindings', 'Quy chế cơ bản còn phù hợp.');
    await status.getByText(SAVED_AT).waitFor();
    const saved = ok<{ data: Record<string, unknown>; updatedAt: string }>(
      await api.get('mttq.an-binh', `/api/instances/${instance.id}/draft`, {
        eventType: 'SUBMIT',
      }),
      200,
      'saved draft',
    );
    expect(saved.data).toEqual(
      expect.objectContaining({
        regulationNumber: '05/QCPH-MTTQ-UBND',
        reviewFindings: 'Quy chế cơ bản còn phù hợp.',
        coordinatingOrganizations: [
          expect.objectContaining({ organizationName: 'Hội Cựu chiến binh xã An Bình' }),
        ],
      }),
    );

    await page.reload();
    await page.locator('h1').waitFor();
    panel = page.getByRole('tabpanel', { name: 'Trình duyệt' });
    const restored = panel.getByRole('status');
    await restored.getByText('Đã khôi phục bản nháp').waitFor();
    // The time shown is the server's, in the browser's zone (Asia/Ho_Chi_Minh, UTC+7).
    expect((await textOf(restored)).match(SAVED_AT)?.[1]).toBe(
      hoursAndMinutesUtc7(saved.updatedAt),
    );
    expect(await page.inputValue('#f-submit_regulationNumber')).toBe('05/QCPH-MTTQ-UBND');
    expect(await page.inputValue('#f-submit_coordinatingOrganizations_0_organizationName')).toBe(
      'Hội Cựu chiến binh xã An Bình',
    );
    expect(await page.inputValue('#f-submit_reviewFindings')).toBe('Quy chế cơ bản còn phù hợp.');
    await screenshot(page, '22-draft-restored');
    await page.close();
  });

  async function names(username: string): Promise<Array<{ fullName: string; unit: string }>> {
    const sql = await TestSql.connect(t.databaseUrl);
    try {
      return await sql.rows<{ fullName: string; unit: string }>(
        `SELECT u.full_name AS "fullName", ou.name AS unit
           FROM users u JOIN org_units ou ON ou.id = u.org_unit_id WHERE u.username = $1`,
        [username],
      );
    } finally {
      await sql.close();
    }
  }
});

function hoursAndMinutesUtc7(iso: string): string {
  const local = new Date(new Date(iso).getTime() + 7 * 3_600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`;
}
