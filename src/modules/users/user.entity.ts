import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

export const USER_ROLES = ['official', 'auditor', 'admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** `dispatcher`: records directives and sends campaigns to many units (Thường trực, Dân vận). */
export const USER_CAPABILITIES = ['drafter', 'approver', 'dispatcher'] as const;
export type UserCapability = (typeof USER_CAPABILITIES)[number];

@Entity({ name: 'users' })
export class User {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text', unique: true })
  username!: string;

  @Column({ name: 'full_name', type: 'text' })
  fullName!: string;

  @Column({ name: 'password_hash', type: 'text' })
  passwordHash!: string;

  @Column({ type: 'text', array: true })
  roles!: UserRole[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  capabilities!: UserCapability[];

  @Column({ name: 'org_unit_id', type: 'uuid' })
  orgUnitId!: string;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  /** Carried by access tokens; bumped by a password reset, a deactivation or a role change. */
  @Column({ name: 'token_version', type: 'integer', default: 1 })
  tokenVersion!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
