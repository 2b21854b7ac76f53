import mammoth from 'mammoth';
import request, { type Response } from 'supertest';
import { minimalPdf } from '../../src/modules/attachments/testing/sample-files';
import { localDate } from '../../src/common/time/local-time';
import { sampleForm } from '../../src/workflows/definitions/testing/sample-forms';
import { type WorkflowDefinitionDocument } from '../../src/workflows/engine/definition.types';
import { WorkflowFactory, ok } from '../factories/workflow-factory';
import { type InstanceBody } from '../utils/api-types';
import { createTestApp, type TestApp } from '../utils/test-app';
import { TestSql } from '../utils/test-sql';

interface DocumentView {
  number: number;
  symbol: string;
  issuedAt: string;
  signer: string;
  signerTitle: string;
  onBehalfOf: string;
  recipients: string[];
  issuingBody: { id: string; name: string };
}

type Promulgated = InstanceBody & { document?: DocumentView };

const text = (vi: string, en: string): { vi: string; en: string } => ({ vi, en });

/** A one-step notice the commune Front issues on SUBMIT: the smallest promulgating workflow. */
function noticeDefinition(key: string, requireSignedScan: boolean): WorkflowDefinitionDocument {
  return {
    key,
    title: text('Thông báo kết quả giao ban', 'Meeting notice'),
    machine: {
      id: key,
      initial: 'draft',
      states: {
        draft: { on: { SUBMIT: { target: 'issued', actions: ['mergeFormData'] } } },
        issued: { type: 'final' },
      },
    },
    states: {
      draft: {
        title: text('Dự thảo', 'Draft'),
        assignment: { unit: { relation: 'self' }, capability: 'drafter' },
      },
      issued: { title: text('Đã ban hành', 'Issued') },
    },
    events: {
      SUBMIT: {
        title: text('Ký ban hành', 'Sign and issue'),
        form: {
          type: 'object',
          additionalProperties: false,
          properties: { content: { type: 'string', title: 'Nội dung', maxLength: 2000 } },
        },
      },
    },
    document: {
      onState: 'issued',
      type: 'TB',
      typeName: text('THÔNG BÁO', 'NOTICE'),
      issuer: { relation: 'jurisdiction', kind: 'party-committee' },
      signature: { onBehalfOf: 'T/M ĐẢNG ỦY', title: 'BÍ THƯ' },
      requireSignedScan,
    },
  };
}

describe('document registers and the Party-format .docx (real PostgreSQL and Redis)', () => {
  let t: TestApp;
  let api: WorkflowFactory;
  let sql: TestSql;

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_RATE_LIMIT: '1000', COMMAND_WAIT_MS: '20000' });
    api = new WorkflowFactory(t);
    sql = await TestSql.connect(t.databaseUrl);
  }, 300_000);
  afterAll(async () => {
    await sql?.close();
    await t?.close();
  });

  async function getDocx(username: string, id: string): Promise<Response> {
    return request(t.http)
      .get(`/api/instances/${id}/document`)
      .set(await api.auth(username))
      .buffer(true)
      .parse((response, callback) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => callback(null, Buffer.concat(chunks)));
      });
  }

  describe('a regulation review signed by the Standing Committee', () => {
    let instance: InstanceBody;
    const title = 'Quy chế phối hợp giữa Ủy ban MTTQ và UBND xã An Bình';

    it('takes number 01 of the Huyện ủy’s QC register and records it on the instance and in history', async () => {
      instance = await api.submit('mttq.an-binh', await api.startRegulation('an-binh', title));
      expect((await getDocx('mttq.an-binh', instance.id)).status).toBe(404);
      await api.act(
        'dangu.an-binh',
        instance.id,
        'APPROVE',
        sampleForm('regulation-review.APPROVE'),
      );
      await api.act('danvan', instance.id, 'APPROVE', {});
      const done = await api.act('btv', instance.id, 'APPROVE', {});
      expect(done.state).toBe('promulgated');

      const read = ok<Promulgated>(
        await api.get('mttq.an-binh', `/api/instances/${instance.id}`),
        200,
        'read',
      );
      expect(read.document).toMatchObject({
        number: 1,
        symbol: '01-QC/HU',
        issuedAt: localDate(new Date(), 'Asia/Ho_Chi_Minh'),
        signer: 'Trần Thị Bích',
        onBehalfOf: 'T/M BAN THƯỜNG VỤ',
        signerTitle: 'PHÓ BÍ THƯ',
        recipients: [
          'Ủy ban MTTQ Việt Nam xã An Bình',
          'Ban Dân vận Huyện ủy',
          'Ủy ban MTTQ Việt Nam huyện',
        ],
        issuingBody: { name: 'Huyện ủy Châu Thành' },
      });
      const history = ok<Array<{ type: string; data: { document?: DocumentView } | null }>>(
        await api.get('auditor', `/api/instances/${instance.id}/history`),
        200,
        'history',
      );
      expect(history.at(-1)?.data?.document).toEqual(read.document);
      const verify = ok<{ ok: boolean }>(await api.get('auditor', '/api/audit/verify'), 200, '');
      expect(verify.ok).toBe(true);
    });

    it('comes out as a .docx with the elements of Hướng dẫn 36-HD/VPTW', async () => {
      const res = await getDocx('mttq.an-binh', instance.id);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe(
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      );
      const { value } = await mammoth.extractRawText({ buffer: res.body as Buffer });
      const lines = value
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
      const [year, month, day] = localDate(new Date(), 'Asia/Ho_Chi_Minh').split('-');
      for (const expected of [
        'HUYỆN ỦY CHÂU THÀNH',
        '*',
        'Số 01-QC/HU',
        'ĐẢNG CỘNG SẢN VIỆT NAM',
        `Châu Thành, ngày ${day} tháng ${month} năm ${year}`,
        'QUY CHẾ',
        title,
        'Nơi nhận:',
        '- Ủy ban MTTQ Việt Nam xã An Bình,',
        '- Lưu Văn phòng.',
        'T/M BAN THƯỜNG VỤ',
        'PHÓ BÍ THƯ',
        'Trần Thị Bích',
      ]) {
        expect(lines).toContain(expected);
      }
      // The body carries the form data under the forms' Vietnamese titles.
      expect(lines.some((l) => l.startsWith('Tên quy chế: '))).toBe(true);
      // The header comes before the type, the type before the summary, the body before the signer.
      const at = (l: string): number => lines.indexOf(l);
      expect(at('Số 01-QC/HU')).toBeLessThan(at('QUY CHẾ'));
      expect(at('QUY CHẾ')).toBeLessThan(at(title));
      expect(at(title)).toBeLessThan(at('Nơi nhận:'));

      expect((await getDocx('mttq.phu-hoa', instance.id)).status).toBe(403);
      expect((await getDocx('auditor', instance.id)).status).toBe(200);
    });
  });

  it('gives 20 racing promulgations 20 consecutive numbers, none lost or repeated', async () => {
    const key = 'race-notice';
    ok(await api.post('admin', '/api/definitions', noticeDefinition(key, false)), 201, 'publish');
    const instances: InstanceBody[] = [];
    for (let i = 0; i < 20; i += 1) {
      instances.push(await api.start('mttq.tan-loc', key, 'tan-loc.mttq', `Thông báo số ${i + 1}`));
    }
    const answers = await Promise.all(
      instances.map((instance) =>
        api.command('mttq.tan-loc', instance.id, 'SUBMIT', { content: 'Kết quả giao ban.' }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    const documents = await Promise.all(
      instances.map(async (instance) => {
        const read = ok<Promulgated>(
          await api.get('mttq.tan-loc', `/api/instances/${instance.id}`),
          200,
          '',
        );
        return read.document as DocumentView;
      }),
    );
    expect(documents.map((d) => d.number).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    expect(new Set(documents.map((d) => d.symbol)).size).toBe(20);
    expect(documents.every((d) => /^\d{2}-TB\/ĐU$/.test(d.symbol))).toBe(true);
    expect(documents[0].issuingBody.name).toBe('Đảng ủy xã Tân Lộc');
    const [register] = await sql.rows<{ last_number: number; entries: string }>(
      `SELECT r.last_number, (SELECT count(*) FROM register_entries e WHERE e.register_id = r.id) AS entries
         FROM document_registers r WHERE r.document_type = 'TB'`,
    );
    expect(register).toEqual({ last_number: 20, entries: '20' });
  });

  it('refuses to promulgate without the signed scan the definition requires, keeping the number', async () => {
    const key = 'scan-notice';
    ok(await api.post('admin', '/api/definitions', noticeDefinition(key, true)), 201, 'publish');
    const instance = await api.start('mttq.phu-hoa', key, 'phu-hoa.mttq', 'Thông báo có bản ký');
    const refused = await api.command('mttq.phu-hoa', instance.id, 'SUBMIT', {
      content: 'Nội dung.',
    });
    expect(refused.status).toBe(422);
    expect(JSON.stringify(refused.body)).toContain('/attachments');
    const still = ok<Promulgated>(
      await api.get('mttq.phu-hoa', `/api/instances/${instance.id}`),
      200,
      '',
    );
    expect(still.state).toBe('draft');
    expect(still.document).toBeUndefined();
    expect(
      await sql.count(
        `SELECT count(*) FROM document_registers r JOIN org_units o ON o.id = r.issuing_unit_id
          WHERE o.slug = 'phu-hoa.dang-uy'`,
      ),
    ).toBe(0);

    await request(t.http)
      .post(`/api/instances/${instance.id}/attachments`)
      .set(await api.auth('mttq.phu-hoa'))
      .attach('file', minimalPdf('Ban ky'), {
        filename: 'ban-ky.pdf',
        contentType: 'application/pdf',
      })
      .expect(201);
    const issued = await api.act('mttq.phu-hoa', instance.id, 'SUBMIT', { content: 'Nội dung.' });
    expect((issued as Promulgated).document).toMatchObject({ number: 1, symbol: '01-TB/ĐU' });
  });

  it('validates the document section of a definition', async () => {
    const bad = noticeDefinition('bad-notice', false);
    const res = await api.post('admin', '/api/definitions', {
      ...bad,
      document: { ...bad.document, onState: 'nowhere', type: 'tb', signature: { title: '' } },
    });
    expect(res.status).toBe(422);
    const paths = (res.body as { details: Array<{ path: string }> }).details.map((d) => d.path);
    expect(paths).toEqual(
      expect.arrayContaining(['/document/onState', '/document/type', '/document/signature']),
    );
  });
});
