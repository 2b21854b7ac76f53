/** Command-line options: `npm run bench [-- --quick] [--levels=1,4,16] [--workers=2] ...`. */
export interface BenchOptions {
  mode: 'quick' | 'full';
  levels: number[];
  warmupMs: number;
  measureMs: number;
  /** Separate worker processes in the second engine configuration. */
  workers: number;
  /** Instances the engine phase drives (each in-flight command has one of its own). */
  lanes: number;
  seedInstances: number;
  seedEvents: number;
  /** Requests per read scenario. */
  readSamples: number;
  logLevel: string;
  phases: Set<'engine' | 'baseline' | 'reads' | 'stalls'>;
  keepDatabase: boolean;
  /** The whole run stops itself (and cleans up) after this long. */
  deadlineMs: number;
}

export function parseOptions(argv: readonly string[]): BenchOptions {
  const flags = new Map<string, string>();
  for (const arg of argv) {
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match) throw new Error(`Unknown argument ${arg}`);
    flags.set(match[1], match[2] ?? 'true');
  }
  const known = [
    'quick',
    'levels',
    'warmup',
    'measure',
    'workers',
    'instances',
    'events',
    'read-samples',
    'log-level',
    'only',
    'keep-db',
  ];
  for (const key of flags.keys()) {
    if (!known.includes(key))
      throw new Error(`Unknown option --${key}; known: ${known.join(', ')}`);
  }
  const quick = flags.get('quick') === 'true';
  const number = (key: string, fallback: number): number => {
    const raw = flags.get(key);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < 0) throw new Error(`--${key} must be a number`);
    return value;
  };
  const levels = (flags.get('levels') ?? (quick ? '4,16' : '1,4,16,32,64'))
    .split(',')
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);
  if (levels.length === 0) throw new Error('--levels needs at least one positive integer');
  const phases = new Set(
    (flags.get('only') ?? 'engine,baseline,reads,stalls').split(',').map((p) => p.trim()),
  );
  for (const phase of phases) {
    if (!['engine', 'baseline', 'reads', 'stalls'].includes(phase))
      throw new Error(`Unknown phase ${phase}`);
  }
  return {
    mode: quick ? 'quick' : 'full',
    levels,
    warmupMs: number('warmup', quick ? 1 : 4) * 1000,
    measureMs: number('measure', quick ? 3 : 15) * 1000,
    workers: Math.max(1, Math.floor(number('workers', 2))),
    lanes: Math.max(...levels) * 2,
    seedInstances: Math.floor(number('instances', quick ? 50_000 : 1_000_000)),
    seedEvents: Math.floor(number('events', quick ? 500_000 : 10_000_000)),
    readSamples: Math.floor(number('read-samples', quick ? 40 : 400)),
    logLevel: flags.get('log-level') ?? 'info',
    phases: phases as BenchOptions['phases'],
    keepDatabase: flags.get('keep-db') === 'true',
    deadlineMs: (quick ? 6 : 60) * 60_000,
  };
}
