import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { type JsonObject } from '../../common/json/json.types';

/** One link of an instance's append-only, hash-chained history. */
@Entity({ name: 'history_events' })
export class HistoryEvent {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'instance_id', type: 'uuid' })
  instanceId!: string;

  /** 1-based position in the instance's history. */
  @Column({ type: 'integer' })
  seq!: number;

  @Column({ type: 'text' })
  type!: string;

  @Column({ name: 'from_state', type: 'text', nullable: true })
  fromState!: string | null;

  @Column({ name: 'to_state', type: 'text' })
  toState!: string;

  @Column({ name: 'actor_id', type: 'uuid' })
  actorId!: string;

  @Column({ name: 'actor_username', type: 'text' })
  actorUsername!: string;

  @Column({ name: 'actor_org_unit_id', type: 'uuid' })
  actorOrgUnitId!: string;

  @Column({ name: 'on_behalf_of_id', type: 'uuid', nullable: true })
  onBehalfOfId!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  data!: JsonObject | null;

  @Column({ type: 'text', nullable: true })
  comment!: string | null;

  @Column({ name: 'command_id', type: 'uuid', nullable: true })
  commandId!: string | null;

  @Column({ type: 'timestamptz' })
  at!: Date;

  @Column({ name: 'prev_hash', type: 'text' })
  prevHash!: string;

  @Column({ type: 'text' })
  hash!: string;
}
