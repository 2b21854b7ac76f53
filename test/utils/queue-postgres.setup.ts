/**
 * The `queue-postgres` jest project re-runs the command, timer, fault and durability tests with
 * the queues in BullMQ's PostgreSQL backend: test-app reads this and leaves REDIS_URL unset.
 */
process.env.QUEUE_BACKEND = 'postgres';
