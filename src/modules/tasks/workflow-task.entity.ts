import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type TaskStatus = 'open' | 'done' | 'cancelled';

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

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  @Column({ name: 'closed_by', type: 'uuid', nullable: true })
  closedBy!: string | null;
}
