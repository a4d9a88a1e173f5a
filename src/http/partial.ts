import fs from 'node:fs';
import path from 'node:path';
import ejs from 'ejs';

/**
 * compilePartial compiles one template of views/partials once, for live fragments that print it on every
 * request of a cached page: the same file the full render includes, so both paths print the same HTML.
 */
export function compilePartial(viewsDir: string, name: string): (locals: Record<string, unknown>) => string {
  const filename = path.join(viewsDir, 'partials', `${name}.ejs`);
  return ejs.compile(fs.readFileSync(filename, 'utf8'), { filename, views: [viewsDir] }) as (locals: Record<string, unknown>) => string;
}
