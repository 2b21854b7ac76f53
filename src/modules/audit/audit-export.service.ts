import { Injectable } from '@nestjs/common';
import { Clock } from '../../common/clock/clock';
import {
  type AuditEventDto,
  type AuditExportQueryDto,
  type ExportFormat,
} from './dto/audit-event.dto';
import { AuditEventsService } from './audit-events.service';
import { csvRecord, type CsvValue, UTF8_BOM } from './export/csv';
import {
  type ExportedLeaf,
  TransparencyLogService,
} from '../transparency-log/transparency-log.service';

/** Rows fetched per query while exporting: large enough to amortise a round trip, small in memory. */
const EXPORT_BATCH = 1000;

const CSV_COLUMNS: ReadonlyArray<[header: string, value: (e: AuditEventDto) => CsvValue]> = [
  ['at', (e) => e.at.toISOString()],
  ['instanceId', (e) => e.instanceId],
  ['seq', (e) => e.seq],
  ['type', (e) => e.type],
  ['fromState', (e) => e.fromState],
  ['toState', (e) => e.toState],
  ['actorUsername', (e) => e.actor.username],
  ['actorFullName', (e) => e.actor.fullName],
  ['actorOrgUnitName', (e) => e.actor.orgUnitName],
  ['definitionKey', (e) => e.instance.definitionKey],
  ['definitionVersion', (e) => e.instance.definitionVersion],
  ['instanceTitle', (e) => e.instance.title],
  ['orgUnitSlug', (e) => e.instance.orgUnitSlug],
  ['orgUnitName', (e) => e.instance.orgUnitName],
  ['comment', (e) => e.comment],
  ['opinion', (e) => e.opinion],
  ['data', (e) => (e.data === null ? null : JSON.stringify(e.data))],
  ['hash', (e) => e.hash],
  ['eventId', (e) => e.id],
];

export interface AuditExport {
  contentType: string;
  filename: string;
  /** Text chunks, one per batch, produced only as fast as they are read. */
  chunks: AsyncGenerator<string>;
}

/** Exports an audit search as CSV (UTF-8 with BOM, for Excel) or JSON Lines, streamed. */
@Injectable()
export class AuditExportService {
  constructor(
    private readonly events: AuditEventsService,
    private readonly log: TransparencyLogService,
    private readonly clock: Clock,
  ) {}

  async open(query: AuditExportQueryDto): Promise<AuditExport> {
    const stamp = this.clock.now().toISOString().replace(/[:.]/g, '-');
    if (query.format === 'tlog') {
      return {
        contentType: contentTypeOf(query.format),
        filename: `history-log-${stamp}.jsonl`,
        chunks: renderLog(this.log.exportLeaves()),
      };
    }
    // Prepared (and validated) now, so a bad filter answers 4xx before any byte is sent.
    const search = await this.events.prepare(query);
    const batches = this.events.batches(search, EXPORT_BATCH);
    // The first batch is read before answering: a query that fails answers an error, never a 200
    // that carries only the header line.
    const first = await batches.next();
    return {
      contentType: contentTypeOf(query.format),
      filename: `audit-events-${stamp}.${query.format}`,
      chunks: render(query.format, startingWith(first, batches)),
    };
  }
}

/** One line per leaf: what the offline verifier needs to recompute the tree. */
async function* renderLog(batches: AsyncGenerator<ExportedLeaf[]>): AsyncGenerator<string> {
  for await (const batch of batches)
    yield batch.map((leaf) => `${JSON.stringify(leaf)}\n`).join('');
}

async function* startingWith<T>(
  first: IteratorResult<T>,
  rest: AsyncGenerator<T>,
): AsyncGenerator<T> {
  if (first.done) return;
  yield first.value;
  yield* rest;
}

async function* render(
  format: Exclude<ExportFormat, 'tlog'>,
  batches: AsyncGenerator<AuditEventDto[]>,
): AsyncGenerator<string> {
  switch (format) {
    case 'csv':
      yield UTF8_BOM + csvRecord(CSV_COLUMNS.map(([header]) => header));
      for await (const batch of batches) {
        yield batch.map((e) => csvRecord(CSV_COLUMNS.map(([, value]) => value(e)))).join('');
      }
      return;
    case 'jsonl':
      for await (const batch of batches) {
        yield batch.map((e) => `${JSON.stringify(e)}\n`).join('');
      }
      return;
  }
}

function contentTypeOf(format: ExportFormat): string {
  switch (format) {
    case 'csv':
      return 'text/csv; charset=utf-8';
    case 'jsonl':
    case 'tlog':
      return 'application/jsonl; charset=utf-8';
  }
}
