/**
 * Everything the bench starts is registered here and undone at the end, in reverse order, on
 * success, on failure and on SIGINT/SIGTERM alike. Each step is bounded and its failure only logged,
 * so one stuck step never keeps the others (and the database drop) from running.
 */
type Step = { name: string; run: () => Promise<void> };

const steps: Step[] = [];
let running: Promise<void> | undefined;

export function onCleanup(name: string, run: () => Promise<void>): () => void {
  const step = { name, run };
  steps.push(step);
  return () => {
    const index = steps.indexOf(step);
    if (index >= 0) steps.splice(index, 1);
  };
}

export function cleanupAll(): Promise<void> {
  running ??= (async () => {
    while (steps.length > 0) {
      const step = steps.pop();
      if (!step) break;
      try {
        await withTimeout(step.run(), 30_000, step.name);
      } catch (error) {
        console.error(`cleanup: ${step.name} failed: ${(error as Error).message}`);
      }
    }
  })();
  return running;
}

export function installSignalHandlers(): void {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: stopping and cleaning up`);
      void cleanupAll().finally(() => process.exit(130));
    });
  }
  const fatal = (error: unknown): void => {
    console.error('bench: unexpected error, cleaning up:', error);
    void cleanupAll().finally(() => process.exit(1));
  };
  process.once('uncaughtException', fatal);
  process.once('unhandledRejection', fatal);
}

export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
