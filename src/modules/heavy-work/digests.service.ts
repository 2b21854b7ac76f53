import { Injectable } from '@nestjs/common';
import { searchableText } from '../../common/text/fold-diacritics';
import { AppConfigService } from '../../config/app-config.service';
import { isLargeDocument } from '../../forms/form-validator';
import { type ChainedEventFields, hashEvent } from '../history/hash-chain';
import { type LogRecord, recordLeafHash } from '../transparency-log/log-leaf';
import { HeavyWorkService } from './heavy-work.service';

/*
 * Folding diacritics and canonical JSON read every character, about 30 times the per-character
 * cost of validating a string's length: a 700 KB form document took 100–200 ms of each on a loaded
 * two-core machine, several times per instance created (instance and history search text, the
 * history hash, the transparency-log leaf).
 */
const TEXT_CHARS_PER_NODE = 30;

/**
 * The digests every write derives from a form document — search text, history chain hash,
 * transparency-log leaf hash — computed inline for the usual small document and on the heavy-work
 * threads for a large one, so storing a big (valid) document never holds the event loop that
 * answers `/health` and the inbox. Same functions, same results, either way.
 */
@Injectable()
export class DigestsService {
  private readonly inlineMaxNodes: number;

  constructor(
    private readonly heavyWork: HeavyWorkService,
    config: AppConfigService,
  ) {
    this.inlineMaxNodes = config.get('FORM_INLINE_MAX_NODES');
  }

  /** {@link searchableText} of the values. */
  async searchableText(...values: unknown[]): Promise<string> {
    return this.isLarge(values)
      ? this.heavyWork.run({ kind: 'searchable-text', values }, 'service', 'The search text')
      : searchableText(...values);
  }

  /** A history event's chain hash ({@link hashEvent}) and its search text (data and comment). */
  async historyDigest(
    fields: ChainedEventFields,
    comment: string | null,
  ): Promise<{ hash: string; searchText: string }> {
    return this.isLarge(fields.data)
      ? this.heavyWork.run(
          { kind: 'history-digest', fields, comment },
          'service',
          'The history hash',
        )
      : { hash: hashEvent(fields), searchText: searchableText(fields.data, comment) };
  }

  /** {@link recordLeafHash} of a transparency-log record. */
  async leafHash(record: LogRecord): Promise<Buffer> {
    if (!this.isLarge(record)) return recordLeafHash(record);
    const hash = await this.heavyWork.run({ kind: 'leaf-hash', record }, 'service', 'A log leaf');
    return Buffer.from(hash.buffer, hash.byteOffset, hash.byteLength);
  }

  private isLarge(value: unknown): boolean {
    return isLargeDocument(value, this.inlineMaxNodes, TEXT_CHARS_PER_NODE);
  }
}
