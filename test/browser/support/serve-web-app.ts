import { rm } from 'node:fs/promises';
import { createTestApp, type TestApp, type TestAppOptions } from '../../utils/test-app';
import { launchBrowser, type Browser } from './browser';
import { buildWebApp } from './web-build';

export interface ServedWebApp {
  /** The real API and worker, serving the freshly built web application at `/`. */
  t: TestApp;
  browser: Browser;
  /** `http://127.0.0.1:<port>` (never `[::1]`, which Chromium and fetch treat differently). */
  baseUrl: string;
  /** Closes the browser and the app and removes the build; safe after a partial start. */
  close(): Promise<void>;
}

export interface ServeWebAppOptions extends TestAppOptions {
  /** Environment beyond the web app's own (WEB_DIST_DIR, a sign-in limit every test can live with). */
  env?: Record<string, string>;
  /** Playwright's default wait per step; the machine's two cores are shared, so some files wait longer. */
  defaultTimeout?: number;
}

/**
 * The set-up every browser spec shares: builds the web application, starts the app on it on a
 * free local port and launches headless Chromium. Call it in `beforeAll` and `close()` in
 * `afterAll`; a failed start cleans up what it had started before rethrowing.
 */
export async function serveWebApp(options: ServeWebAppOptions = {}): Promise<ServedWebApp> {
  const { env = {}, defaultTimeout, ...appOptions } = options;
  let webDir: string | undefined;
  let t: TestApp | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await t?.close();
    if (webDir) await rm(webDir, { recursive: true, force: true });
  };
  try {
    webDir = await buildWebApp();
    t = await createTestApp({ WEB_DIST_DIR: webDir, LOGIN_RATE_LIMIT: '1000', ...env }, appOptions);
    await t.app.listen(0, '127.0.0.1');
    const baseUrl = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    browser = await launchBrowser();
    if (defaultTimeout) browser.context.setDefaultTimeout(defaultTimeout);
    return { t, browser, baseUrl, close };
  } catch (error) {
    await close();
    throw error;
  }
}
