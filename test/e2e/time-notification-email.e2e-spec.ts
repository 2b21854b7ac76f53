import { SmtpSink } from '../utils/smtp-sink';
import { createTestApp, type TestApp } from '../utils/test-app';
import { eventually, TimeFixtures } from './time-fixtures';

describe('time: notifications by email (SMTP channel, on when SMTP_URL is set)', () => {
  let smtp: SmtpSink;
  let t: TestApp;
  let f: TimeFixtures;

  beforeAll(async () => {
    smtp = await SmtpSink.start();
    t = await createTestApp({ SMTP_URL: smtp.url, SMTP_FROM: 'he-thong@huyen.example' });
    f = new TimeFixtures(t);
    await f.db.query(`UPDATE users SET email = 'dangu.an-binh@xa.example' WHERE username = $1`, [
      'dangu.an-binh',
    ]);
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
  });

  it('sends the in-app notification by email to a user with an address, and skips the others', async () => {
    const draft = await f.wf.create('mttq.an-binh', 'regulation-review', 'an-binh.mttq', {
      title: 'Rà soát quy chế phối hợp — xã An Bình',
    });
    await f.wf.act(
      'mttq.an-binh',
      draft.id,
      'SUBMIT',
      await f.wf.sample('regulation-review.SUBMIT'),
    );
    const inApp = await eventually('in-app notification', async () =>
      (await f.notificationsAbout('dangu.an-binh', draft.id)).find((n) => n.kind === 'new-task'),
    );
    const mail = await eventually('the email', async () => smtp.received[0]);
    expect(mail.to).toEqual(['<dangu.an-binh@xa.example>']);
    expect(mail.from).toBe('<he-thong@huyen.example>');
    expect(mail.data).toMatch(/^Subject: /m);
    expect(smtp.received).toHaveLength(1);
    expect(inApp.title).toBe('Việc mới: Rà soát quy chế phối hợp — xã An Bình');
  });
});
