// Every .html file under a built site folder, recursively (used by the link and budget checks).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function* htmlFiles(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* htmlFiles(p);
    else if (name.endsWith('.html')) yield p;
  }
}
