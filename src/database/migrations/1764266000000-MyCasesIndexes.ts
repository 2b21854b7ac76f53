import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Indexes for "my cases": cases by their creator, and history events by their actor. */
export class MyCasesIndexes1764266000000 implements MigrationInterface {
  name = 'MyCasesIndexes1764266000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX workflow_instances_creator_idx ON workflow_instances (created_by, updated_at DESC, id DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX history_events_actor_idx ON history_events (actor_id, instance_id)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX history_events_actor_idx`);
    await queryRunner.query(`DROP INDEX workflow_instances_creator_idx`);
  }
}
