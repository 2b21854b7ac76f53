import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { type BrokenLeaf, LogAuditor } from './modules/transparency-log/log-auditor';
import { type LogRecord } from './modules/transparency-log/log-leaf';
import {
  type Checkpoint,
  openNote,
  parseCheckpointText,
  parseVerifierKey,
} from './modules/transparency-log/signed-note';

/**
 * `npm run audit:verify -- --export history.jsonl --checkpoint cp.note --vkey key.txt`
 *
 * Checks, with no database and no server, that an export of the transparency log
 * (`GET /api/audit/events/export?format=tlog`) extends a checkpoint the auditor kept: the
 * checkpoint's signature under the published key, then every record re-hashed into the tree,
 * leaf by leaf in constant memory, and the root at the checkpoint's size. Prints a JSON report;
 * exits 0 when everything holds, 1 when something is broken, 2 on bad usage.
 */
interface Report {
  ok: boolean;
  treeSize: number;
  checked: number;
  checkpointTreeSize: number;
  firstBroken?: BrokenLeaf;
}

interface ExportLine {
  leafIndex: number;
  leafHash?: string;
  record: LogRecord | null;
}

export async function verifyExport(paths: {
  export: string;
  checkpoint: string;
  vkey: string;
}): Promise<Report> {
  const verifier = parseVerifierKey(await readFile(paths.vkey, 'utf8'));
  const text = openNote(await readFile(paths.checkpoint, 'utf8'), verifier);
  const checkpoint: Checkpoint | null = text === null ? null : parseCheckpointText(text);
  if (!checkpoint) throw new UsageError('The checkpoint is not signed by that key');
  const auditor = new LogAuditor([checkpoint]);
  const lines = createInterface({ input: createReadStream(paths.export), crlfDelay: Infinity });
  let lineNo = 0;
  for await (const line of lines) {
    lineNo += 1;
    if (line.trim() === '') continue;
    let entry: ExportLine;
    try {
      entry = JSON.parse(line) as ExportLine;
    } catch {
      auditor.fail({ reason: 'leaf-mismatch', leafIndex: lineNo - 1 });
      break;
    }
    const ok = auditor.add({
      leafIndex: entry.leafIndex,
      record: entry.record,
      storedLeafHash: entry.leafHash ? Buffer.from(entry.leafHash, 'base64') : undefined,
    });
    if (!ok) break;
  }
  lines.close();
  const firstBroken = auditor.finish();
  return {
    ok: firstBroken === null,
    treeSize: auditor.size,
    checked: auditor.size,
    checkpointTreeSize: checkpoint.treeSize,
    ...(firstBroken ? { firstBroken } : {}),
  };
}

class UsageError extends Error {}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      export: { type: 'string' },
      checkpoint: { type: 'string' },
      vkey: { type: 'string' },
    },
  });
  if (!values.export || !values.checkpoint || !values.vkey) {
    throw new UsageError(
      'Usage: npm run audit:verify -- --export history.jsonl --checkpoint cp.note --vkey key.txt',
    );
  }
  const report = await verifyExport({
    export: values.export,
    checkpoint: values.checkpoint,
    vkey: values.vkey,
  });
  console.log(JSON.stringify(report, null, 2));
  return report.ok ? 0 : 1;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error((error as Error).message);
      process.exit(2);
    },
  );
}
