import type { Problem } from './content-error.js';
import type { SkippedItem } from './converted.js';

/** The problems of one item of a source, for the plan line and the report of an item left out. */
export function invalidReason(problems: readonly Problem[]): string {
  return `invalid, left out: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`;
}

/**
 * invalidItems sorts the problems of one source (a feed, an export) when `on` (--skip-invalid): a problem of
 * one item (its `file` is the item's label, `feed.xml item 3`) leaves that item out; a problem of the source
 * itself (its `file` is the input's name: not XML, no title) is returned to refuse the import as before.
 * When off, every problem is returned: nothing is left out.
 */
export function invalidItems(on: boolean) {
  const byItem = new Map<string, { slug: string; problems: Problem[] }>();
  return {
    on,
    /** take returns the problems that still refuse the import, keeping the others as their items' reasons. */
    take(found: readonly Problem[], input: string, slug?: unknown): Problem[] {
      if (!on) return [...found];
      const refusing: Problem[] = [];
      for (const problem of found) {
        if (problem.file === input) {
          refusing.push(problem);
          continue;
        }
        const item = byItem.get(problem.file) ?? { slug: typeof slug === 'string' && slug ? slug : '(none)', problems: [] };
        item.problems.push(problem);
        byItem.set(problem.file, item);
      }
      return refusing;
    },
    /** has says whether the item with this label was left out. */
    has: (label: string) => byItem.has(label),
    /** skipped lists the items left out, each with every problem it had. */
    skipped: (): SkippedItem[] =>
      [...byItem].map(([file, { slug, problems }]) => ({ file, slug, reason: invalidReason(problems), problems })),
  };
}
