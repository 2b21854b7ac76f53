import { type Page } from 'playwright-core';
import { type TestApp } from '../utils/test-app';
import {
  axeViolations,
  chooseOption,
  screenshot,
  textOf,
  typeDate,
  type Browser,
} from './support/browser';
import { serveWebApp, type ServedWebApp } from './support/serve-web-app';

/**
 * The web application end to end, in headless Chromium against the real API, worker, PostgreSQL
 * and Redis: a regulation review carried from draft to promulgated by four users signing in
 * through the UI, a return for revision, a form error at its field, an auditor, an admin, axe-core
 * checks and screenshots (test-artifacts/screenshots/).
 */
jest.setTimeout(120_000);

const REGULATION_TITLE = 'Rà soát quy chế phối hợp năm 2026 — xã An Bình';
const RETURN_COMMENT =
  'Đề nghị bổ sung trách nhiệm của Hội Nông dân xã trong kiểm tra, giám sát chung.';

const EXCHANGE_MESSAGE =
  'Xã đã bổ sung trách nhiệm kiểm tra, giám sát chung theo ý kiến của Đảng ủy.';

const STATE = {
  draft: 'Dự thảo',
  communeReview: 'Cấp ủy xã, thị trấn xem xét',
  boardReview: 'Ban Dân vận xem xét',
  committeeReview: 'Ban Thường vụ xem xét, quyết định',
  promulgated: 'Đã ban hành',
};

describe('web application (headless Chromium)', () => {
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;
  let served: ServedWebApp;
  let instanceId: string;

  beforeAll(async () => {
    served = await serveWebApp();
    ({ t, browser, baseUrl } = served);
  });

  afterAll(async () => {
    await served?.close();
  });

  afterEach(() => {
    expect(browser.pageErrors).toEqual([]);
  });

  /** A new tab (its own session) signed in through the sign-in form. */
  async function signIn(
    username: string,
    viewport?: { width: number; height: number },
  ): Promise<Page> {
    const page = await browser.context.newPage();
    if (viewport) await page.setViewportSize(viewport);
    await page.goto(`${baseUrl}/`);
    await page.getByLabel('Tên đăng nhập').fill(username);
    await page.getByLabel('Mật khẩu').fill('demo');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page
      .getByRole('button', { name: 'Đăng xuất' })
      .or(page.getByRole('button', { name: 'Điều hướng chính' }))
      .first()
      .waitFor();
    return page;
  }

  async function openInstance(page: Page, id: string): Promise<void> {
    await page.goto(`${baseUrl}/instances/${id}`);
    await page.locator('h1').waitFor();
  }

  async function waitForState(page: Page, title: string): Promise<void> {
    await page
      .locator('.ant-descriptions-item', { hasText: 'Bước hiện tại' })
      .getByText(title, { exact: true })
      .waitFor();
  }

  /** Opens the action's tab and returns its panel. */
  async function actionPanel(page: Page, action: string) {
    await page.getByRole('tab', { name: action }).click();
    return page.getByRole('tabpanel', { name: action });
  }

  async function expectNoAxeViolations(page: Page): Promise<void> {
    expect(await axeViolations(page)).toEqual([]);
  }

  it('serves the app at / with client routes falling back to index.html, leaving /api alone', async () => {
    const index = await fetch(`${baseUrl}/inbox`);
    expect(index.status).toBe(200);
    expect(await index.text()).toContain('<div id="root">');
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'");
    const api = await fetch(`${baseUrl}/api/no-such-route`);
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toContain('application/json');
    expect((await fetch(`${baseUrl}/health`)).status).toBe(200);
  });

  it('shows the sign-in page in Vietnamese and refuses a wrong password', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${baseUrl}/`);
    expect(await page.locator('html').getAttribute('lang')).toBe('vi');
    await page.getByLabel('Tên đăng nhập').fill('mttq.an-binh');
    await page.getByLabel('Mật khẩu').fill('sai-mat-khau');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    expect(await textOf(page.getByRole('alert'))).toContain('Sai tên đăng nhập hoặc mật khẩu');
    await screenshot(page, '01-sign-in');
    await expectNoAxeViolations(page);
    await page.close();
  });

  it('lets the commune Front draft a regulation review, showing a form error at its field', async () => {
    const page = await signIn('mttq.an-binh');
    await page.getByRole('heading', { name: 'Việc cần xử lý' }).waitFor();

    await page.getByRole('link', { name: 'Tạo hồ sơ' }).click();
    await page.getByRole('heading', { name: 'Tạo hồ sơ mới' }).waitFor();
    // The unit defaults to the user's own.
    expect(
      await textOf(
        page
          .locator('.ant-form-item', { hasText: 'Đơn vị' })
          .locator('.ant-select-content, .ant-select-selection-item'),
      ),
    ).toContain('xã An Bình');
    await chooseOption(page, page.getByLabel('Quy trình'), 'Rà soát, bổ sung quy chế phối hợp');
    await page.getByLabel('Tiêu đề hồ sơ').fill(REGULATION_TITLE);
    await screenshot(page, '03-new-instance');
    await page.getByRole('button', { name: 'Tạo hồ sơ' }).click();
    await page.waitForURL(/\/instances\/[0-9a-f-]{36}$/);
    instanceId = page.url().split('/').pop() ?? '';
    await waitForState(page, STATE.draft);

    const form = await actionPanel(page, 'Trình duyệt');
    await page.fill('#f-submit_regulationNumber', '01/QCPH-MTTQ-UBND');
    await page.fill('#f-submit_regulationTitle', 'Quy');
    await typeDate(page, '#f-submit_signedDate', '15/03/2023');
    await page.fill('#f-submit_issuingParties_0', 'Ủy ban MTTQ Việt Nam xã An Bình');
    await page.fill('#f-submit_issuingParties_1', 'Ủy ban nhân dân xã An Bình');
    await page.fill(
      '#f-submit_scope',
      'Phối hợp trong vận động, tuyên truyền, giám sát và phản biện xã hội tại xã.',
    );
    await page.fill(
      '#f-submit_coordinatingOrganizations_0_organizationName',
      'Hội Nông dân xã An Bình',
    );
    await chooseOption(
      page,
      page.locator('#f-submit_coordinatingOrganizations_0_role'),
      'Phối hợp',
    );
    await page.fill(
      '#f-submit_coordinatingOrganizations_0_mechanism',
      'Xây dựng chương trình phối hợp hằng năm, họp liên tịch định kỳ.',
    );
    await page.fill(
      '#f-submit_coordinatingOrganizations_0_regime',
      'Họp định kỳ 6 tháng; thông tin, báo cáo hai chiều bằng văn bản.',
    );
    await page.fill(
      '#f-submit_coordinatingOrganizations_0_responsibility',
      'Tuyên truyền, vận động hội viên tham gia xây dựng nông thôn mới.',
    );
    await page.fill(
      '#f-submit_reviewFindings',
      'Quy chế cơ bản còn phù hợp; cần làm rõ trách nhiệm kiểm tra, giám sát chung.',
    );
    await typeDate(page, '#f-submit_effectiveDate', '01/07/2026');
    await form.getByRole('button', { name: 'Trình duyệt' }).click();

    // The server's 422 detail shows at the field it names, in Vietnamese.
    const titleItem = page.locator('.ant-form-item', {
      has: page.locator('#f-submit_regulationTitle'),
    });
    expect(await textOf(titleItem.locator('.ant-form-item-explain-error'))).toContain(
      'ít nhất 5 ký tự',
    );
    // The summary at the top of the form links to each field the server refused.
    const summary = await textOf(form.getByRole('alert'));
    expect(summary).toContain('Biểu mẫu còn');
    expect(summary).toContain('ít nhất 5 ký tự');
    await screenshot(page, '05-form-error');

    await page.fill(
      '#f-submit_regulationTitle',
      'Quy chế phối hợp giữa Ủy ban MTTQ và UBND xã An Bình',
    );
    await form.getByRole('button', { name: 'Trình duyệt' }).click();
    await waitForState(page, STATE.communeReview);
    await page.close();
  });

  it('lets the commune Party committee return it with a required comment', async () => {
    const page = await signIn('dangu.an-binh');
    const link = page.getByRole('link', { name: REGULATION_TITLE });
    await link.waitFor();
    expect(
      await textOf(
        page
          .locator('.ant-statistic', { hasText: 'Đang chờ xử lý' })
          .locator('.ant-statistic-content'),
      ),
    ).toMatch(/[1-9]/);
    await screenshot(page, '02-inbox');
    await expectNoAxeViolations(page);

    // Keyboard first: the first Tab reaches the skip link.
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent')).toBe(
      'Bỏ qua, đến nội dung chính',
    );

    // Search (without diacritics) and the empty result.
    const search = page
      .getByRole('searchbox', { name: 'Tìm kiếm' })
      .or(page.getByLabel('Tìm kiếm'));
    await search.first().fill('khong co ho so nao nhu the');
    await search.first().press('Enter');
    // A search that finds nothing says so, apart from an inbox with nothing waiting.
    await page.getByText('Không có kết quả phù hợp').waitFor();
    await search.first().fill('quy che phoi hop');
    await search.first().press('Enter');
    await link.waitFor();

    await link.click();
    await waitForState(page, STATE.communeReview);
    await page.getByRole('button', { name: 'Nhận xử lý' }).click();
    await page.getByText('Bạn đang nhận xử lý việc này').waitFor();
    await screenshot(page, '04-instance-review');
    await expectNoAxeViolations(page);

    const panel = await actionPanel(page, 'Trả lại để chỉnh sửa');
    await panel.getByRole('button', { name: 'Trả lại để chỉnh sửa' }).click();
    expect(await textOf(panel.locator('.ant-form-item-explain-error'))).toContain(
      'Cần nhập ý kiến',
    );
    await panel.getByLabel('Ý kiến xử lý (bắt buộc)').fill(RETURN_COMMENT);
    await panel.getByRole('button', { name: 'Trả lại để chỉnh sửa' }).click();
    await waitForState(page, STATE.draft);
    await page.close();
  });

  it('shows the drafter the return comment in the history, and takes the corrected resubmission', async () => {
    const page = await signIn('mttq.an-binh');
    await openInstance(page, instanceId);
    await waitForState(page, STATE.draft);
    const history = page.locator('.history-entry', { hasText: 'Trả lại để chỉnh sửa' });
    expect(await textOf(history.locator('.history-comment'))).toBe(RETURN_COMMENT);
    expect(await textOf(history)).toContain('dangu.an-binh');

    // The form starts from what was submitted before.
    const form = await actionPanel(page, 'Trình duyệt');
    expect(await page.inputValue('#f-submit_regulationNumber')).toBe('01/QCPH-MTTQ-UBND');
    await page.fill(
      '#f-submit_coordinatingOrganizations_0_responsibility',
      'Tuyên truyền, vận động hội viên; tham gia kiểm tra, giám sát chung theo kế hoạch liên tịch.',
    );
    await form.getByRole('button', { name: 'Trình duyệt' }).click();
    await waitForState(page, STATE.communeReview);

    await page.getByLabel('Nội dung trao đổi').fill(EXCHANGE_MESSAGE);
    await page.getByRole('button', { name: 'Gửi trao đổi' }).click();
    await page.locator('.comment-item', { hasText: EXCHANGE_MESSAGE }).waitFor();
    await page.close();
  });

  it('carries it through the commune committee, the Mass Mobilisation Board and the Standing Committee', async () => {
    const steps: Array<[string, string, string | null]> = [
      ['dangu.an-binh', STATE.boardReview, null],
      ['danvan', STATE.committeeReview, 'Nhất trí, đề nghị Ban Thường vụ xem xét ban hành.'],
      ['btv', STATE.promulgated, null],
    ];
    for (const [username, next, opinion] of steps) {
      const page = await signIn(username);
      const link = page.getByRole('link', { name: REGULATION_TITLE });
      await link.waitFor();
      await link.click();
      // The exchange is seen by every unit on the route.
      await page.locator('.comment-item', { hasText: EXCHANGE_MESSAGE }).waitFor();
      const panel = await actionPanel(page, 'Phê duyệt');
      if (opinion) await page.fill('#f-approve_opinion', opinion);
      await panel.getByRole('button', { name: 'Phê duyệt' }).click();
      await waitForState(page, next);
      if (next === STATE.promulgated) {
        expect(
          await textOf(page.locator('.ant-descriptions-item', { hasText: 'Tình trạng' })),
        ).toContain('Hoàn thành');
        expect(await page.getByRole('tab').count()).toBe(0);
        await page.getByRole('img', { name: /Sơ đồ các bước/ }).waitFor();
        await screenshot(page, '06-instance-promulgated');
        await expectNoAxeViolations(page);
      }
      await page.close();
    }
  });

  it('shows text the server sends as text, never as markup', async () => {
    const token = await t.login('mttq.an-binh');
    const hostile =
      '<img src=x onerror="window.__injected=1"><script>window.__injected=2</script> Kiểm tra';
    const res = await fetch(`${baseUrl}/api/instances`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        definitionKey: 'regulation-review',
        orgUnitId: await t.unitId('an-binh.mttq'),
        title: hostile,
      }),
    });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    const page = await signIn('mttq.an-binh');
    await openInstance(page, id);
    expect(await textOf(page.locator('h1'))).toBe(hostile);
    expect(await page.locator('main img[src="x"]').count()).toBe(0);
    expect(await page.evaluate('window.__injected')).toBeUndefined();
    await page.close();
  });

  it('lets an auditor verify the chain and find the instance', async () => {
    const page = await signIn('auditor');
    await page.getByRole('heading', { name: 'Kiểm tra', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Kiểm tra chuỗi lịch sử' }).click();
    expect(await textOf(page.locator('.ant-alert-success'))).toContain('Chuỗi lịch sử toàn vẹn');

    // Without diacritics, as people often type.
    await page.getByLabel('Từ khóa').fill('ra soat quy che phoi hop nam 2026');
    await page.getByRole('button', { name: 'Tra cứu', exact: true }).click();
    const found = page.getByRole('link', { name: REGULATION_TITLE }).first();
    await found.waitFor();
    await screenshot(page, '07-audit');
    await expectNoAxeViolations(page);

    await found.click();
    await page.getByText('Chuỗi lịch sử của hồ sơ toàn vẹn').waitFor();
    expect(await textOf(page.locator('.history-comment'))).toBe(RETURN_COMMENT);
    await screenshot(page, '08-audit-timeline');
    await page.close();
  });

  it('lets an admin publish a new version of a definition from its JSON', async () => {
    const page = await signIn('admin');
    await page.getByRole('heading', { name: 'Quản trị quy trình' }).waitFor();
    const row = page.locator('tr', { hasText: 'regulation-review' });
    await row.waitFor();
    await screenshot(page, '09-admin');
    await expectNoAxeViolations(page);
    await page.getByRole('tab', { name: 'Người dùng' }).click();
    await page
      .getByRole('tabpanel', { name: 'Người dùng' })
      .getByText('mttq.an-binh', { exact: true })
      .waitFor();
    await page.getByRole('tab', { name: 'Quy trình' }).click();

    await row.getByRole('link', { name: /Chi tiết/ }).click();
    const editor = page.getByLabel('Định nghĩa quy trình (JSON)');
    await editor.waitFor();
    await page.getByRole('img', { name: /Sơ đồ các bước/ }).waitFor();

    // An invalid document gets the server's problems listed, and nothing is published.
    await editor.fill('{ "key": "regulation-review" }');
    await page.getByRole('button', { name: 'Kiểm tra' }).click();
    expect(await textOf(page.getByRole('alert'))).toContain('Định nghĩa chưa hợp lệ');

    const document = (await (
      await fetch(`${baseUrl}/api/definitions/regulation-review`, {
        headers: { Authorization: `Bearer ${await t.login('admin')}` },
      })
    ).json()) as { document: { title: { vi: string; en: string } } };
    const next = structuredClone(document.document);
    next.title.vi = `${next.title.vi} (sửa đổi năm 2026)`;
    await editor.fill(JSON.stringify(next, null, 2));
    // A valid draft is drawn live before it is published.
    await page.getByRole('button', { name: 'Kiểm tra' }).click();
    await page.getByRole('heading', { name: 'Sơ đồ bản nháp (chưa công bố)' }).waitFor();
    await page.getByRole('img', { name: 'Sơ đồ bản nháp (chưa công bố)' }).waitFor();
    await page.getByRole('button', { name: 'Ban hành phiên bản mới' }).click();
    // Publishing is irreversible: it asks for confirmation and a reason first.
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Phát hành' }).click();
    await dialog.getByText('Vui lòng nhập lý do').waitFor();
    await dialog.getByLabel('Lý do (bắt buộc)').fill('Cập nhật tên quy trình theo quy chế năm 2026.');
    await dialog.getByRole('button', { name: 'Phát hành' }).click();
    await page.getByText('Đã ban hành phiên bản 2 của quy trình regulation-review').waitFor();
    // The reason is kept in the admin audit store, beside the published version.
    const events = (await (
      await fetch(`${baseUrl}/api/audit/admin-events?action=definition.publish`, {
        headers: { Authorization: `Bearer ${await t.login('auditor')}` },
      })
    ).json()) as { items: Array<{ targetId: string; reason: string | null }> };
    expect(events.items).toEqual([
      expect.objectContaining({
        targetId: 'regulation-review@2',
        reason: 'Cập nhật tên quy trình theo quy chế năm 2026.',
      }),
    ]);
    await page.getByRole('heading', { name: /sửa đổi năm 2026/ }).waitFor();
    expect(
      await page.locator('.ant-table-tbody tr', { hasText: 'Đang áp dụng' }).count(),
    ).toBeGreaterThanOrEqual(1);
    // A dry run of the document being edited: each step's outcome, nothing written.
    await page.getByRole('button', { name: 'Chạy thử' }).click();
    await page.locator('.ant-table-row', { hasText: 'dangu.an-binh' }).waitFor();
    await screenshot(page, '10-admin-definition');
    await expectNoAxeViolations(page);
    await page.close();
  });

  it('works on a phone-sized screen and in English', async () => {
    const phone = { width: 390, height: 844 };
    const page = await signIn('mttq.an-binh', phone);
    await page.getByRole('heading', { name: 'Việc cần xử lý' }).waitFor();
    const overflow = await page.evaluate(
      'document.documentElement.scrollWidth - window.innerWidth',
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, '11-phone-inbox');
    await openInstance(page, instanceId);
    await page.getByRole('img', { name: /Sơ đồ các bước/ }).waitFor();
    await screenshot(page, '12-phone-instance');

    // antd hides the radio input itself behind its button-styled label.
    await page.locator('label', { hasText: /^EN$/ }).click();
    await page.getByRole('heading', { name: 'Task content' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByRole('button', { name: 'Main navigation' }).click();
    await page.getByRole('link', { name: 'Inbox' }).click();
    await page.getByRole('heading', { name: 'Inbox' }).waitFor();
    await screenshot(page, '13-phone-inbox-en');
    await page.close();
  });
});
