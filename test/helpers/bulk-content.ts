import fs from 'node:fs';
import path from 'node:path';

const paragraph = 'The council argued for an hour about the buses, and the buses were late again. '.repeat(8);

/**
 * writeBulkContent writes count valid pieces (about 5 kB of Markdown each) and their author into dir, for
 * imports big enough to kill halfway, fill a small disk, or keep a backup busy.
 */
export function writeBulkContent(dir: string, count: number, { prefix = 'bulk', titleSuffix = '' } = {}): void {
  fs.mkdirSync(path.join(dir, 'articles'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'authors.yaml'), '- slug: bulk-author\n  name: Bulk Author\n');
  for (let i = 0; i < count; i += 1) {
    const minute = String(i % 60).padStart(2, '0');
    const body = `${Array(8).fill(paragraph).join('\n\n')}\n\n## Part ${i}\n\n- one\n- two\n`;
    fs.writeFileSync(
      path.join(dir, 'articles', `2026-09-01-${prefix}-${i}.md`),
      `---\ntitle: ${prefix} piece ${i}${titleSuffix}\ndate: 2026-09-01T08:${minute}:00Z\nauthors: [bulk-author]\ntags: [bulk, tag ${i % 20}]\n---\n${body}`,
    );
  }
}
