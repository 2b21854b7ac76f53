// Asks for the inbox's first page the moment the HTML arrives, while the app's scripts are still
// downloading (seconds on a slow mobile link); the app's first identical request takes this answer
// instead of waiting one more round trip (api/client.ts, takeEarly). A classic script of its own
// (web/vite.config.mts, earlyInbox), no imports: it must run apart from, and before, the bundle.
// Only for /inbox without filters, when a session is already kept in this tab, with the same URL
// and headers as InboxPage's first load.
(() => {
  try {
    if (location.pathname !== '/inbox' || location.search) return;
    const session = JSON.parse(sessionStorage.getItem('dwf.session') ?? 'null') as {
      accessToken?: string;
    } | null;
    const token = session?.accessToken;
    if (!token) return;
    const url = '/api/inbox?kind=step&sort=due&limit=20';
    const response = fetch(url, {
      headers: { Accept: 'application/json', Authorization: `Bearer ${token}` },
    });
    // Whoever takes it handles a failure; if nobody does, it is no error of the page.
    response.catch(() => undefined);
    (window as Window & { __dwfEarly?: unknown }).__dwfEarly = { url, token, response };
  } catch {
    // No early request: the inbox asks for itself.
  }
})();
