import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type TaskStatus = 'open' | 'done' | 'cancelled';

/** A step of the workflow, or a follow-up opened for the unit above when a step went overdue. */
export type TaskKind = 'step' | 'escalation';

/** What waits for a unit (and capability) while an instance sits in a state: the inbox's rows. */
@Entity({ name: 'workflow_tasks' })
export class WorkflowTask {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'instance_id', type: 'uuid' })
  instanceId!: string;

  @Column({ type: 'text' })
  state!: string;

  @Column({ name: 'assignee_unit_id', type: 'uuid' })
  assigneeUnitId!: string;

  @Column({ type: 'text', nullable: true })
  capability!: string | null;

  @Column({ type: 'text' })
  status!: TaskStatus;

  @Column({ name: 'due_at', type: 'timestamptz', nullable: true })
  dueAt!: Date | null;

  @Column({ type: 'text', default: 'step' })
  kind!: TaskKind;

  /** When the reminder is due (before `dueAt`); null when the step has no deadline. */
  @Column({ name: 'remind_at', type: 'timestamptz', nullable: true })
  remindAt!: Date | null;

  @Column({ name: 'reminded_at', type: 'timestamptz', nullable: true })
  remindedAt!: Date | null;

  /** Set by the escalation once `dueAt` passed with the task still open. */
  @Column({ name: 'overdue_at', type: 'timestamptz', nullable: true })
  overdueAt!: Date | null;

  /** For an escalation task: the overdue step it follows up. */
  @Column({ name: 'escalated_from_id', type: 'uuid', nullable: true })
  escalatedFromId!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  @Column({ name: 'closed_by', type: 'uuid', nullable: true })
  closedBy!: string | null;

  /** Who has taken the task (claim/release): a label for colleagues, not a lock. */
  @Column({ name: 'claimed_by', type: 'uuid', nullable: true })
  claimedBy!: string | null;

  @Column({ name: 'claimed_at', type: 'timestamptz', nullable: true })
  claimedAt!: Date | null;
}
