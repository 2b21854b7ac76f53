import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { type WorkflowDefinitionDocument } from '../../workflows/engine/definition.types';

export type DefinitionStatus = 'published' | 'deprecated';

/** One published version of a workflow definition; immutable once written (a trigger enforces it). */
@Entity({ name: 'workflow_definitions' })
export class WorkflowDefinition {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  key!: string;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'json' })
  document!: WorkflowDefinitionDocument;

  @Column({ name: 'content_hash', type: 'text' })
  contentHash!: string;

  @Column({ type: 'text' })
  status!: DefinitionStatus;

  @Column({ name: 'published_by', type: 'uuid', nullable: true })
  publishedBy!: string | null;

  @Column({ name: 'published_at', type: 'timestamptz' })
  publishedAt!: Date;
}
