import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, getJson, request } from '../api/client';
import { type ServerDraft } from '../api/types';

const SAVE_DELAY_MS = 800;

/** What the page may truthfully say about the draft. */
export type DraftStatus =
  /** Nothing typed yet, nothing saved. */
  | { kind: 'idle' }
  /** Typed, and the save is waiting or on its way. */
  | { kind: 'saving' }
  /** The server has exactly what is on screen, since `at` (the server's time). */
  | { kind: 'saved'; at: string; restored: boolean }
  /** The server refused or could not be reached: what is on screen is not saved. */
  | { kind: 'failed'; tooLarge: boolean };

export interface DraftContent {
  data?: Record<string, unknown>;
  comment: string;
}

export interface Draft {
  status: DraftStatus;
  /** The user changed the form: save it shortly. */
  changed: (content: DraftContent) => void;
  /** Save now (after a failure). */
  retry: () => void;
  /** The command was sent and applied: the server dropped the draft, stop saving. */
  settled: () => void;
}

/**
 * Server-side autosave of one action's form. Only the answer to the latest save may change the
 * status, and "saved" is shown only for a save that succeeded with nothing typed since; a refused
 * save (413, network) says so and offers a retry. A draft saved earlier is handed to `onRestore`
 * unless the user has already started typing.
 */
export function useDraft(
  instanceId: string,
  eventType: string,
  onRestore: (draft: ServerDraft) => void,
): Draft {
  const [status, setStatus] = useState<DraftStatus>({ kind: 'idle' });
  const content = useRef<DraftContent | null>(null);
  // Bumped by every edit: a save's answer counts only if nothing was typed after it was sent.
  const edits = useRef(0);
  const timer = useRef<number | undefined>(undefined);
  const restore = useRef(onRestore);
  restore.current = onRestore;
  const path = `/api/instances/${instanceId}/draft`;

  const save = useCallback(() => {
    window.clearTimeout(timer.current);
    timer.current = undefined;
    const body = content.current;
    if (!body) return;
    const edit = edits.current;
    setStatus({ kind: 'saving' });
    request<ServerDraft>(path, { method: 'PUT', body: { eventType, ...body } }).then(
      (answer) => {
        if (edit === edits.current) {
          setStatus({ kind: 'saved', at: answer.body.updatedAt, restored: false });
        }
      },
      (error: unknown) => {
        if (edit === edits.current) {
          setStatus({
            kind: 'failed',
            tooLarge: error instanceof ApiError && error.status === 413,
          });
        }
      },
    );
  }, [path, eventType]);

  useEffect(() => {
    let cancelled = false;
    getJson<ServerDraft>(path, { query: { eventType } }).then(
      (draft) => {
        if (cancelled || edits.current > 0) return;
        restore.current(draft);
        setStatus({ kind: 'saved', at: draft.updatedAt, restored: true });
      },
      // 404: no draft yet. Anything else: the form starts empty and the next save will tell.
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [path, eventType]);

  // Leaving the page (or this panel) with a save still waiting sends it rather than losing it.
  useEffect(() => () => (timer.current === undefined ? undefined : save()), [save]);

  const unsaved = status.kind === 'saving' || status.kind === 'failed';
  useEffect(() => {
    if (!unsaved) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [unsaved]);

  return {
    status,
    changed: useCallback(
      (next: DraftContent) => {
        content.current = next;
        edits.current += 1;
        setStatus({ kind: 'saving' });
        window.clearTimeout(timer.current);
        timer.current = window.setTimeout(save, SAVE_DELAY_MS);
      },
      [save],
    ),
    retry: save,
    settled: useCallback(() => {
      window.clearTimeout(timer.current);
      timer.current = undefined;
      content.current = null;
      edits.current += 1;
      setStatus({ kind: 'idle' });
    }, []),
  };
}
