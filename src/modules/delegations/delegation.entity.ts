import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Ủy quyền: while in force (started, not ended, not revoked) the delegate may act wherever the
 * delegator may, and sees the delegator's inbox. Rows are revoked, never deleted, so history's
 * `on_behalf_of_id` always points at a delegation that can still be shown.
 */
@Entity({ name: 'delegations' })
export class Delegation {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'delegator_id', type: 'uuid' })
  delegatorId!: string;

  @Column({ name: 'delegate_id', type: 'uuid' })
  delegateId!: string;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt!: Date;

  @Column({ name: 'ends_at', type: 'timestamptz' })
  endsAt!: Date;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ name: 'revoked_by', type: 'uuid', nullable: true })
  revokedBy!: string | null;
}
