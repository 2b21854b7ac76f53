import { createHash } from 'node:crypto';
import { DeadlineHandler } from '../../src/modules/deadlines/deadline-handler.service';
import request, { type Response } from 'supertest';
import {
  minimalDocx,
  minimalPdf,
  tinyPng,
} from '../../src/modules/attachments/testing/sample-files';
import { WorkflowFactory, ok } from '../factories/workflow-factory';
import { type InstanceBody } from '../utils/api-types';
import { createTestApp, type TestApp } from '../utils/test-app';
import { TestSql } from '../utils/test-sql';
import { eventually } from './time-fixtures';

const MAX_BYTES = 64 * 1024;

interface AttachmentView {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  historySeq: number;
  uploadedBy: { username: string };
}

interface HistoryView {
  seq: number;
  type: string;
  fromState: string;
  toState: string;
  data: Record<string, unknown>;
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function upload(
  t: TestApp,
  username: string,
  instanceId: string,
  bytes: Buffer,
  fileName: string,
  declaredType = 'application/pdf',
): Promise<Response> {
  return request(t.http)
    .post(`/api/instances/${instanceId}/attachments`)
    .set('Authorization', `Bearer ${await t.login(username)}`)
    .attach('file', bytes, { filename: fileName, contentType: declaredType });
}

async function download(
  t: TestApp,
  username: string,
  instanceId: string,
  attachmentId: string,
): Promise<Response> {
  return request(t.http)
    .get(`/api/instances/${instanceId}/attachments/${attachmentId}`)
    .set('Authorization', `Bearer ${await t.login(username)}`)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
}

describe('attachments and comments (HTTP against real PostgreSQL and Redis)', () => {
  let t: TestApp;
  let api: WorkflowFactory;
  let sql: TestSql;
  let instance: InstanceBody;

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_RATE_LIMIT: '1000', ATTACHMENT_MAX_BYTES: String(MAX_BYTES) });
    api = new WorkflowFactory(t);
    sql = await TestSql.connect(t.databaseUrl);
    instance = await api.startRegulation('an-binh', 'Hồ sơ có tệp đính kèm');
  });
  afterAll(async () => {
    await sql.close();
    await t.close();
  });

  describe('attachments', () => {
    let pdf: AttachmentView;
    const pdfBytes = minimalPdf();

    it('stores a real PDF, records its SHA-256 in history and bumps the version', async () => {
      pdf = ok<AttachmentView>(
        await upload(t, 'mttq.an-binh', instance.id, pdfBytes, 'Biên bản họp liên tịch.pdf'),
        201,
        'upload',
      );
      expect(pdf).toEqual(
        expect.objectContaining({
          fileName: 'Biên bản họp liên tịch.pdf',
          contentType: 'application/pdf',
          size: pdfBytes.length,
          sha256: sha256(pdfBytes),
          historySeq: 2,
          uploadedBy: expect.objectContaining({ username: 'mttq.an-binh' }),
        }),
      );
      const history = ok<HistoryView[]>(
        await api.get('mttq.an-binh', `/api/instances/${instance.id}/history`),
        200,
        'history',
      );
      expect(history.at(-1)).toEqual(
        expect.objectContaining({
          seq: 2,
          type: 'ATTACHMENT_ADDED',
          fromState: 'draft',
          toState: 'draft',
          data: expect.objectContaining({ attachmentId: pdf.id, sha256: sha256(pdfBytes) }),
        }),
      );
      const read = ok<InstanceBody>(
        await api.get('mttq.an-binh', `/api/instances/${instance.id}`),
        200,
        'read',
      );
      expect(read.version).toBe(2);
      const verify = ok<{ ok: boolean }>(
        await api.get('auditor', '/api/audit/verify', { instanceId: instance.id }),
        200,
        'verify',
      );
      expect(verify.ok).toBe(true);
    });

    it('accepts DOCX and PNG by their content, whatever type the client declares', async () => {
      const docx = ok<AttachmentView>(
        await upload(
          t,
          'mttq.an-binh',
          instance.id,
          minimalDocx(),
          'Quy chế.docx',
          'application/octet-stream',
        ),
        201,
        'docx',
      );
      expect(docx.contentType).toBe(
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      );
      const png = ok<AttachmentView>(
        await upload(t, 'mttq.an-binh', instance.id, tinyPng(), 'anh.png', 'text/plain'),
        201,
        'png',
      );
      expect(png.contentType).toBe('image/png');
    });

    it('refuses a .pdf that is really text, and content the name contradicts, with 415', async () => {
      const fake = await upload(
        t,
        'mttq.an-binh',
        instance.id,
        Buffer.from('Đây chỉ là văn bản, không phải PDF.\n'),
        'bao-cao.pdf',
      );
      expect(fake.status).toBe(415);
      const disguised = await upload(t, 'mttq.an-binh', instance.id, tinyPng(), 'bao-cao.pdf');
      expect(disguised.status).toBe(415);
      const notMultipart = await api.post(
        'mttq.an-binh',
        `/api/instances/${instance.id}/attachments`,
        {
          file: 'x',
        },
      );
      expect(notMultipart.status).toBe(415);
    });

    it('refuses a file over ATTACHMENT_MAX_BYTES with 413, declared or streamed', async () => {
      const padded = (size: number): Buffer =>
        Buffer.concat([minimalPdf(), Buffer.alloc(size - minimalPdf().length, 0x20)]);
      const declared = await upload(
        t,
        'mttq.an-binh',
        instance.id,
        padded(4 * MAX_BYTES),
        'lon.pdf',
      );
      expect(declared.status).toBe(413);
      // Within the multipart allowance, so it streams until the limit cuts it off.
      const streamed = await upload(
        t,
        'mttq.an-binh',
        instance.id,
        padded(MAX_BYTES + 1000),
        'lon.pdf',
      );
      expect(streamed.status).toBe(413);
      const exact = await upload(t, 'mttq.an-binh', instance.id, padded(MAX_BYTES), 'vua.pdf');
      expect(exact.status).toBe(201);
      // Nothing of the refused uploads was kept.
      expect(
        await sql.count(`SELECT count(*) FROM attachments WHERE instance_id = $1`, [instance.id]),
      ).toBe(4);
      expect(await sql.count(`SELECT count(*) FROM attachment_contents`)).toBe(4);
    });

    it('lets only readers of the instance list and download, with a safe UTF-8 name', async () => {
      const listed = ok<AttachmentView[]>(
        await api.get('mttq.an-binh', `/api/instances/${instance.id}/attachments`),
        200,
        'list',
      );
      expect(listed.map((a) => a.id)).toContain(pdf.id);

      const res = await download(t, 'mttq.an-binh', instance.id, pdf.id);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/pdf/);
      expect(res.headers['content-disposition']).toBe(
        `attachment; filename="Bien ban hop lien tich.pdf"; filename*=UTF-8''${encodeURIComponent('Biên bản họp liên tịch.pdf')}`,
      );
      expect(sha256(res.body as Buffer)).toBe(pdf.sha256);

      expect((await download(t, 'dangu.phu-hoa', instance.id, pdf.id)).status).toBe(403);
      expect(
        (await api.get('mttq.phu-hoa', `/api/instances/${instance.id}/attachments`)).status,
      ).toBe(403);
      expect((await upload(t, 'mttq.phu-hoa', instance.id, minimalPdf(), 'x.pdf')).status).toBe(
        403,
      );
      // The commune's approver may not read a draft yet; after SUBMIT the task is theirs.
      expect((await download(t, 'dangu.an-binh', instance.id, pdf.id)).status).toBe(403);
      expect((await download(t, 'auditor', instance.id, pdf.id)).status).toBe(200);
      expect((await upload(t, 'auditor', instance.id, minimalPdf(), 'x.pdf')).status).toBe(403);
      const other = await api.startRegulation('phu-hoa');
      expect((await download(t, 'mttq.phu-hoa', other.id, pdf.id)).status).toBe(404);
    });

    it('lets a command sent against the version before an upload conflict, and the next one apply', async () => {
      const current = ok<InstanceBody>(
        await api.get('mttq.an-binh', `/api/instances/${instance.id}`),
        200,
        'read',
      );
      ok(
        await upload(t, 'mttq.an-binh', instance.id, minimalPdf('Phu luc'), 'phu-luc.pdf'),
        201,
        'upload',
      );
      const stale = await api.post('mttq.an-binh', `/api/instances/${instance.id}/commands`, {
        type: 'CANCEL',
        expectedVersion: current.version,
      });
      expect(stale.status).toBe(409);
      const submitted = await api.submit('mttq.an-binh', instance);
      expect(submitted.state).toBe('communeReview');
      expect((await download(t, 'dangu.an-binh', instance.id, pdf.id)).status).toBe(200);
    });

    it('says an empty file is empty (415 with its own message), not that its type is wrong', async () => {
      const res = await upload(t, 'mttq.an-binh', instance.id, Buffer.alloc(0), 'trong.pdf');
      expect(res.status).toBe(415);
      const [detail] = (res.body as { details: Array<{ messages?: { vi: string; en: string } }> })
        .details;
      expect(detail.messages?.vi).toMatch(/trống \(0 byte\)/);
      expect(detail.messages?.en).toMatch(/is empty/);
    });

    it('refuses a file from a supervisor who reads a draft only through its follow-up copy (403); they may still comment', async () => {
      // A draft of Phú Hòa past its deadline, escalated to the commune's Party committee.
      const late = await api.create('mttq.phu-hoa', 'annual-summary', 'phu-hoa.mttq', {
        title: 'Sơ kết 6 tháng — xã Phú Hòa (quá hạn)',
      });
      const [step] = await sql.rows<{ id: string }>(
        `UPDATE workflow_tasks SET due_at = now() - interval '1 day'
          WHERE instance_id = $1 AND status = 'open' RETURNING id`,
        [late.id],
      );
      // The app's own sweeper may get there first: either way the follow-up copy exists once.
      await eventually('the follow-up copy', async () => {
        await t.app.get(DeadlineHandler).escalate(step.id);
        const copies = await sql.count(
          `SELECT count(*) FROM workflow_tasks WHERE instance_id = $1 AND kind = 'escalation'`,
          [late.id],
        );
        return copies === 1 ? true : undefined;
      });
      expect((await api.get('dangu.phu-hoa', `/api/instances/${late.id}`)).status).toBe(200);

      const refused = await upload(t, 'dangu.phu-hoa', late.id, minimalPdf(), 'y-kien.pdf');
      expect(refused.status).toBe(403);
      expect(refused.body).toEqual(
        expect.objectContaining({ code: 'forbidden', message: expect.stringMatching(/follow-up/) }),
      );
      expect(
        await sql.count(`SELECT count(*) FROM attachments WHERE instance_id = $1`, [late.id]),
      ).toBe(0);
      ok(
        await api.post('dangu.phu-hoa', `/api/instances/${late.id}/comments`, {
          body: 'Đề nghị xã khẩn trương hoàn thành dự thảo.',
        }),
        201,
        'follow-up comment',
      );
      // The case's own unit still attaches.
      ok(await upload(t, 'mttq.phu-hoa', late.id, minimalPdf(), 'du-thao.pdf'), 201, 'upload');
    });
  });

  describe('comments', () => {
    it('keeps an append-only thread that readers read and officials write', async () => {
      const first = ok<{ id: string; author: { username: string; orgUnitName: string } }>(
        await api.post('mttq.an-binh', `/api/instances/${instance.id}/comments`, {
          body: 'Kính gửi Đảng ủy: hồ sơ đã bổ sung biên bản họp liên tịch.',
        }),
        201,
        'comment',
      );
      expect(first.author).toEqual(
        expect.objectContaining({
          username: 'mttq.an-binh',
          orgUnitName: 'Ủy ban MTTQ Việt Nam xã An Bình',
        }),
      );
      const reply = ok<{ replyToId: string }>(
        await api.post('dangu.an-binh', `/api/instances/${instance.id}/comments`, {
          body: 'Đã nhận, đề nghị bổ sung số liệu quý II.',
          replyToId: first.id,
        }),
        201,
        'reply',
      );
      expect(reply.replyToId).toBe(first.id);

      expect(
        (await api.post('auditor', `/api/instances/${instance.id}/comments`, { body: 'x' })).status,
      ).toBe(403);
      expect(
        (await api.post('mttq.phu-hoa', `/api/instances/${instance.id}/comments`, { body: 'x' }))
          .status,
      ).toBe(403);
      expect(
        (await api.get('dangu.phu-hoa', `/api/instances/${instance.id}/comments`)).status,
      ).toBe(403);
      expect(
        (await api.post('mttq.an-binh', `/api/instances/${instance.id}/comments`, { body: '   ' }))
          .status,
      ).toBe(422);
      const strayReply = await api.post('mttq.an-binh', `/api/instances/${instance.id}/comments`, {
        body: 'x',
        replyToId: '00000000-0000-4000-8000-000000000000',
      });
      expect(strayReply.status).toBe(422);

      const page1 = ok<{ items: Array<{ body: string }>; nextCursor: string }>(
        await api.get('auditor', `/api/instances/${instance.id}/comments`, { limit: 1 }),
        200,
        'page 1',
      );
      expect(page1.items.map((c) => c.body)).toEqual([
        'Kính gửi Đảng ủy: hồ sơ đã bổ sung biên bản họp liên tịch.',
      ]);
      const page2 = ok<{ items: Array<{ body: string }>; nextCursor: string | null }>(
        await api.get('auditor', `/api/instances/${instance.id}/comments`, {
          limit: 1,
          cursor: page1.nextCursor,
        }),
        200,
        'page 2',
      );
      expect(page2.items.map((c) => c.body)).toEqual(['Đã nhận, đề nghị bổ sung số liệu quý II.']);

      // The serving role has no such privilege; the owner is stopped by the trigger.
      const owner = await TestSql.connect(t.ownerDatabaseUrl);
      try {
        for (const db of [sql, owner]) {
          await expect(db.rows(`UPDATE instance_comments SET body = 'sửa'`)).rejects.toThrow(
            /append-only|permission denied/,
          );
          await expect(db.rows(`DELETE FROM instance_comments`)).rejects.toThrow(
            /append-only|permission denied/,
          );
        }
      } finally {
        await owner.close();
      }
    });
  });
});
