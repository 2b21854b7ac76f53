import { sampleForm } from '../../src/workflows/definitions/testing/sample-forms';
import { type HttpClient, type HttpResult } from './http-client';
import { type UsageMonitor, type WindowUsage } from './monitor';
import { type Session } from './session';
import { type LatencySummary, mapLimit, round, sleep, summarize } from './stats';
import { type JsonObject } from '../../src/common/json/json.types';

export const DEFINITION_KEY = 'regulation-review';

/**
 * One lap of a regulation review by a commune, every step a transition by the user the state
 * assigns: the drafter submits, withdraws and submits again; the commune Party committee, the Dân
 * vận Board approve; the Standing Committee returns it for revision, which brings it back to draft.
 * Six commands per lap, four users, two form validations of the full document; the lap repeats,
 * so an instance never runs out of work.
 */
interface Step {
  state: string;
  type: string;
  actor: (commune: string) => string;
  data?: (lane: Lane) => JsonObject;
  comment?: string;
}

const CYCLE: readonly Step[] = [
  { state: 'draft', type: 'SUBMIT', actor: (c) => `mttq.${c}`, data: (l) => l.submitForm },
  { state: 'communeReview', type: 'WITHDRAW', actor: (c) => `mttq.${c}` },
  { state: 'draft', type: 'SUBMIT', actor: (c) => `mttq.${c}`, data: (l) => l.submitForm },
  {
    state: 'communeReview',
    type: 'APPROVE',
    actor: (c) => `dangu.${c}`,
    data: () => ({ opinion: 'Đồng ý nội dung rà soát, đề nghị Ban Dân vận xem xét.' }),
  },
  {
    state: 'boardReview',
    type: 'APPROVE',
    actor: () => 'danvan',
    data: () => ({ opinion: 'Nhất trí, trình Ban Thường vụ quyết định.' }),
  },
  {
    state: 'committeeReview',
    type: 'RETURN',
    actor: () => 'btv',
    data: () => ({}),
    comment: 'Đề nghị bổ sung trách nhiệm của Đoàn Thanh niên trong Điều 6 trước khi ban hành.',
  },
];

const STEP_FOR_STATE: Record<string, number> = {
  draft: 0,
  communeReview: 1,
  boardReview: 4,
  committeeReview: 5,
};

export interface Lane {
  instanceId: string;
  commune: string;
  step: number;
  submitForm: JsonObject;
  dead: boolean;
}

interface InstanceBody {
  id: string;
  state: string;
  version: number;
}

export interface StatusCounts {
  applied200: number;
  pending202: number;
  conflict409: number;
  rejected422: number;
  otherClientError: number;
  serverError5xx: number;
  networkError: number;
}

export interface LevelResult {
  concurrency: number;
  seconds: number;
  applied: number;
  /** Commands answered 200 (applied) per second during the window. */
  throughput: number;
  /** Latency of the 200 answers. */
  latency: LatencySummary;
  statuses: StatusCounts;
  errorSamples: string[];
  usage: WindowUsage;
}

export interface OpenLoopResult {
  targetRate: number;
  seconds: number;
  sent: number;
  applied: number;
  achievedRate: number;
  /** From the scheduled send time to the answer (no coordinated omission), 200 answers only. */
  latency: LatencySummary;
  /** From the actual send to the answer. */
  serviceLatency: LatencySummary;
  statuses: StatusCounts;
  maxBacklog: number;
  errorSamples: string[];
  usage: WindowUsage;
}

function emptyCounts(): StatusCounts {
  return {
    applied200: 0,
    pending202: 0,
    conflict409: 0,
    rejected422: 0,
    otherClientError: 0,
    serverError5xx: 0,
    networkError: 0,
  };
}

function count(counts: StatusCounts, status: number): void {
  if (status === 200) counts.applied200++;
  else if (status === 202) counts.pending202++;
  else if (status === 409) counts.conflict409++;
  else if (status === 422) counts.rejected422++;
  else if (status >= 500) counts.serverError5xx++;
  else if (status === 0) counts.networkError++;
  else counts.otherClientError++;
}

/** The sample SUBMIT document with a real unit id and a number of its own. */
export function submitFormFor(session: Session, commune: string, index: number): JsonObject {
  const form = sampleForm(`${DEFINITION_KEY}.SUBMIT`);
  form.regulationNumber = `${String(index + 1).padStart(2, '0')}/QCPH-MTTQ-UBND`;
  const orgs = form.coordinatingOrganizations;
  if (Array.isArray(orgs)) {
    for (const org of orgs) {
      if (org && typeof org === 'object' && !Array.isArray(org) && 'orgUnitId' in org) {
        org.orgUnitId = session.unit(`${commune}.hoi-nong-dan`).id;
      }
    }
  }
  return form;
}

/** Starts `count` regulation reviews, spread over the communes, each by its commune's drafter. */
export async function createLanes(
  session: Session,
  client: HttpClient,
  count: number,
  concurrency = 8,
): Promise<Lane[]> {
  const indexes = Array.from({ length: count }, (_, i) => i);
  return mapLimit(indexes, concurrency, async (i) => {
    const commune = session.communes[i % session.communes.length];
    const unit = session.unit(`${commune}.mttq`);
    const res = await client.post<InstanceBody>(
      '/api/instances',
      {
        definitionKey: DEFINITION_KEY,
        orgUnitId: unit.id,
        title: `Rà soát, bổ sung quy chế phối hợp năm 2026 — ${unit.name} (${i + 1})`,
      },
      session.token(`mttq.${commune}`),
    );
    if (res.status !== 201) {
      throw new Error(`create instance: ${res.status} ${JSON.stringify(res.body)}`);
    }
    return {
      instanceId: res.body.id,
      commune,
      step: 0,
      submitForm: submitFormFor(session, commune, i),
      dead: false,
    };
  });
}

/** Drives lanes through the API: closed-loop levels and an open-loop (fixed arrival rate) run. */
export class EngineDriver {
  constructor(
    private readonly session: Session,
    private readonly client: HttpClient,
    private readonly lanes: Lane[],
  ) {}

  /** Sends the lane's next command; on anything but 200, brings the lane back in step. */
  private async next(lane: Lane): Promise<HttpResult> {
    const step = CYCLE[lane.step];
    const actor = step.actor(lane.commune);
    const body: Record<string, unknown> = { type: step.type };
    if (step.data) body.data = step.data(lane);
    if (step.comment) body.comment = step.comment;
    const res = await this.client.post(
      `/api/instances/${lane.instanceId}/commands`,
      body,
      this.session.token(actor),
    );
    if (res.status === 200) {
      lane.step = (lane.step + 1) % CYCLE.length;
    } else {
      await this.resync(lane, res, actor);
    }
    return res;
  }

  private async resync(lane: Lane, res: HttpResult, actor: string): Promise<void> {
    if (res.status === 202) {
      const commandId = (res.body as { commandId?: string }).commandId;
      const deadline = Date.now() + 30_000;
      while (commandId && Date.now() < deadline) {
        const status = await this.client.get<{ status: string }>(
          `/api/commands/${commandId}`,
          this.session.token(actor),
        );
        if (status.status !== 200 || status.body.status !== 'pending') break;
        await sleep(100);
      }
    }
    const current = await this.client.get<InstanceBody>(
      `/api/instances/${lane.instanceId}`,
      this.session.token('auditor'),
    );
    const step = current.status === 200 ? STEP_FOR_STATE[current.body.state] : undefined;
    if (step === undefined) lane.dead = true;
    else lane.step = step;
  }

  /** `concurrency` virtual users, each sending its next command as soon as the last is answered. */
  async closedLoop(
    concurrency: number,
    warmupMs: number,
    measureMs: number,
    monitor: UsageMonitor,
  ): Promise<LevelResult> {
    const counts = emptyCounts();
    const latencies: number[] = [];
    const errorSamples: string[] = [];
    const begin = performance.now();
    const windowStart = begin + warmupMs;
    const windowEnd = windowStart + measureMs;
    let monitorStarted = false;
    const startMonitor = setTimeout(() => {
      monitor.start();
      monitorStarted = true;
    }, warmupMs);

    const users = Array.from({ length: concurrency }, async (_, user) => {
      const mine = this.lanes.filter((_, i) => i % concurrency === user);
      let turn = 0;
      while (performance.now() < windowEnd) {
        const alive = mine.filter((l) => !l.dead);
        if (alive.length === 0) return;
        const lane = alive[turn++ % alive.length];
        const res = await this.next(lane);
        const done = performance.now();
        if (done < windowStart || done > windowEnd) continue;
        count(counts, res.status);
        if (res.status === 200) latencies.push(res.ms);
        else if (res.status !== 202 && errorSamples.length < 5) {
          errorSamples.push(`${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
        }
      }
    });
    await Promise.all(users);
    clearTimeout(startMonitor);
    if (!monitorStarted) monitor.start();
    const usage = await monitor.stop();
    const seconds = measureMs / 1000;
    return {
      concurrency,
      seconds,
      applied: counts.applied200,
      throughput: round(counts.applied200 / seconds, 1),
      latency: summarize(latencies),
      statuses: counts,
      errorSamples,
      usage,
    };
  }

  /**
   * Commands arrive at a fixed rate whatever the answers take (each on an idle instance); latency is
   * counted from when the command was due, so a stall shows in the figures instead of hiding.
   */
  async openLoop(
    rate: number,
    warmupMs: number,
    measureMs: number,
    monitor: UsageMonitor,
  ): Promise<OpenLoopResult> {
    const counts = emptyCounts();
    const latencies: number[] = [];
    const service: number[] = [];
    const errorSamples: string[] = [];
    const interval = 1000 / rate;
    const begin = performance.now() + 10;
    const windowStart = begin + warmupMs;
    const windowEnd = windowStart + measureMs;
    const idle = this.lanes.filter((l) => !l.dead);
    const backlog: number[] = [];
    const inFlight = new Set<Promise<void>>();
    let maxBacklog = 0;
    let sent = 0;
    let monitorStarted = false;

    const launch = (due: number, lane: Lane): void => {
      const task = this.next(lane).then((res) => {
        const done = performance.now();
        if (due >= windowStart && due < windowEnd) {
          count(counts, res.status);
          if (res.status === 200) {
            latencies.push(done - due);
            service.push(res.ms);
          } else if (res.status !== 202 && errorSamples.length < 5) {
            errorSamples.push(`${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
          }
        }
        if (!lane.dead) idle.push(lane);
        inFlight.delete(task);
        pump();
      });
      inFlight.add(task);
    };
    const pump = (): void => {
      while (backlog.length > 0 && idle.length > 0) {
        const due = backlog.shift() as number;
        const lane = idle.shift() as Lane;
        if (due >= windowStart && due < windowEnd) sent++;
        launch(due, lane);
      }
    };

    for (let k = 0; ;) {
      const now = performance.now();
      if (!monitorStarted && now >= windowStart) {
        monitor.start();
        monitorStarted = true;
      }
      while (begin + k * interval <= now && begin + k * interval < windowEnd) {
        backlog.push(begin + k * interval);
        k++;
      }
      maxBacklog = Math.max(maxBacklog, backlog.length);
      pump();
      const nextDue = begin + k * interval;
      if (nextDue >= windowEnd) break;
      await sleep(Math.max(0, Math.min(nextDue - performance.now(), 50)));
    }
    // Everything due in the window is sent and answered (bounded by the client's timeout).
    const drainDeadline = performance.now() + 60_000;
    while ((backlog.length > 0 || inFlight.size > 0) && performance.now() < drainDeadline) {
      pump();
      await Promise.race([...inFlight, sleep(50)]);
    }
    if (!monitorStarted) monitor.start();
    const usage = await monitor.stop();
    const seconds = measureMs / 1000;
    return {
      targetRate: round(rate, 1),
      seconds,
      sent,
      applied: counts.applied200,
      achievedRate: round(counts.applied200 / seconds, 1),
      latency: summarize(latencies),
      serviceLatency: summarize(service),
      statuses: counts,
      maxBacklog,
      errorSamples,
      usage,
    };
  }
}
