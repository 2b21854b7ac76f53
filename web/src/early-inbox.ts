// The signed-in inbox before the app's scripts have arrived. A classic script of its own
// (web/vite.config.mts, earlyInbox), no imports: it runs apart from, and long before, the bundle
// (~320 KB of brotli, seconds on a slow mobile link). Only for /inbox without filters, when a
// session is already kept in this tab.
//
// 1. It asks at once for what the inbox's first screen needs, with the same URLs and headers as the
//    app: the first page, the workflow and unit names, the counters and saved views; then the
//    definitions of the workflows in that page (their step names). The app's own identical
//    requests take these answers instead of asking again (api/client.ts, takeEarly).
// 2. With the page and the names in hand, and the app not yet started, it draws the first rows as a
//    plain table (#early-inbox, styled in index.html) with the app's wording; the app removes it
//    when its own inbox has the same rows to show (dismissEarlyInbox).

/** The build puts the few dictionary entries used here in place of this name (vite.config.mts). */
declare const __EARLY_TEXTS__: Record<'vi' | 'en', Record<string, string>>;

interface Localized {
  vi?: string;
  en?: string;
}
interface UserRef {
  username: string;
  fullName?: string | null;
}
interface Item {
  instanceId: string;
  definitionKey: string;
  title: string;
  state: string;
  orgUnitId: string;
  dueAt: string | null;
  remainingWorkingDays: number | null;
  overdue: boolean;
  createdAt: string;
  claimedBy: UserRef | null;
  returned: {
    type: string;
    by: UserRef;
    byOrgUnitId: string | null;
    at: string;
    comment?: string | null;
  } | null;
}

(() => {
  /** InboxPage's first load (the same query, in the same order, as the app builds it). */
  const INBOX_URL = '/api/inbox?kind=step&sort=due&limit=20';
  /**
   * What the rest of the first screen asks for (InboxPage's counters and saved views, the bell).
   * Asked once the rows' own requests are answered: a browser opens few connections to one server,
   * and these must not queue the rows' requests behind them.
   */
  const ALSO_WANTED = [
    '/api/inbox/counts?kind=step&dueSoonHours=72',
    '/api/inbox/counts?kind=escalation',
    '/api/inbox/views',
    '/api/notifications?limit=30',
  ];

  try {
    if (location.pathname !== '/inbox' || location.search) return;
    const session = JSON.parse(sessionStorage.getItem('dwf.session') ?? 'null') as {
      accessToken?: string;
    } | null;
    const token = session?.accessToken;
    if (!token) return;
    const language = localStorage.getItem('dwf.language') === 'en' ? 'en' : 'vi';
    const requests: Record<string, Promise<Response>> = {};
    (window as Window & { __dwfEarly?: unknown }).__dwfEarly = { token, requests };

    /** Asks for `url`; resolves with a copy of the JSON answer, the response itself kept whole. */
    const ask = <T>(url: string): Promise<T> => {
      const response = fetch(url, {
        headers: { Accept: 'application/json', Authorization: `Bearer ${token}` },
      });
      // Whoever takes it handles a failure; if nobody does, it is no error of the page.
      response.catch(() => undefined);
      requests[url] = response;
      // Registered before the app can take the response, so the copy is made before its body is read.
      return response.then((answer) => {
        if (!answer.ok) throw new Error(`HTTP ${answer.status}`);
        return answer.clone().json() as Promise<T>;
      });
    };

    const page = ask<{ items: Item[] }>(INBOX_URL);
    const definitions =
      ask<Array<{ key: string; title: string; titleEn: string }>>('/api/definitions');
    const units =
      ask<Array<{ id: string; name: string; nameEn?: string | null }>>('/api/org-units');
    const details = page.then(({ items }) =>
      Promise.all(
        [...new Set(items.map((item) => item.definitionKey))].map((key) =>
          ask<{ key: string; states?: Record<string, { title?: Localized }> }>(
            `/api/definitions/${encodeURIComponent(key)}`,
          ),
        ),
      ),
    );

    const firstRows = Promise.all([page, definitions, units, details]);
    const askTheRest = () => {
      for (const url of ALSO_WANTED) ask(url).catch(() => undefined);
    };
    firstRows.then(askTheRest, askTheRest);
    void firstRows
      .then(([{ items }, definitionList, unitList, detailList]) => {
        const text = __EARLY_TEXTS__[language];
        const pick = (vi?: string | null, en?: string | null) =>
          (language === 'en' ? en || vi : vi || en) ?? '';
        const format = (key: string, params: Record<string, string | number> = {}) =>
          text[key].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
        const pad = (n: number) => String(n).padStart(2, '0');
        const date = (iso: string) => {
          const d = new Date(iso);
          return `${pad(d.getDate())}/${pad(d.getMonth() + 1)}/${d.getFullYear()}`;
        };
        const dateTime = (iso: string) => {
          const d = new Date(iso);
          return `${date(iso)} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
        };
        const workflow = new Map(definitionList.map((d) => [d.key, pick(d.title, d.titleEn)]));
        const unit = new Map(unitList.map((u) => [u.id, pick(u.name, u.nameEn)]));
        const states = new Map(detailList.map((d) => [d.key, d.states ?? {}]));
        const person = (user: UserRef) => user.fullName || user.username;

        const element = (
          tag: string,
          className?: string,
          ...children: Array<Node | string | null>
        ): HTMLElement => {
          const node = document.createElement(tag);
          if (className) node.className = className;
          for (const child of children) if (child !== null) node.append(child);
          return node;
        };
        const cell = (label: string, ...children: Array<Node | string | null>) => {
          const td = element('td', undefined, ...children);
          td.dataset.label = label;
          return td;
        };

        const rows = items.map((item) => {
          const link = element('a', 'data-text', item.title) as HTMLAnchorElement;
          link.href = `/instances/${item.instanceId}`;
          const returned = item.returned;
          const returnedBlock = returned
            ? element(
                'div',
                undefined,
                element(
                  'span',
                  'early-tag early-tag-returned',
                  text[returned.type === 'REJECT' ? 'returned.rejectedTitle' : 'returned.title'],
                ),
                element(
                  'div',
                  'returned-line data-text',
                  format('returned.line', {
                    who: person(returned.by),
                    unit: returned.byOrgUnitId ? (unit.get(returned.byOrgUnitId) ?? '') : '',
                    when: date(returned.at),
                  }) + (returned.comment ? `: “${returned.comment}”` : ''),
                ),
              )
            : null;
          const state = pick(
            states.get(item.definitionKey)?.[item.state]?.title?.vi,
            states.get(item.definitionKey)?.[item.state]?.title?.en,
          );
          let due: HTMLElement;
          if (item.dueAt) {
            due = element('span', undefined, date(item.dueAt));
            due.title = dateTime(item.dueAt);
            if (!item.overdue && item.remainingWorkingDays != null) {
              due.append(
                element(
                  'span',
                  'early-secondary',
                  ` · ${format('inbox.workingDaysLeft', { n: item.remainingWorkingDays })}`,
                ),
              );
            }
          } else {
            due = element('span', 'early-secondary', text['inbox.noDeadline']);
          }
          const row = element(
            'tr',
            item.overdue ? 'row-overdue' : undefined,
            cell(text['inbox.col.title'], link, returnedBlock),
            cell(
              text['inbox.col.workflow'],
              workflow.get(item.definitionKey) ?? item.definitionKey,
            ),
            cell(text['inbox.col.state'], element('span', 'early-tag', state || item.state)),
            cell(text['inbox.col.unit'], unit.get(item.orgUnitId) ?? ''),
            cell(
              text['claim.claimedBy'],
              item.claimedBy ? person(item.claimedBy) : text['claim.nobody'],
            ),
            cell(text['inbox.col.received'], date(item.createdAt)),
            cell(
              text['inbox.col.due'],
              due,
              item.overdue
                ? element('span', 'early-tag early-tag-overdue', text['inbox.overdue'])
                : null,
            ),
          );
          return row;
        });

        const paint = () => {
          const root = document.getElementById('root');
          // Nothing to draw, or the app is already on screen (its scripts came from the cache).
          if (!root || root.firstChild || items.length === 0) return;
          const head = element(
            'tr',
            undefined,
            ...[
              'inbox.col.title',
              'inbox.col.workflow',
              'inbox.col.state',
              'inbox.col.unit',
              'claim.claimedBy',
              'inbox.col.received',
              'inbox.col.due',
            ].map((key) => {
              const th = element('th', undefined, text[key]);
              th.setAttribute('scope', 'col');
              return th;
            }),
          );
          const list = element(
            'section',
            undefined,
            element(
              'table',
              undefined,
              element('thead', undefined, head),
              element('tbody', undefined, ...rows),
            ),
          );
          list.setAttribute('aria-label', text['inbox.list']);
          // The app's header says the short name on a phone (AppLayout, below antd's md breakpoint).
          const compact = matchMedia('(max-width: 767px)').matches;
          const brand = element(
            'a',
            undefined,
            text[compact ? 'app.short' : 'app.title'],
          ) as HTMLAnchorElement;
          brand.href = '/';
          const shell = element(
            'div',
            undefined,
            element('header', 'early-header', brand),
            element('main', 'app-content', element('h1', undefined, text['inbox.title']), list),
          );
          shell.id = 'early-inbox';
          document.documentElement.lang = language;
          root.before(shell);
        };
        if (document.readyState === 'loading') {
          document.addEventListener('DOMContentLoaded', paint, { once: true });
        } else {
          paint();
        }
      })
      .catch(() => undefined);
  } catch {
    // No early answers: the app asks for itself.
  }
})();
