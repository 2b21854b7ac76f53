import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { type ErrorDetail, type DomainErrorCode } from '../../common/errors/domain-error';
import { type JsonObject } from '../../common/json/json.types';

export type CommandStatus = 'pending' | 'applied' | 'rejected';

export interface CommandRejection {
  code: DomainErrorCode;
  message: string;
  details?: ErrorDetail[];
  allowedEvents?: string[];
}

/** A command as accepted: recorded before it is queued, so Redis only ever carries its id. */
@Entity({ name: 'workflow_commands' })
export class WorkflowCommand {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Acceptance order; commands on one instance are applied in this order. */
  @Column({ type: 'bigint' })
  seq!: string;

  @Column({ name: 'instance_id', type: 'uuid' })
  instanceId!: string;

  @Column({ type: 'text' })
  type!: string;

  @Column({ type: 'jsonb', nullable: true })
  data!: JsonObject | null;

  @Column({ type: 'text', nullable: true })
  comment!: string | null;

  @Column({ name: 'actor_id', type: 'uuid' })
  actorId!: string;

  @Column({ name: 'idempotency_key', type: 'text', nullable: true })
  idempotencyKey!: string | null;

  /** The instance version the caller acted on: explicit, or the one it read when it sent the command. */
  @Column({ name: 'expected_version', type: 'integer', nullable: true })
  expectedVersion!: number | null;

  /**
   * SHA-256 of what the request asked (instance, type, data, comment, expected version), to tell
   * a retry of it from another request reusing its Idempotency-Key. Null on commands recorded
   * before it was kept.
   */
  @Column({ name: 'request_hash', type: 'text', nullable: true })
  requestHash!: string | null;

  @Column({ type: 'text' })
  status!: CommandStatus;

  @Column({ type: 'jsonb', nullable: true })
  error!: CommandRejection | null;

  @Column({ name: 'instance_version', type: 'integer', nullable: true })
  instanceVersion!: number | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'processed_at', type: 'timestamptz', nullable: true })
  processedAt!: Date | null;
}
