import fs from 'node:fs';
import path from 'node:path';
import { ContentError } from '../content/content-error.js';
import { parseAuthorRegistry } from '../content/authors.js';
import { writeRegistryEntries } from '../content/registry-file.js';
import { isSlug } from '../content/slug.js';
import { findAuthor, listAuthors, upsertAuthor, type AuthorFields } from '../db/authors.js';
import { exitCodes, formatTable, parseCommandArgs, printProblems, UsageError, type CliContext } from './output.js';

/** authorsHelp is what `authors --help` prints. */
export const authorsHelp = `Usage: npm run cli -- authors list [--json]
       npm run cli -- authors add <slug> --name <name> [fields]
       npm run cli -- authors edit <slug> [fields]

The author registry is CONTENT_DIR/authors.yaml (default content/authors.yaml). add and edit
write that file (keeping its comments and layout) and the database together, so a restart keeps
the change.

Fields:
  --name <name>            Full name, as in a byline
  --job-title <text>       e.g. "Senior fellow"
  --affiliation <text>     e.g. "Institute for Transit Studies"
  --bio <text>             One or two sentences for the author page
  --url <url>              Absolute http(s) address of the author's own site (--url "" removes it)
  --photo <file or url>    Portrait: a file in the content folder (media/portraits/ada.jpg) or an http(s)
                           address, processed by the next import (--photo "" removes it)
  --json                   (list) Print JSON
  -h, --help               Show this help`;

const fieldOptions = {
  name: { type: 'string' },
  'job-title': { type: 'string' },
  affiliation: { type: 'string' },
  bio: { type: 'string' },
  url: { type: 'string' },
  photo: { type: 'string' },
  json: { type: 'boolean' },
} as const;

/** runAuthors lists, adds or edits registry authors. */
export function runAuthors(ctx: CliContext, args: string[]): number {
  const { values, positionals } = parseCommandArgs(args, fieldOptions);
  if (values.help) {
    ctx.print(authorsHelp);
    return exitCodes.ok;
  }
  const [action, slug, ...rest] = positionals;
  if (action === 'list') {
    if (slug !== undefined) throw new UsageError('authors list takes no slug');
    const authors = listAuthors(ctx.openDb());
    if (values.json) ctx.print(JSON.stringify(authors.map(({ id: _id, ...a }) => a), null, 2));
    else for (const line of formatTable(['SLUG', 'NAME', 'JOB TITLE', 'AFFILIATION'], authors.map((a) => [a.slug, a.name, a.jobTitle, a.affiliation]))) ctx.print(line);
    return exitCodes.ok;
  }
  if (action !== 'add' && action !== 'edit') throw new UsageError(`authors needs list, add or edit (got "${action ?? ''}")`);
  if (!slug || rest.length > 0) throw new UsageError(`authors ${action} needs exactly one author slug`);
  if (!isSlug(slug)) throw new UsageError(`the author slug must be lowercase letters, digits and single hyphens (got "${slug}")`);
  if (action === 'add' && !values.name) throw new UsageError('authors add needs --name');

  const db = ctx.openDb();
  const file = path.join(ctx.config.contentDir, 'authors.yaml');
  const shownFile = path.relative(process.cwd(), file) || file;
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
  // The file is the registry's source of truth and may hold an author the database has not seen yet (a fresh
  // database): its entry is the one to keep, or add would write an empty job title, bio and URL over it.
  const inFile = current === undefined ? undefined : parseAuthorRegistry(current, shownFile).authors.find((a) => a.slug === slug);
  const existing = inFile ?? findAuthor(db, slug);
  if (action === 'add' && existing) {
    ctx.printError(`error: ${slug} is already in the registry (${existing.name}); use: npm run cli -- authors edit ${slug}`);
    return exitCodes.invalidInput;
  }
  if (action === 'edit' && !existing) {
    ctx.printError(`error: no author has the slug "${slug}"; add them with: npm run cli -- authors add ${slug} --name "Full Name"`);
    return exitCodes.invalidInput;
  }
  const author: AuthorFields = {
    slug,
    name: values.name ?? existing?.name ?? '',
    jobTitle: values['job-title'] ?? existing?.jobTitle ?? '',
    affiliation: values.affiliation ?? existing?.affiliation ?? '',
    bio: values.bio ?? existing?.bio ?? '',
    url: values.url !== undefined ? values.url || null : (existing?.url ?? null),
    photo: values.photo !== undefined ? values.photo || null : (existing?.photo ?? null),
  };
  try {
    const { text } = writeRegistryEntries(current, [author], { replace: true, file: shownFile });
    db.transaction(() => {
      upsertAuthor(db, author);
      // Last, so a registry file that cannot be written rolls the database back too.
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text);
    }).immediate();
  } catch (error) {
    if (!(error instanceof ContentError)) throw error;
    printProblems(ctx.printError, error.problems, 'nothing was changed.');
    return exitCodes.invalidInput;
  }
  ctx.print(`${action === 'add' ? 'Added' : 'Updated'} ${slug} (${author.name}) in ${shownFile}.`);
  return exitCodes.ok;
}
