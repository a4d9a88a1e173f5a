import fs from 'node:fs';
import path from 'node:path';
import type { Problem } from '../content/content-error.js';

/** Files larger than this are refused: no op-ed is 2 MB of text, and a huge file is a mistake or an attack. */
export const maxFileBytes = 2 * 1024 * 1024;

/** A file named outright that is not Markdown may be a whole archive (a 5,000-post WordPress export is ~30 MB). */
export const maxArchiveBytes = 64 * 1024 * 1024;

/** One thing an import reads: a file, a feed URL or standard input. */
export interface Input {
  kind: 'file' | 'url' | 'stdin';
  name: string;
  shown: string;
}

/** displayPath shows a file relative to the working folder when it is inside it, as editors typed it. */
export function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

/** isMarkdownFile says whether a file's name marks it as a Markdown piece (.md or .markdown, any case). */
export function isMarkdownFile(name: string): boolean {
  return /\.(md|markdown)$/i.test(name);
}

function isAuthorRegistry(file: string): boolean {
  return /^authors\.ya?ml$/.test(path.basename(file));
}

/**
 * findInputs is the one walker every import uses (start-up, background reconcile, CLI). It turns arguments
 * into inputs: `-` is standard input, an http(s) address a feed URL, a file named outright is read whatever
 * its name, and a folder is read recursively (hidden entries skipped, in name order) for the house format
 * only: Markdown pieces and authors.yaml registries. Feeds, wire copy and WordPress exports are imported by
 * naming them, so a stray .txt or .xml in CONTENT_DIR never stops a start. A path that cannot be read is a
 * problem.
 */
export function findInputs(args: readonly string[], problems: Problem[]): { inputs: Input[]; registries: string[] } {
  const inputs: Input[] = [];
  const registries: string[] = [];
  const visit = (file: string, explicit: boolean) => {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      problems.push({ file: displayPath(file), field: 'path', message: 'does not exist or cannot be read' });
      return;
    }
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(file).sort()) if (!entry.startsWith('.')) visit(path.join(file, entry), false);
    } else if (isAuthorRegistry(file)) {
      registries.push(file);
    } else if (explicit || isMarkdownFile(file)) {
      inputs.push({ kind: 'file', name: file, shown: displayPath(file) });
    }
  };
  for (const arg of args) {
    if (arg === '-') inputs.push({ kind: 'stdin', name: '-', shown: '<stdin>' });
    else if (/^https?:\/\//i.test(arg)) inputs.push({ kind: 'url', name: arg, shown: arg });
    else visit(path.resolve(arg), true);
  }
  return { inputs, registries };
}

/** readTextFile reads a file as strict UTF-8 within the size limit, or returns the problem. */
export function readTextFile(file: string): { text?: string; problem?: Problem } {
  const shown = displayPath(file);
  const size = fs.statSync(file).size;
  const limit = isMarkdownFile(file) ? maxFileBytes : maxArchiveBytes;
  if (size > limit) return { problem: tooLarge(shown, size, limit) };
  return decodeText(fs.readFileSync(file), shown, { limit });
}

/** tooLarge is the problem of an input over its size limit. */
export function tooLarge(shown: string, size: number, limit = maxFileBytes): Problem {
  return { file: shown, field: 'file', message: `must be at most ${limit / 1024 / 1024} MB`, value: `${size} bytes` };
}

/**
 * decodeText checks bytes read from a file, a URL or standard input: within the limit, not empty, and text in its encoding. That is
 * strict UTF-8, except for XML, which may say otherwise: a byte-order mark, else the XML declaration's encoding
 * (any the WHATWG Encoding standard names: ISO-8859-x, windows-125x, KOI8-R, EUC-KR, Big5, GBK…), else the
 * charset an HTTP server sent. Markdown and wire copy stay strict UTF-8.
 */
export function decodeText(
  bytes: Uint8Array,
  shown: string,
  { limit = maxFileBytes, httpCharset }: { limit?: number; httpCharset?: string } = {},
): { text?: string; problem?: Problem } {
  if (bytes.length > limit) return { problem: tooLarge(shown, bytes.length, limit) };
  const encoding = xmlEncoding(bytes) ?? httpCharset;
  const problem = (message: string, value?: unknown): { problem: Problem } => ({ problem: { file: shown, field: 'encoding', message, value } });
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(encoding ?? 'utf-8', { fatal: true });
  } catch {
    return problem('names an encoding this importer cannot read; save the file as UTF-8', encoding);
  }
  let text: string;
  try {
    text = strictUtf8(bytes, decoder.encoding);
  } catch {
    if (!encoding) return { problem: { file: shown, field: 'file', message: 'is not valid UTF-8 text; save it as UTF-8' } };
    return problem(`is not valid ${decoder.encoding} text, the encoding it declares; check the declaration or save it as UTF-8`, encoding);
  }
  if (text.replace(/^\uFEFF/, '').trim() === '') return { problem: { file: shown, field: 'file', message: 'is empty' } };
  return { text };
}

// A feed that declares a one-byte encoding but holds valid UTF-8 with characters outside ASCII was written as
// UTF-8 and mislabelled (a Latin-1 text is almost never valid UTF-8 by chance): reading it as declared would turn
// every "©" into "Â©".
function strictUtf8(bytes: Uint8Array, declared: string): string {
  if (declared !== 'utf-8' && !declared.startsWith('utf-16') && bytes.some((b) => b > 0x7f)) {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      // Not UTF-8: it is what it says it is.
    }
  }
  const text = new TextDecoder(declared, { fatal: true }).decode(bytes);
  return declared === 'windows-1252' ? text.replace(/[\x80-\x9f]/g, (c) => windows1252[c.charCodeAt(0) - 0x80]!) : text;
}

// Node 20 decodes windows-1252 (and so ISO-8859-1, which the Encoding standard reads as windows-1252) as Latin-1,
// leaving bytes 0x80-0x9f as control characters: this is what the Encoding standard maps them to.
const windows1252 = '€\x81‚ƒ„…†‡ˆ‰Š‹Œ\x8dŽ\x8f\x90‘’“”•–—˜™š›œ\x9džŸ';

/** xmlEncoding reads the encoding an XML document names for itself: its byte-order mark, else its declaration. */
export function xmlEncoding(bytes: Uint8Array): string | undefined {
  const [a, b, c] = bytes;
  if (a === 0xef && b === 0xbb && c === 0xbf) return 'utf-8';
  if (a === 0xfe && b === 0xff) return 'utf-16be';
  if (a === 0xff && b === 0xfe) return 'utf-16le';
  // Without a mark, UTF-16 shows itself by the zero byte beside the "<" of the declaration (XML 1.0, appendix F).
  if (a === 0x3c && b === 0x00) return 'utf-16le';
  if (a === 0x00 && b === 0x3c) return 'utf-16be';
  const head = Buffer.from(bytes.subarray(0, 200)).toString('latin1');
  return /^<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head)?.[1];
}

/** fetchText downloads a feed over http(s), within the size limit and a timeout, decoded as decodeText says. */
export async function fetchText(url: string, timeoutMs = 20_000): Promise<{ text?: string; problem?: Problem }> {
  const fail = (message: string, value?: unknown) => ({ problem: { file: url, field: 'url', message, value } });
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/rss+xml, application/atom+xml, application/xml, text/xml;q=0.9, */*;q=0.1' } });
  } catch (error) {
    const cause = (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message;
    return fail(`could not be fetched: ${cause}`);
  }
  if (!response.ok) {
    await response.body?.cancel();
    return fail('answered with an error instead of a feed', `HTTP ${response.status} ${response.statusText}`);
  }
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > maxFileBytes) {
    await response.body?.cancel();
    return { problem: tooLarge(url, declared) };
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body ?? []) {
    size += chunk.length;
    if (size > maxFileBytes) return { problem: tooLarge(url, size) };
    chunks.push(chunk);
  }
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(response.headers.get('content-type') ?? '')?.[1];
  return decodeText(Buffer.concat(chunks), url, { httpCharset: charset });
}
