import { cpus, loadavg, totalmem, release } from 'node:os';
import { pgClient } from './pg';
import Redis from 'ioredis';

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGb: number;
  kernel: string;
  node: string;
  postgres: string;
  postgresSettings: Record<string, string>;
  redis: string;
  loadAverageAtStart: number[];
}

export async function machineInfo(serverUrl: string, redisUrl: string): Promise<MachineInfo> {
  const client = pgClient({ connectionString: `${serverUrl}/postgres` });
  await client.connect();
  let postgres = '?';
  const postgresSettings: Record<string, string> = {};
  try {
    postgres = (await client.query<{ server_version: string }>('SHOW server_version')).rows[0]
      .server_version;
    const settings = await client.query<{ name: string; setting: string; unit: string | null }>(
      `SELECT name, setting, unit FROM pg_settings
        WHERE name IN ('shared_buffers', 'synchronous_commit', 'fsync', 'max_connections',
                       'work_mem', 'effective_cache_size', 'wal_level', 'max_wal_size', 'random_page_cost')`,
    );
    for (const s of settings.rows)
      postgresSettings[s.name] = s.unit ? `${s.setting} ${s.unit}` : s.setting;
  } finally {
    await client.end();
  }
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  let redisVersion = '?';
  try {
    await redis.connect();
    const info = await redis.info('server');
    redisVersion = /redis_version:(\S+)/.exec(info)?.[1] ?? '?';
  } finally {
    redis.disconnect();
  }
  return {
    cpuModel: cpus()[0]?.model ?? '?',
    cores: cpus().length,
    memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    kernel: release(),
    node: process.version,
    postgres,
    postgresSettings,
    redis: redisVersion,
    loadAverageAtStart: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}
