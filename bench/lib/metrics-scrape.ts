import { type HttpClient } from './http-client';

/**
 * The product's own view of a run, read from `GET /metrics` (Prometheus text) as a scraper would:
 * the command latency histogram from accepted to applied, summed over definitions and events.
 * It shows the metrics an operator scrapes agree with what the load generator counted.
 */
export interface ScrapedCommandMetrics {
  /** `_count` of `workflow_command_latency_seconds`, by outcome. */
  decidedByOutcome: Record<string, number>;
  /** Mean latency from accepted to committed, in ms (`_sum / _count`), or null without samples. */
  meanLatencyMs: number | null;
}

const SAMPLE = /^workflow_command_latency_seconds_(count|sum)\{([^}]*)\} ([0-9.eE+-]+)$/;

/** Scrapes `/metrics` with an admin's token; null when the route does not answer 200. */
export async function scrapeCommandMetrics(
  client: HttpClient,
  adminToken: string,
): Promise<ScrapedCommandMetrics | null> {
  const res = await client.get<string>('/metrics', adminToken);
  if (res.status !== 200 || typeof res.body !== 'string') return null;
  const decidedByOutcome: Record<string, number> = {};
  let count = 0;
  let sumSeconds = 0;
  for (const line of res.body.split('\n')) {
    const match = SAMPLE.exec(line);
    if (!match) continue;
    const value = Number(match[3]);
    if (match[1] === 'sum') {
      sumSeconds += value;
      continue;
    }
    const outcome = /outcome="([^"]*)"/.exec(match[2])?.[1] ?? 'unknown';
    decidedByOutcome[outcome] = (decidedByOutcome[outcome] ?? 0) + value;
    count += value;
  }
  return {
    decidedByOutcome,
    meanLatencyMs: count > 0 ? Math.round((sumSeconds / count) * 1000 * 100) / 100 : null,
  };
}
