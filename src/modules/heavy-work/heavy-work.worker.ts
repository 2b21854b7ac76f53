/**
 * Entry point of the heavy-work threads (piscina loads it by file name): everything here runs off
 * the event loop that answers HTTP.
 */
import { setPriority } from 'node:os';
import { type MessagePort } from 'node:worker_threads';
import { type HeavyTask, runHeavyTask } from './heavy-work.tasks';
import { type Language } from '../../common/i18n/language';

/*
 * Lower this thread's priority (nice 10), so on a busy machine the event loop that answers
 * `/health` and the inbox gets the CPU first. On Linux the nice value is per thread, and
 * `setPriority(0, …)` sets the calling thread's; piscina's own `niceIncrement` needs an optional
 * native package. Where the system refuses, the thread runs at normal priority.
 */
const WORKER_NICE = 10;
try {
  setPriority(0, WORKER_NICE);
} catch {
  // Not permitted here (some containers): same behaviour, without the priority hint.
}

/** A task as the pool hands it over: with the port that tells the caller its clock may start. */
export interface HeavyWorkMessage {
  task: HeavyTask;
  /** The language of the request the task serves: its messages are worded in it. */
  language: Language;
  /** Absent for the warm-up task, which nobody times. */
  started: MessagePort | null;
}

export default function handle({ task, language, started }: HeavyWorkMessage): Promise<unknown> {
  // The budget counts computation only, not the wait for a thread or a thread's start-up.
  started?.postMessage('started');
  started?.close();
  return runHeavyTask(task, language);
}
