import { type Page } from 'playwright-core';
import request from 'supertest';
import { WorkflowFactory } from '../factories/workflow-factory';
import { type TestApp } from '../utils/test-app';
import { axeViolations, screenshot, textOf, type Browser } from './support/browser';
import { serveWebApp, type ServedWebApp } from './support/serve-web-app';

/**
 * Issue 13 item 5, "Vietnamese everywhere": every page each role can reach is opened in `vi`, and
 * its visible text (plus accessible names and tooltips) must hold no raw code — event types like
 * ATTACHMENT_ADDED, guard names in brackets, camelCase state keys, English role names — and no
 * English sentence. Screenshots of every page go to test-artifacts/screenshots/.
 */
jest.setTimeout(600_000);

const DESKTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };

/** Words that only an English sentence has (none is a Vietnamese word without diacritics). */
const ENGLISH_WORDS =
  /^(the|and|is|are|must|should|please|your|you|with|from|has|have|been|was|were|will|this|that|there|which|not|cannot|required|invalid|failed|error|loading|submit|cancel|save|delete|search|select|items?|page|of|for|by|a)$/i;

/** Runs of ≥ 3 words in a row written in plain ASCII letters: candidate English sentences. */
function asciiRuns(text: string): string[] {
  const runs: string[] = [];
  let run: string[] = [];
  const close = () => {
    if (run.length >= 3) runs.push(run.join(' '));
    run = [];
  };
  for (const word of text.split(/[\s,.:;!?()"“”'’/–—-]+/u)) {
    if (/^[A-Za-z]{2,}$/.test(word)) run.push(word);
    else close();
  }
  close();
  return runs;
}

// Word edges that know Vietnamese letters (JavaScript's \b only knows ASCII ones).
const EDGE_BEFORE = '(?<![\\p{L}\\p{N}_])';
const EDGE_AFTER = '(?![\\p{L}\\p{N}_])';
const word = (body: string) => new RegExp(`${EDGE_BEFORE}(?:${body})${EDGE_AFTER}`, 'u');
const RAW_CODES: Array<[string, RegExp]> = [
  ['an event type or error code', word('[A-Z][A-Z0-9]*_[A-Z0-9_]+')],
  ['a guard name in brackets', /\[[a-z][A-Za-z0-9]*\]/],
  ['a camelCase key', word('[a-z]+[A-Z][A-Za-z0-9]*')],
  ['an English role name', word('approver|drafter|official|auditor|reviewer')],
];

/** What a page says: its text, and the names and tooltips a screen reader or a mouse shows. */
async function wordsOf(page: Page): Promise<string[]> {
  // A string: the test's tsconfig has no DOM types, the page runs it as it is.
  const texts = await page.evaluate<string[]>(`(() => {
    const texts = [document.title, ...document.body.innerText.split('\\n')];
    for (const element of document.body.querySelectorAll('[aria-label],[title],[alt]')) {
      for (const name of ['aria-label', 'title', 'alt']) {
        const value = element.getAttribute(name);
        if (value) texts.push(value);
      }
    }
    return texts;
  })()`);
  return texts.map((line) => line.trim()).filter((line) => line !== '');
}

/** Demo usernames without a dot (the admin's users table and its buttons show them). */
const SEEDED_USERNAMES = /(?<![\p{L}.])(admin|auditor|btv|danvan|thuongtruc)(?![\p{L}.])/gu;

/** Lines of the page that are a raw code or an English sentence, with why. */
export function problemsIn(lines: string[]): string[] {
  const problems: string[] = [];
  for (const line of lines) {
    // Usernames (mttq.an-binh), definition keys (regulation-review), e-mails, hashes and ids are
    // data the official types or checks, not wording; strip them before judging.
    const text = line
      .replace(SEEDED_USERNAMES, ' ')
      .replace(/\b[a-z0-9]+(?:[.-][a-z0-9]+)+\b/g, ' ')
      .replace(/\b[0-9a-f]{8,}\b/gi, ' ')
      .replace(/https?:\/\/\S+/g, ' ');
    for (const [what, pattern] of RAW_CODES) {
      const match = pattern.exec(text);
      if (match) problems.push(`${what} "${match[0]}" in: ${line}`);
    }
    for (const run of asciiRuns(text)) {
      if (run.split(' ').some((w) => ENGLISH_WORDS.test(w)))
        problems.push(`English "${run}" in: ${line}`);
    }
  }
  return problems;
}

/**
 * In the definition editor the admin types JSON: the JSON Schema keywords (maxLength, uniqueItems…)
 * and the quoted pointers into the document that a message names are what they must type, not raw
 * codes. Everything else in the message must be Vietnamese.
 */
const SCHEMA_KEYWORDS =
  /(?<![\p{L}])(maxLength|minLength|maxItems|minItems|uniqueItems|patternProperties|propertyNames|workingDays|reminderBefore|deadlineField|commentRequired|actorDistinctFrom)(?![\p{L}])/gu;
export function editorProblemsIn(lines: string[]): string[] {
  return problemsIn(
    lines.map((line) =>
      line
        .replace(/"\/[^"]*"/g, ' ')
        .replace(/(^|\s)\/\S*/g, ' ')
        .replace(SCHEMA_KEYWORDS, ' '),
    ),
  );
}

describe('Vietnamese everywhere (headless Chromium, every page, each role)', () => {
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;
  let served: ServedWebApp;
  let flow: WorkflowFactory;
  let caseId: string;
  let campaignId: string;

  beforeAll(async () => {
    served = await serveWebApp({ defaultTimeout: 45_000 });
    ({ t, browser, baseUrl } = served);
    flow = new WorkflowFactory(t);

    // A case with something of everything in its history: created, an attachment, sent, returned.
    const created = await flow.create('mttq.an-binh', 'regulation-review', 'an-binh.mttq', {
      title: 'Rà soát quy chế phối hợp — xã An Bình',
    });
    caseId = created.id;
    const upload = await request(t.http)
      .post(`/api/instances/${caseId}/attachments`)
      .set('Authorization', `Bearer ${await t.login('mttq.an-binh')}`)
      .attach('file', Buffer.from('%PDF-1.4\n%%EOF\n'), {
        filename: 'du-thao-quy-che.pdf',
        contentType: 'application/pdf',
      });
    expect(upload.status).toBe(201);
    await flow.act('mttq.an-binh', caseId, 'SUBMIT', await flow.sample('regulation-review.SUBMIT'));
    await flow.act('dangu.an-binh', caseId, 'RETURN', undefined, 'Đề nghị bổ sung điều khoản.');

    const campaign = await request(t.http)
      .post('/api/campaigns')
      .set('Authorization', `Bearer ${await t.login('danvan')}`)
      .send({
        title: 'Rà soát quy chế phối hợp năm 2026',
        definitionKey: 'regulation-review',
        dueDate: '2026-12-31',
        orgUnitIds: [await t.unitId('an-binh.mttq'), await t.unitId('phu-hoa.mttq')],
      });
    expect(campaign.status).toBe(201);
    campaignId = (campaign.body as { id: string }).id;
  }, 600_000);

  afterAll(async () => {
    await served?.close();
  });

  afterEach(() => {
    expect(browser?.pageErrors).toEqual([]);
  });

  async function signIn(username: string): Promise<Page> {
    const page = await browser.context.newPage();
    await page.setViewportSize(DESKTOP);
    await page.goto(`${baseUrl}/`);
    await page.getByLabel('Tên đăng nhập').fill(username);
    await page.getByLabel('Mật khẩu').fill('demo');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();
    return page;
  }

  /** Opens a page, lets it settle (data, lazy chunks, diagrams) and returns what is wrong on it. */
  async function crawl(page: Page, path: string, shot: string): Promise<string[]> {
    await page.goto(`${baseUrl}${path}`);
    await page.waitForLoadState('networkidle');
    await page
      .locator('.ant-skeleton, .ant-spin-spinning')
      .first()
      .waitFor({ state: 'detached', timeout: 20_000 })
      .catch(() => undefined);
    await screenshot(page, `vi-${shot}`);
    const problems = problemsIn(await wordsOf(page)).map((problem) => `${path}: ${problem}`);
    problems.push(...(await structureProblems(page, path)));
    // Tabs hold more of the page: the admin's users and units, a case's actions, the audit views.
    for (const tab of await page.getByRole('tab').all()) {
      if ((await tab.getAttribute('aria-disabled')) === 'true' || !(await tab.isVisible()))
        continue;
      const name = (await tab.textContent()) ?? '';
      await tab.click();
      await page.waitForLoadState('networkidle');
      problems.push(...problemsIn(await wordsOf(page)).map((p) => `${path} [${name}]: ${p}`));
    }
    return problems;
  }

  /**
   * Issue 13 item 11 on the same pages: exactly one <main>, and no serious or critical axe-core
   * violation at desktop (1366×768) and phone (390×844) sizes.
   */
  async function structureProblems(page: Page, path: string): Promise<string[]> {
    const problems: string[] = [];
    const mains = await page.locator('main').count();
    if (mains !== 1) problems.push(`${path}: ${mains} <main> elements`);
    for (const viewport of [DESKTOP, PHONE]) {
      await page.setViewportSize(viewport);
      for (const v of await axeViolations(page)) {
        if (v.impact === 'serious' || v.impact === 'critical') {
          problems.push(`${path} @${viewport.width}px: axe ${v.id} (${v.impact})`);
        }
      }
    }
    await page.setViewportSize(DESKTOP);
    return problems;
  }

  const PAGES: Array<[string, () => Array<[string, string]>]> = [
    [
      'mttq.an-binh',
      () => [
        ['/inbox', 'official-inbox'],
        ['/instances', 'official-my-cases'],
        ['/instances/new', 'official-new'],
        [`/instances/${caseId}`, 'official-case'],
        ['/directives', 'official-directives'],
        ['/campaigns', 'official-campaigns'],
        ['/no-such-page', 'official-not-found'],
        // Errors are said in Vietnamese too: a malformed id, a case that does not exist.
        ['/instances/not-an-id', 'official-bad-id'],
        ['/instances/00000000-0000-4000-8000-000000000000', 'official-unknown-case'],
        ['/campaigns/not-an-id', 'official-bad-campaign'],
      ],
    ],
    [
      'dangu.an-binh',
      () => [
        ['/inbox', 'approver-inbox'],
        [`/instances/${caseId}`, 'approver-case'],
      ],
    ],
    [
      'danvan',
      () => [
        ['/campaigns', 'board-campaigns'],
        ['/campaigns/new', 'board-new-campaign'],
        [`/campaigns/${campaignId}`, 'board-campaign'],
        ['/directives', 'board-directives'],
      ],
    ],
    [
      'auditor',
      () => [
        ['/audit', 'auditor-audit'],
        [`/audit/instances/${caseId}`, 'auditor-timeline'],
        ['/audit/instances/not-an-id', 'auditor-bad-id'],
      ],
    ],
    [
      'admin',
      () => [
        ['/admin', 'admin'],
        ['/admin/definitions/regulation-review', 'admin-definition'],
        ['/audit', 'admin-audit'],
      ],
    ],
  ];

  it.each(PAGES.map(([role, pages]) => [role, pages] as const))(
    'shows %s no raw code and no English sentence on any page; one <main>, axe-clean on desktop and phone',
    async (username, pages) => {
      const page = await signIn(username);
      const problems: string[] = [];
      for (const [path, shot] of pages()) problems.push(...(await crawl(page, path, shot)));
      expect([...new Set(problems)]).toEqual([]);
      await page.close();
    },
  );

  it('says an admin’s invalid workflow definition in Vietnamese, and in English under the switch', async () => {
    const admin = await signIn('admin');
    await admin.goto(`${baseUrl}/admin/definitions/regulation-review`);
    const editor = admin.getByLabel('Định nghĩa quy trình (JSON)');
    await editor.waitFor();
    const published = (await (
      await fetch(`${baseUrl}/api/definitions/regulation-review`, {
        headers: { Authorization: `Bearer ${await t.login('admin')}` },
      })
    ).json()) as { document: { key: string; machine: { initial: string } } };
    // A start state that does not exist, a key that is not kebab-case, an unknown event entry.
    const broken = structuredClone(published.document) as typeof published.document & {
      events: Record<string, unknown>;
    };
    broken.key = 'Quy Trinh';
    broken.machine.initial = 'khongco';
    broken.events.GUI = { title: { vi: 'Gửi', en: 'Send' } };
    await editor.fill(JSON.stringify(broken, null, 2));
    const messages = async (): Promise<string[]> => {
      const table = admin.getByRole('alert').getByRole('table');
      await table.waitFor();
      return table.locator('tbody tr td:nth-child(2)').allInnerTexts();
    };

    await admin.getByRole('button', { name: 'Kiểm tra' }).click();
    const vietnamese = await messages();
    await screenshot(admin, 'vi-admin-definition-problems');
    expect(vietnamese).toEqual(
      expect.arrayContaining([
        'key phải viết dạng kebab-case (chữ thường, chữ số và từng dấu gạch ngang)',
        'trạng thái đầu "khongco" không tồn tại',
        'sự kiện "GUI" không được máy trạng thái dùng',
      ]),
    );
    expect(problemsIn(vietnamese)).toEqual([]);

    // The English switch asks the server for English: the API's own words.
    const switchTo = (label: 'EN' | 'VI') =>
      admin.locator('label', { has: admin.getByRole('radio', { name: label }) }).click();
    await switchTo('EN');
    await admin.getByLabel('Workflow definition (JSON)').fill(JSON.stringify(broken, null, 2));
    await admin.getByRole('button', { name: 'Validate' }).click();
    await admin.getByText('initial state "khongco" does not exist').waitFor();
    expect(await messages()).toContain('event "GUI" is not used by the machine');
    await switchTo('VI');
    await admin.close();
  });

  it('says a form schema’s problems, publication’s bounds, bad JSON and a refused simulation in Vietnamese', async () => {
    const admin = await signIn('admin');
    await admin.goto(`${baseUrl}/admin/definitions/regulation-review`);
    const editor = admin.getByLabel('Định nghĩa quy trình (JSON)');
    await editor.waitFor();
    const published = (await (
      await fetch(`${baseUrl}/api/definitions/regulation-review`, {
        headers: { Authorization: `Bearer ${await t.login('admin')}` },
      })
    ).json()) as { document: { events: Record<string, { form?: Record<string, unknown> }> } };
    type FormSchema = { properties: Record<string, Record<string, unknown>> };
    const withForm = (change: (form: FormSchema) => void) => {
      const document = structuredClone(published.document);
      change(document.events.SUBMIT.form as unknown as FormSchema);
      return JSON.stringify(document, null, 2);
    };
    const cells = (alert: string, column: number) =>
      admin.locator(`${alert} table tbody tr td:nth-child(${column})`).allInnerTexts();

    // What the JSON Schema compiler refuses, an unsafe pattern, a misplaced opinion marker.
    const broken = withForm((form) => {
      form.properties.regulationNumber.type = 'text';
      form.properties.regulationTitle.pattern = '^(a+)+$';
      form.properties.issuingParties['x-opinion'] = true;
    });
    await editor.fill(broken);
    await admin.getByRole('button', { name: 'Kiểm tra' }).click();
    await admin.getByRole('alert').getByRole('table').waitFor();
    const problems = await cells('.ant-alert-error', 2);
    await screenshot(admin, 'vi-admin-form-schema-problems');
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Lược đồ biểu mẫu không hợp lệ: theo chuẩn JSON Schema, khóa/),
        expect.stringMatching(/^Biểu mẫu có thể làm treo máy chủ: biểu thức chính quy/),
        'Trường ý kiến (x-opinion) chưa đúng: trường x-opinion phải có type "string"',
      ]),
    );
    expect(editorProblemsIn(problems)).toEqual([]);

    // A valid draft whose field has no bound: the editor says what publication will add.
    await editor.fill(withForm((form) => delete form.properties.regulationTitle.maxLength));
    await admin.getByRole('button', { name: 'Kiểm tra' }).click();
    await admin.locator('.ant-alert-info table').waitFor();
    const notices = await cells('.ant-alert-info', 2);
    await screenshot(admin, 'vi-admin-definition-notices');
    expect(notices).toEqual(['đã thêm giới hạn độ dài maxLength 10000 ký tự']);
    expect(editorProblemsIn(notices)).toEqual([]);
    expect(editorProblemsIn(await wordsOf(admin))).toEqual([]);

    // Text that is not JSON: the place, in Vietnamese (the browser's reason is English).
    await editor.fill('{ "key": "regulation-review", }');
    await admin.getByRole('button', { name: 'Kiểm tra' }).click();
    const badJson = admin.getByRole('alert').filter({ hasText: 'JSON không hợp lệ' });
    await badJson.waitFor();
    expect(problemsIn([await textOf(badJson)])).toEqual([]);

    // A simulation: a step refused for its form, then a request naming nobody.
    await editor.fill(JSON.stringify(published.document, null, 2));
    const run = admin.getByRole('button', { name: 'Chạy thử' });
    await run.click();
    const outcome = admin
      .locator('.ant-card', { hasText: 'Các bước (JSON)' })
      .locator('tbody tr.ant-table-row');
    await outcome.first().waitFor();
    const refusal = await outcome.first().locator('td').last().innerText();
    expect(refusal).toMatch(/^Dữ liệu chưa hợp lệ: /);
    await screenshot(admin, 'vi-admin-simulation-refused');
    expect(editorProblemsIn([refusal])).toEqual([]);
    await admin
      .getByLabel('Các bước (JSON)')
      .fill('[{ "actor": "khong-ai", "type": "SUBMIT", "data": {} }]');
    await run.click();
    const unknownActor = admin.getByRole('alert').filter({ hasText: 'khong-ai' });
    await unknownActor.waitFor();
    await screenshot(admin, 'vi-admin-simulation-unknown-actor');
    expect(await textOf(unknownActor)).toContain(
      'Không có người dùng đang hoạt động với tên đăng nhập "khong-ai"',
    );
    expect(editorProblemsIn(await wordsOf(admin))).toEqual([]);

    // The English switch: the same refusals in the API's English.
    await admin.locator('label', { has: admin.getByRole('radio', { name: 'EN' }) }).click();
    await admin.getByRole('button', { name: 'Simulate' }).click();
    await admin.getByText('No active user "khong-ai"').waitFor();
    await admin.getByLabel('Workflow definition (JSON)').fill(broken);
    await admin.getByRole('button', { name: 'Validate' }).click();
    await admin.getByText(/^schema is invalid: data\/properties\/regulationNumber\/type/).waitFor();
    await admin.getByText('an x-opinion field must have type "string"').waitFor();
    await admin.locator('label', { has: admin.getByRole('radio', { name: 'VI' }) }).click();
    await admin.close();
  });

  it('says a refused form’s errors in Vietnamese (required, too long, an empty row), in English under the switch', async () => {
    const draft = await flow.create('mttq.an-binh', 'regulation-review', 'an-binh.mttq', {
      title: 'Hồ sơ điền thiếu — xã An Bình',
    });
    const official = await signIn('mttq.an-binh');
    await official.goto(`${baseUrl}/instances/${draft.id}`);
    await official.getByRole('tab', { name: 'Trình duyệt' }).click();
    const panel = official.getByRole('tabpanel', { name: 'Trình duyệt' });
    await official.fill('#f-submit_regulationNumber', '0'.repeat(60));
    // A row added to a list and left empty.
    const addRow = panel.locator('.rjsf-array-item-add');
    await addRow.first().waitFor();
    await screenshot(official, 'vi-official-form-before-submit');
    await addRow.first().click();
    await panel.getByRole('button', { name: 'Trình duyệt' }).click();
    const summary = official.locator('.error-summary');
    await summary.waitFor();
    await screenshot(official, 'vi-official-form-errors');
    const said = await textOf(summary);
    expect(said).toContain('là bắt buộc');
    expect(said).toContain('không được vượt quá 50 ký tự');
    expect(said).toMatch(/Mục 1 của .* đang để trống: hãy điền hoặc xóa mục này/);
    expect(said).not.toContain('must be');
    expect(problemsIn(await wordsOf(official))).toEqual([]);

    await official.locator('label', { has: official.getByRole('radio', { name: 'EN' }) }).click();
    await official
      .getByRole('tabpanel', { name: 'Submit for review' })
      .getByRole('button', { name: 'Submit for review' })
      .click();
    await official.locator('.error-summary', { hasText: 'is required' }).waitFor();
    expect(await textOf(official.locator('.error-summary'))).toContain(
      'must have at most 50 characters',
    );
    await official.locator('label', { has: official.getByRole('radio', { name: 'VI' }) }).click();
    await official.close();
  });

  it('says a refused upload in Vietnamese', async () => {
    const problems: string[] = [];
    const official = await signIn('mttq.an-binh');
    await official.goto(`${baseUrl}/instances/${caseId}`);
    await official
      .locator('input[type=file]')
      .first()
      .setInputFiles({
        name: 'chuong-trinh.exe',
        mimeType: 'application/x-msdownload',
        buffer: Buffer.from('MZ this is not a document'),
      });
    await official.locator('.ant-alert-error, [role=alert]').first().waitFor();
    await screenshot(official, 'vi-official-refused-upload');
    problems.push(...problemsIn(await wordsOf(official)));
    await official.close();
    expect(problems).toEqual([]);
  });

  it('finds what it is looking for (the checks themselves)', () => {
    expect(problemsIn(['Thêm tệp đính kèm ATTACHMENT_ADDED'])).toHaveLength(1);
    expect(problemsIn(['Điều kiện [belowTopJurisdiction]'])).toHaveLength(2);
    expect(problemsIn(['Vai trò: approver'])).toHaveLength(1);
    expect(problemsIn(['Trạng thái underReview'])).toHaveLength(1);
    expect(problemsIn(['The file type is not allowed'])).toHaveLength(1);
    expect(
      problemsIn(['Đã trình duyệt', 'mttq.an-binh · Xã An Bình', 'regulation-review']),
    ).toEqual([]);
    // The editor's messages may name what the admin types, and nothing English besides.
    expect(
      editorProblemsIn(['Khóa "/properties/regulationNumber/type" phải là chuỗi; thêm maxLength']),
    ).toEqual([]);
    expect(
      editorProblemsIn(['schema is invalid: data/properties/a/type must be array']),
    ).not.toEqual([]);
  });
});

/*
 * Issue 13 review (screen5): the process diagrams' own words (an <img> the page text does not
 * hold), and the pages the crawl above did not visit: monitoring, meetings and the open
 * notification list.
 */
describe('Vietnamese everywhere: diagrams, monitoring, meetings and the notification list', () => {
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;
  let served: ServedWebApp;
  let flow: WorkflowFactory;
  let caseId: string;

  beforeAll(async () => {
    served = await serveWebApp({ defaultTimeout: 45_000 });
    ({ t, browser, baseUrl } = served);
    flow = new WorkflowFactory(t);
    // Returned once: the drafter has a notification, the diagram has taken and guarded edges.
    const created = await flow.create('mttq.an-binh', 'regulation-review', 'an-binh.mttq', {
      title: 'Rà soát quy chế phối hợp — xã An Bình (sơ đồ)',
    });
    caseId = created.id;
    await flow.act('mttq.an-binh', caseId, 'SUBMIT', await flow.sample('regulation-review.SUBMIT'));
    await flow.act('dangu.an-binh', caseId, 'RETURN', undefined, 'Đề nghị bổ sung điều khoản.');
  }, 600_000);

  afterAll(async () => {
    await served?.close();
  });

  afterEach(() => {
    expect(browser?.pageErrors).toEqual([]);
  });

  async function signIn(username: string): Promise<Page> {
    const page = await browser.context.newPage();
    await page.setViewportSize(DESKTOP);
    await page.goto(`${baseUrl}/`);
    await page.getByLabel('Tên đăng nhập').fill(username);
    await page.getByLabel('Mật khẩu').fill('demo');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();
    return page;
  }

  /** The words an SVG draws: its <text>, <tspan> and <title> contents. */
  function svgTexts(svg: string): string[] {
    return [...svg.matchAll(/<(text|tspan|title)\b[^>]*>([^<]*)</g)]
      .map((match) => match[2].trim())
      .filter((text) => text !== '');
  }

  /** Raw codes in a diagram's words: a guard in brackets, a camelCase or raw state key. */
  function diagramProblems(texts: string[], stateKeys: string[], where: string): string[] {
    const problems = problemsIn(texts).map((problem) => `${where}: ${problem}`);
    for (const text of texts) {
      for (const key of stateKeys) {
        if (new RegExp(`${EDGE_BEFORE}${key}${EDGE_AFTER}`, 'u').test(text)) {
          problems.push(`${where}: state key "${key}" in: ${text}`);
        }
      }
    }
    return problems;
  }

  it('draws the process diagrams with titles only: no guard name in brackets, no state key', async () => {
    const token = await t.login('mttq.an-binh');
    const problems: string[] = [];
    const definition = (await (
      await fetch(`${baseUrl}/api/definitions/regulation-review`, {
        headers: { Authorization: `Bearer ${token}` },
      })
    ).json()) as { document: { machine: { states: Record<string, unknown> } } };
    const stateKeys = Object.keys(definition.document.machine.states);
    for (const path of [
      `/api/instances/${caseId}/diagram?lang=vi`,
      '/api/definitions/regulation-review/diagram?lang=vi',
    ]) {
      const res = await fetch(`${baseUrl}${path}`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(200);
      const texts = svgTexts(await res.text());
      expect(texts.length).toBeGreaterThan(3);
      problems.push(...diagramProblems(texts, stateKeys, path));
    }

    // The picture the case page shows, as the page received it (its blob: URL is not fetchable
    // under the page's content security policy).
    const page = await signIn('mttq.an-binh');
    const received = page.waitForResponse(
      (response) => response.url().includes('/diagram') && response.status() === 200,
    );
    await page.goto(`${baseUrl}/instances/${caseId}`);
    const shown = await (await received).text();
    await page.locator('img.diagram-img').waitFor();
    problems.push(...diagramProblems(svgTexts(shown), stateKeys, 'case page diagram'));
    await page.close();
    expect(problems).toEqual([]);
    // The check itself finds what it looks for: the bracket, the camelCase name, the state key.
    expect(
      diagramProblems(['Trình duyệt [belowTopJurisdiction]', 'draft'], ['draft'], 'x'),
    ).toHaveLength(3);
  });

  it.each([
    ['danvan', ['/monitoring', '/meetings']],
    ['mttq.an-binh', ['/meetings']],
  ])(
    'shows %s monitoring and meetings without raw codes or English, axe-clean',
    async (username, paths) => {
      const page = await signIn(username);
      const problems: string[] = [];
      for (const path of paths) {
        await page.goto(`${baseUrl}${path}`);
        await page.waitForLoadState('networkidle');
        await page
          .locator('.ant-skeleton, .ant-spin-spinning')
          .first()
          .waitFor({ state: 'detached', timeout: 20_000 })
          .catch(() => undefined);
        await screenshot(page, `vi-${username}-${path.slice(1)}`);
        problems.push(...problemsIn(await wordsOf(page)).map((p) => `${path}: ${p}`));
        for (const v of await axeViolations(page)) {
          if (v.impact === 'serious' || v.impact === 'critical') {
            problems.push(`${path}: axe ${v.id} (${v.impact})`);
          }
        }
      }
      await page.close();
      expect(problems).toEqual([]);
    },
  );

  it('says the open notification list in Vietnamese', async () => {
    const page = await signIn('mttq.an-binh');
    await page.goto(`${baseUrl}/inbox`);
    await page.getByRole('button', { name: /^Thông báo/ }).click();
    const list = page.locator('.ant-popover:not(.ant-popover-hidden)');
    await list.waitFor();
    await list
      .getByText(/trả lại/i)
      .first()
      .waitFor();
    await screenshot(page, 'vi-notification-list');
    const problems = problemsIn(await wordsOf(page));
    await page.close();
    expect(problems).toEqual([]);
  });
});
