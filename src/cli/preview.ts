import path from 'node:path';
import { resolveCommentSecret } from '../comments/secret.js';
import { isSlug } from '../content/slug.js';
import { findStoredArticle } from '../db/article-writes.js';
import { findPreviewRevocation, revokePreviews } from '../db/preview-revocations.js';
import { isMarkdownFile } from '../publishing/input-files.js';
import { startLocalPreview } from '../preview/local-server.js';
import { findPiecePreview, readFilePreview, type FilePreview } from '../preview/source.js';
import { maxPreviewMs, signPreviewToken } from '../preview/token.js';
import { absoluteUrl, articleUrl, previewUrl } from '../urls.js';
import { exitCodes, parseCommandArgs, printProblems, UsageError, type CliContext } from './output.js';

/** previewHelp is what `preview --help` prints. */
export const previewHelp = `Usage: npm run cli -- preview <slug> [--for <duration>]
       npm run cli -- preview --revoke <slug>
       npm run cli -- preview <file.md> [--port <port>]

Shows a piece as readers will see it before it runs.
  <slug>       Prints a private link to a draft or scheduled piece (or to a published
               piece's edits not yet imported). Anyone with the link can read it until
               it expires; it is never listed, indexed or cached.
  --revoke     Ends every link to the piece issued so far.
  <file.md>    Checks a file not yet imported as an import would, then serves it on
               http://127.0.0.1:<port>/ until Ctrl-C, reading it again on every save.

Options:
  --for <duration>   How long the link works: minutes, hours or days, e.g. 30m, 12h, 7d
                     (default 7d, at most 30d)
  --port <port>      Port of the local preview (default 4000; 0 picks a free one)
  -h, --help         Show this help

Exit codes: 0 done (or stopped with Ctrl-C), 1 no such piece or invalid file, 2 usage error.`;

const options = {
  for: { type: 'string' },
  revoke: { type: 'string' },
  port: { type: 'string' },
} as const;

const units: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

/** parseLifetime reads --for: a whole number of minutes, hours or days, from one minute to thirty days. */
export function parseLifetime(text: string): number {
  const match = /^([1-9][0-9]{0,5})([mhd])$/.exec(text);
  if (!match) throw new UsageError(`--for must be a duration such as 30m, 12h or 7d (got "${text}")`);
  const ms = Number(match[1]) * units[match[2]!]!;
  if (ms > maxPreviewMs) throw new UsageError(`--for must be at most 30d: a leaked link must stop working (got "${text}")`);
  return ms;
}

function parsePort(text: string): number {
  if (!/^[0-9]{1,5}$/.test(text) || Number(text) > 65_535) throw new UsageError(`--port must be a port number from 0 to 65535 (got "${text}")`);
  return Number(text);
}

// A slug never holds a dot or a slash, so anything that does (or ends in .md) is a file the writer means.
function namesFile(arg: string): boolean {
  return isMarkdownFile(arg) || arg.includes('/') || arg.includes(path.sep) || arg.startsWith('.');
}

/** runPreview runs `preview`: a link to a piece, revoking its links, or a local preview of a file. */
export async function runPreview(ctx: CliContext, args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, options);
  if (values.help) {
    ctx.print(previewHelp);
    return exitCodes.ok;
  }
  if (values.revoke !== undefined) {
    if (positionals.length > 0 || values.for !== undefined || values.port !== undefined) throw new UsageError('--revoke takes a slug and nothing else');
    return revoke(ctx, values.revoke);
  }
  if (positionals.length !== 1) throw new UsageError('preview takes one slug or one Markdown file');
  const target = positionals[0]!;
  if (namesFile(target)) {
    if (values.for !== undefined) throw new UsageError('--for is for links to a piece; a local preview lasts until Ctrl-C');
    return serveFile(ctx, target, parsePort(values.port ?? '4000'));
  }
  if (values.port !== undefined) throw new UsageError('--port is for the local preview of a file (preview <file.md> --port <port>)');
  return issueLink(ctx, target, parseLifetime(values.for ?? '7d'));
}

function checkSlug(slug: string): void {
  if (!isSlug(slug)) throw new UsageError(`a slug is lowercase letters, digits and single hyphens, and a file ends in .md (got "${slug}")`);
}

function revoke(ctx: CliContext, slug: string): number {
  checkSlug(slug);
  revokePreviews(ctx.openDb(), slug, ctx.now());
  ctx.print(`Every preview link to "${slug}" issued until now has stopped working.`);
  return exitCodes.ok;
}

function issueLink(ctx: CliContext, slug: string, lifetimeMs: number): number {
  checkSlug(slug);
  const db = ctx.openDb();
  const now = ctx.now();
  if (!findStoredArticle(db, slug)) {
    ctx.printError(`error: no piece has the slug "${slug}" (to preview a file not yet imported, give its path)`);
    return exitCodes.invalidInput;
  }
  const piece = findPiecePreview(db, slug, now)!;
  if (piece.state === 'published') {
    const url = absoluteUrl(ctx.config.siteUrl, articleUrl(slug));
    ctx.printError(`error: "${slug}" is published and its file has no changes waiting to be imported; readers see it at ${url}`);
    return exitCodes.invalidInput;
  }
  // A link issued in the same millisecond as a revocation would be void at once: issue it just after.
  const issuedTs = Math.max(now, (findPreviewRevocation(db, slug) ?? -1) + 1);
  const expiresTs = issuedTs + lifetimeMs;
  // The server must sign with the same key: the same COMMENT_SECRET, or the one kept in the same database.
  const token = signPreviewToken(resolveCommentSecret(db, ctx.config), { slug, issuedTs, expiresTs });
  ctx.print(absoluteUrl(ctx.config.siteUrl, previewUrl(token)));
  ctx.print(`Preview of "${slug}" (${piece.state}${piece.file ? `, from ${piece.file}` : ''}), valid until ${new Date(expiresTs).toISOString()}.`);
  ctx.print(`Anyone with the link can read it; end every link to it with: npm run cli -- preview --revoke ${slug}`);
  if (piece.fileProblems.length > 0) printProblems(ctx.printError, piece.fileProblems, 'the link shows the version last imported until they are fixed.');
  return exitCodes.ok;
}

function describeReload(ctx: CliContext, preview: FilePreview): void {
  if (preview.piece) ctx.print(`${new Date(ctx.now()).toISOString()} rendered "${preview.piece.record.title}"`);
  else printProblems(ctx.printError, preview.problems, 'the page lists them until the file is saved again.');
}

async function serveFile(ctx: CliContext, target: string, port: number): Promise<number> {
  const file = path.resolve(target);
  const db = ctx.openDb();
  const initial = readFilePreview(db, file, ctx.now());
  if (!initial.piece) {
    printProblems(ctx.printError, initial.problems, 'an import would refuse this file; nothing is served.');
    return exitCodes.invalidInput;
  }
  const onReload = (preview: FilePreview) => describeReload(ctx, preview);
  const server = await startLocalPreview({ db, config: ctx.config, file, initial, port, now: ctx.now, onReload }).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') throw new UsageError(`--port ${port} is in use; pick another`);
      throw error;
    },
  );
  ctx.print(`Previewing ${target} at ${server.url} (Ctrl-C to stop); it is read again every time you save it.`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  ctx.print('Preview stopped.');
  return exitCodes.ok;
}
