import { isAbsolute, join, resolve } from 'node:path';
import { type AppConfigService } from './app-config.service';

/** The project root: this file sits at src/config (or dist/config when built). */
const PROJECT_ROOT = resolve(__dirname, '..', '..');

/** The folder of the built web application (WEB_DIST_DIR, relative to the project root). */
export function webRoot(config: AppConfigService): string {
  const dir = config.get('WEB_DIST_DIR');
  return isAbsolute(dir) ? dir : join(PROJECT_ROOT, dir);
}
