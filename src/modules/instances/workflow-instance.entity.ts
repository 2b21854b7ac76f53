import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { type PromulgatedDocument } from '../documents/promulgated-document';
import {
  type InstanceStatus,
  type PersistedWorkflowSnapshot,
} from '../../workflows/engine/workflow-engine';
import { type JsonObject } from '../../common/json/json.types';

@Entity({ name: 'workflow_instances' })
export class WorkflowInstance {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'definition_id', type: 'uuid' })
  definitionId!: string;

  @Column({ name: 'definition_key', type: 'text' })
  definitionKey!: string;

  @Column({ name: 'definition_version', type: 'integer' })
  definitionVersion!: number;

  @Column({ name: 'org_unit_id', type: 'uuid' })
  orgUnitId!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text' })
  state!: string;

  @Column({ type: 'text' })
  status!: InstanceStatus;

  /** Increases by one with every applied transition; equals the history's length. */
  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'jsonb' })
  snapshot!: PersistedWorkflowSnapshot;

  @Column({ type: 'jsonb' })
  data!: JsonObject;

  /** Hash of the newest history event, so a deleted tail of the chain is detected too. */
  @Column({ name: 'history_head', type: 'text' })
  historyHead!: string;

  @Column({ name: 'search_text', type: 'text', select: false })
  searchText!: string;

  /** Set once, when the instance is promulgated: its number in the register, date, signer. */
  @Column({ type: 'jsonb', nullable: true })
  document!: PromulgatedDocument | null;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
