import request from 'supertest';
import { WorkflowFactory } from '../factories/workflow-factory';
import { createTestApp, type TestApp } from '../utils/test-app';

const SCRAPE_TOKEN = 'scrape-token-for-the-metrics-test';

/** The value of one sample line (`name{labels} value`), or undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('GET /metrics (Prometheus text)', () => {
  let t: TestApp;
  let api: WorkflowFactory;

  beforeAll(async () => {
    t = await createTestApp({ METRICS_TOKEN: SCRAPE_TOKEN, LOGIN_RATE_LIMIT: '1000' });
    api = new WorkflowFactory(t);
  }, 180_000);
  afterAll(async () => {
    await t.close();
  });

  const scrape = async (bearer: string): Promise<string> => {
    const res = await request(t.http)
      .get('/metrics')
      .set('Authorization', `Bearer ${bearer}`)
      .expect(200);
    expect(res.headers['content-type']).toContain('text/plain');
    return res.text;
  };

  it('is readable with the scrape token or an admin token, by no one else', async () => {
    await request(t.http).get('/metrics').expect(401);
    await request(t.http).get('/metrics').set('Authorization', 'Bearer not-the-token').expect(401);
    await request(t.http)
      .get('/metrics')
      .set('Authorization', `Bearer ${await t.login('btv')}`)
      .expect(403);
    await request(t.http)
      .get('/metrics')
      .set('Authorization', `Bearer ${await t.login('auditor')}`)
      .expect(403);
    const text = await scrape(SCRAPE_TOKEN);
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
    for (const state of ['waiting', 'active', 'delayed', 'failed']) {
      expect(sample(text, `workflow_queue_jobs{queue="workflow-commands",state="${state}"}`)).toBe(
        0,
      );
    }
    expect(sample(text, 'workflow_timers_due{timer="reminder"}')).toBe(0);
    expect(sample(text, 'workflow_timers_due{timer="escalation"}')).toBe(0);
    expect(sample(text, 'pg_pool_connections{state="in_use"}')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'pg_pool_connections{state="idle"}')).toBeGreaterThanOrEqual(0);
  });

  it('shows the command latency histogram and outcomes after commands, and HTTP timings by route', async () => {
    const instance = await api.startRegulation('phu-hoa', 'Hồ sơ đo số liệu');
    await api.submit('mttq.phu-hoa', instance);
    // Not allowed in this state: refused by the API's pre-check with 422.
    expect((await api.command('mttq.phu-hoa', instance.id, 'SUBMIT')).status).toBe(422);

    const text = await scrape(await t.login('admin'));
    const applied =
      'workflow_command_latency_seconds_count{definition="regulation-review",event="SUBMIT",outcome="applied"}';
    expect(sample(text, applied)).toBe(1);
    expect(
      sample(
        text,
        'workflow_command_latency_seconds_bucket{le="+Inf",definition="regulation-review",event="SUBMIT",outcome="applied"}',
      ),
    ).toBe(1);
    expect(sample(text, 'workflow_commands_total{outcome="applied"}')).toBe(1);
    expect(
      sample(
        text,
        'http_request_duration_seconds_count{method="POST",route="/api/instances/:id/commands",status_code="200"}',
      ),
    ).toBe(1);
    expect(
      sample(
        text,
        'http_request_duration_seconds_count{method="POST",route="/api/instances/:id/commands",status_code="422"}',
      ),
    ).toBe(1);
  });
});
