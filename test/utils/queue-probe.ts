import {
  createPostgresBackend,
  type PostgresConnectionOptions,
  Queue,
  QueueEvents,
  type QueueEventsListener,
} from 'bullmq';

/** What a test needs to reach the app's queues from outside it, on either backend. */
export interface QueueProbeSettings {
  /** Unset or empty: the queues live in BullMQ's PostgreSQL backend (schema `bullmq`). */
  REDIS_URL?: string;
  DATABASE_URL: string;
  QUEUE_PREFIX: string;
}

/** What a test reads of a queue: job counts, jobs by id, and its events (e.g. `stalled`). */
export interface QueueProbe {
  activeCount(): Promise<number>;
  hasJob(jobId: string): Promise<boolean>;
  on(event: keyof QueueEventsListener, listener: () => void): void;
  close(): Promise<void>;
}

function postgresConnection(settings: QueueProbeSettings): PostgresConnectionOptions {
  return { connectionString: settings.DATABASE_URL, schema: 'bullmq', max: 2 };
}

/** Opens the queue (and, when `events`, its event stream) as the app's processes see it. */
export async function openQueueProbe(
  name: string,
  settings: QueueProbeSettings,
  events = false,
): Promise<QueueProbe> {
  let queue: Queue;
  let queueEvents: QueueEvents | undefined;
  if (settings.REDIS_URL) {
    const url = new URL(settings.REDIS_URL);
    const connection = { host: url.hostname, port: Number(url.port || 6379) };
    queue = new Queue(name, { connection, prefix: settings.QUEUE_PREFIX });
    if (events) {
      queueEvents = new QueueEvents(name, { connection, prefix: settings.QUEUE_PREFIX });
    }
  } else {
    const connection = postgresConnection(settings);
    queue = new Queue(name, { connection }, createPostgresBackend) as unknown as Queue;
    if (events) {
      queueEvents = new QueueEvents(
        name,
        { connection },
        createPostgresBackend,
      ) as unknown as QueueEvents;
    }
  }
  // A fault test terminates connections under the probe too: it reads again on its next call.
  queue.on('error', () => undefined);
  queueEvents?.on('error', () => undefined);
  await queue.waitUntilReady();
  await queueEvents?.waitUntilReady();
  return {
    activeCount: () => queue.getActiveCount(),
    hasJob: async (jobId) => (await queue.getJob(jobId)) !== undefined,
    on(event, listener) {
      if (!queueEvents) throw new Error('Opened without events');
      queueEvents.on(event, listener);
    },
    async close() {
      await queueEvents?.close();
      await queue.close();
    },
  };
}
