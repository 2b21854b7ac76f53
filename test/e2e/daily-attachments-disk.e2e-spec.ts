import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request, { type Response } from 'supertest';
import { minimalPdf } from '../../src/modules/attachments/testing/sample-files';
import { WorkflowFactory, ok } from '../factories/workflow-factory';
import { createTestApp, type TestApp } from '../utils/test-app';

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

describe('attachments on local disk (ATTACHMENT_STORAGE=disk)', () => {
  let t: TestApp;
  let directory: string;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'dwf-attachments-'));
    t = await createTestApp({
      LOGIN_RATE_LIMIT: '1000',
      ATTACHMENT_STORAGE: 'disk',
      ATTACHMENT_DIR: directory,
    });
  });
  afterAll(async () => {
    await t.close();
    await rm(directory, { recursive: true, force: true });
  });

  const upload = async (instanceId: string, bytes: Buffer, name: string): Promise<Response> =>
    request(t.http)
      .post(`/api/instances/${instanceId}/attachments`)
      .set('Authorization', `Bearer ${await t.login('mttq.tan-loc')}`)
      .attach('file', bytes, { filename: name, contentType: 'application/pdf' });

  it('stores the file under ATTACHMENT_DIR, serves it back, and leaves nothing of a refused one', async () => {
    const api = new WorkflowFactory(t);
    const instance = await api.startRegulation('tan-loc', 'Hồ sơ lưu trên đĩa');
    const bytes = minimalPdf('Luu tren dia');
    const stored = ok<{ id: string; sha256: string }>(
      await upload(instance.id, bytes, 'Kế hoạch.pdf'),
      201,
      'upload',
    );
    expect(stored.sha256).toBe(sha256(bytes));
    // Content-addressed: the file is named by its SHA-256.
    expect(await readdir(join(directory, stored.sha256.slice(0, 2)))).toEqual([stored.sha256]);
    expect(await readdir(join(directory, '.staging'))).toEqual([]);

    const res = await request(t.http)
      .get(`/api/instances/${instance.id}/attachments/${stored.id}`)
      .set('Authorization', `Bearer ${await t.login('mttq.tan-loc')}`)
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect(sha256(res.body as Buffer)).toBe(sha256(bytes));
    expect(res.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent('Kế hoạch.pdf')}`,
    );

    expect((await upload(instance.id, Buffer.from('plain text'), 'x.pdf')).status).toBe(415);
    expect(await readdir(join(directory, '.staging'))).toEqual([]);
  });
});
