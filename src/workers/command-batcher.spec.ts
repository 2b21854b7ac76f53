import { type AppConfigService } from '../config/app-config.service';
import { type CommandApplier } from '../modules/commands/command-applier.service';
import { CommandBatcher } from './command-batcher';

function batcher(
  size: number,
  applyBatch: (ids: readonly string[]) => Promise<Map<string, unknown>>,
) {
  const config = {
    get: (key: string) => ({ COMMAND_BATCH_SIZE: size, COMMAND_BATCH_WAIT_MS: 2 })[key],
  } as unknown as AppConfigService;
  return new CommandBatcher({ applyBatch } as unknown as CommandApplier, config);
}

describe('CommandBatcher', () => {
  afterEach(() => jest.useRealTimers());

  it('hands a full batch to the applier at once and settles each job with its own result', async () => {
    const calls: string[][] = [];
    const broken = new Error('bad command');
    const b = batcher(3, (ids) => {
      calls.push([...ids]);
      return Promise.resolve(new Map<string, unknown>([['c2', broken]]));
    });
    const settled = await Promise.allSettled([b.submit('c1'), b.submit('c2'), b.submit('c3')]);
    expect(calls).toEqual([['c1', 'c2', 'c3']]);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((settled[1] as PromiseRejectedResult).reason).toBe(broken);
  });

  it('sends a batch that did not fill once the wait has passed, and the rest in the next', async () => {
    jest.useFakeTimers();
    const calls: string[][] = [];
    const b = batcher(2, (ids) => {
      calls.push([...ids]);
      return Promise.resolve(new Map<string, unknown>());
    });
    const jobs = [b.submit('a'), b.submit('b'), b.submit('c')];
    expect(calls).toEqual([['a', 'b']]);
    jest.advanceTimersByTime(2);
    expect(calls).toEqual([['a', 'b'], ['c']]);
    await Promise.all(jobs);
  });

  it('fails every job of a batch whose applier call fails', async () => {
    const b = batcher(2, () => Promise.reject(new Error('database down')));
    const settled = await Promise.allSettled([b.submit('x'), b.submit('y')]);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
  });
});
