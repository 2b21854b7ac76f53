import { type Readable } from 'node:stream';
import { type EntityManager } from 'typeorm';
import { type RandomAccessContent } from '../content-sniffer';

export const STORAGE_KINDS = ['postgres', 'disk'] as const;
export type StorageKind = (typeof STORAGE_KINDS)[number];

/** An upload received and held until it is checked and recorded (or thrown away). */
export interface StagedContent extends RandomAccessContent {
  discard(): Promise<void>;
}

/** Where an upload's bytes go while it streams in. */
export interface ContentWriter {
  write(chunk: Buffer): Promise<void>;
  finish(): Promise<StagedContent>;
  discard(): Promise<void>;
}

/**
 * Where attachment content lives. An upload is staged while it streams (so it can be hashed,
 * limited and sniffed), then persisted inside the transaction that records the attachment and its
 * history event. Rows name the storage that holds them, so changing ATTACHMENT_STORAGE keeps
 * older attachments readable.
 */
export interface AttachmentStorage {
  readonly kind: StorageKind;
  createWriter(): Promise<ContentWriter>;
  /**
   * The key content is found under: derived from its SHA-256 (content-addressed), so the bytes
   * are bound to the hash the history event records, and equal files are kept once.
   */
  keyFor(sha256: string): string;
  /**
   * Keeps the staged content under `key`, inside the recording transaction. Returns false when
   * that content was kept already (another attachment has the same bytes).
   */
  persist(manager: EntityManager, key: string, staged: StagedContent): Promise<boolean>;
  /**
   * Undoes a {@link persist} that returned true, after the transaction rolled back (files
   * outlive transactions).
   */
  forget(key: string): Promise<void>;
  /** The content, or null when it is missing. */
  open(manager: EntityManager, key: string): Promise<Readable | null>;
}
