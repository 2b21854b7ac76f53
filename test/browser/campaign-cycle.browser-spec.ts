import dayjs from 'dayjs';
import ExcelJS from 'exceljs';
import { type Page } from 'playwright-core';
import { sampleForm } from '../../src/workflows/definitions/testing/sample-forms';
import { ControlledClock } from '../utils/controlled-clock';
import { WorkflowFactory } from '../factories/workflow-factory';
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
 * The work cycle in headless Chromium against the real API: the Dân vận Board opens the letter,
 * sends point 1 to every commune Front with one due date, a commune finds it in its inbox, the
 * Board follows progress, reminds the late ones once the date has passed and exports to Excel.
 */
jest.setTimeout(120_000);

const CAMPAIGN_TITLE = 'Rà soát, bổ sung quy chế phối hợp năm 2026';
const COMMUNE_FRONTS = [
  'Ủy ban MTTQ Việt Nam thị trấn Châu Thành',
  'Ủy ban MTTQ Việt Nam xã An Bình',
  'Ủy ban MTTQ Việt Nam xã Phú Hòa',
  'Ủy ban MTTQ Việt Nam xã Tân Lộc',
];

describe('the work cycle in the web application (headless Chromium)', () => {
  const clock = new ControlledClock();
  const dueDate = dayjs().add(30, 'day');
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;
  let served: ServedWebApp;
  let campaignUrl: string;

  beforeAll(async () => {
    served = await serveWebApp({ clock });
    ({ t, browser, baseUrl } = served);
  }, 300_000);

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

  async function statistic(page: Page, title: string): Promise<string> {
    return textOf(
      page.locator('.ant-statistic', { hasText: title }).locator('.ant-statistic-content-value'),
    );
  }

  it('sends point 1 of the letter to every commune Front with one due date', async () => {
    const page = await signIn('danvan');
    await page.getByRole('link', { name: 'Văn bản chỉ đạo' }).click();
    const letter = page.locator('[data-testid="directive"]', { hasText: 'Số 125-CV/HU' });
    await letter.getByText('Thường trực Huyện ủy Châu Thành').waitFor();
    await screenshot(page, 'cycle-01-directives');
    expect(await axeViolations(page)).toEqual([]);

    await letter.getByRole('button', { name: 'Giao việc theo điểm này' }).first().click();
    await page.getByRole('heading', { name: 'Giao việc mới' }).waitFor();
    expect(await textOf(page.getByRole('alert'))).toContain(
      'Thực hiện văn bản số 125-CV/HU, điểm 1',
    );
    await page.getByLabel('Nội dung công việc').fill(CAMPAIGN_TITLE);
    await chooseOption(page, page.getByLabel('Quy trình'), 'Rà soát, bổ sung quy chế phối hợp');
    await typeDate(page, '#dueDate', dueDate.format('DD/MM/YYYY'));
    await page.getByRole('button', { name: 'Chọn Ủy ban MTTQ tất cả xã, thị trấn' }).click();
    await screenshot(page, 'cycle-02-new-campaign');
    await page.getByRole('button', { name: 'Giao việc', exact: true }).click();

    await page.waitForURL(/\/campaigns\/[0-9a-f-]{36}$/);
    campaignUrl = page.url();
    await page.getByRole('heading', { name: CAMPAIGN_TITLE }).waitFor();
    expect(await statistic(page, 'Tổng số')).toBe('4');
    expect(await statistic(page, 'Chưa thực hiện')).toBe('4');
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    expect(await rows.count()).toBe(4);
    expect((await rows.allTextContents()).join('\n')).toContain('Ủy ban MTTQ Việt Nam xã An Bình');
    await screenshot(page, 'cycle-03-campaign');
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });

  it('puts the task in each commune Front’s inbox', async () => {
    const page = await signIn('mttq.tan-loc');
    await page.getByRole('heading', { name: 'Việc cần xử lý' }).waitFor();
    await page.getByText(`${CAMPAIGN_TITLE} — Ủy ban MTTQ Việt Nam xã Tân Lộc`).first().waitFor();
    await page.close();
  });

  it('reminds the late units once the date has passed, and exports the state to Excel', async () => {
    clock.set(dueDate.add(2, 'day').toDate());
    const page = await signIn('danvan');
    await page.goto(campaignUrl);
    await page.getByRole('heading', { name: CAMPAIGN_TITLE }).waitFor();
    expect(await statistic(page, 'Quá hạn')).toBe('4');

    await page.getByLabel('Lời nhắn kèm theo (không bắt buộc)').fill('Đề nghị hoàn thành ngay.');
    await page.getByRole('button', { name: 'Đôn đốc đơn vị quá hạn' }).click();
    expect(await textOf(page.getByRole('status'))).toContain('Đã đôn đốc 4 đơn vị');
    await page.getByText(/Lần đôn đốc gần nhất/).waitFor();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Xuất Excel' }).click(),
    ]);
    const path = await download.path();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path);
    const sheet = workbook.getWorksheet('Tiến độ');
    if (!sheet) throw new Error('The export has no sheet “Tiến độ”');
    expect(sheet.getCell(6, 2).text).toBe('Đơn vị');
    expect(sheet.getCell(6, 3).text).toBe('Tình trạng');
    const units = [7, 8, 9, 10].map((row) => sheet.getCell(row, 2).text).sort();
    expect(units).toEqual([...COMMUNE_FRONTS].sort());
    expect([7, 8, 9, 10].map((row) => sheet.getCell(row, 3).text)).toEqual(
      Array(4).fill('Quá hạn'),
    );
    await screenshot(page, 'cycle-04-reminded');
    await page.close();
  });

  it('prints a promulgated regulation as the Party document, with the .docx a click away', async () => {
    const api = new WorkflowFactory(t);
    const regulation = await api.submit(
      'mttq.an-binh',
      await api.startRegulation('an-binh', 'Quy chế phối hợp giữa Ủy ban MTTQ và UBND xã An Bình'),
    );
    await api.act(
      'dangu.an-binh',
      regulation.id,
      'APPROVE',
      sampleForm('regulation-review.APPROVE'),
    );
    await api.act('danvan', regulation.id, 'APPROVE', {});
    await api.act('btv', regulation.id, 'APPROVE', {});

    const page = await signIn('mttq.an-binh');
    await page.goto(`${baseUrl}/instances/${regulation.id}/document`);
    const sheet = page.locator('article.party-document');
    await sheet.getByText('ĐẢNG CỘNG SẢN VIỆT NAM').waitFor();
    for (const expected of [
      'HUYỆN ỦY CHÂU THÀNH',
      'Số 01-QC/HU',
      'QUY CHẾ',
      'Quy chế phối hợp giữa Ủy ban MTTQ và UBND xã An Bình',
      'Nơi nhận:',
      'T/M BAN THƯỜNG VỤ',
      'Trần Thị Bích',
    ]) {
      await sheet.getByText(expected, { exact: true }).first().waitFor();
    }
    await screenshot(page, 'cycle-05-document-print');
    expect(await axeViolations(page)).toEqual([]);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Tải về (.docx)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('01-QC-HU.docx');
    await page.close();
  });
});
