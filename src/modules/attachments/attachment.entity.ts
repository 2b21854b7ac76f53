import { Column, Entity, PrimaryColumn } from 'typeorm';
import { type StorageKind } from './storage/attachment-storage';

/** A file attached to an instance; its SHA-256 is also in the instance's hash-chained history. */
@Entity({ name: 'attachments' })
export class Attachment {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'instance_id', type: 'uuid' })
  instanceId!: string;

  @Column({ name: 'file_name', type: 'text' })
  fileName!: string;

  /** As sniffed from the content, never as the client declared. */
  @Column({ name: 'content_type', type: 'text' })
  contentType!: string;

  @Column({ name: 'size_bytes', type: 'bigint' })
  sizeBytes!: string;

  @Column({ type: 'text' })
  sha256!: string;

  @Column({ type: 'text' })
  storage!: StorageKind;

  @Column({ name: 'storage_key', type: 'text' })
  storageKey!: string;

  @Column({ name: 'uploaded_by', type: 'uuid' })
  uploadedBy!: string;

  @Column({ name: 'uploaded_at', type: 'timestamptz' })
  uploadedAt!: Date;

  @Column({ name: 'history_seq', type: 'integer' })
  historySeq!: number;
}
