// Files under a built site folder, recursively (used by the link and budget checks and the build steps).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every file under `dir` whose name ends in `suffix`. */
export function* filesUnder(dir, suffix) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* filesUnder(p, suffix);
    else if (name.endsWith(suffix)) yield p;
  }
}

/** Every .html file under `dir`. */
export const htmlFiles = (dir) => filesUnder(dir, '.html');
