import { createHash } from 'node:crypto';
import zlib from 'node:zlib';
import { crc32Combine, crc32Shift } from './crc32.js';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A content coding we can send. */
export type Coding = 'br' | 'gzip' | 'identity';

/**
 * A response body prepared once and sent many times: its bytes, validator and compressed variants. The
 * body may have live slots (see splitLiveSlots) that are filled per request; everything else is fixed.
 */
export interface Representation {
  readonly type: string;
  readonly cacheControl: string;
  /** The fixed bytes, one more than there are slots: parts[0], slot 0, parts[1], … */
  readonly parts: readonly Buffer[];
  readonly slots: readonly string[];
  /** The entity tag without quotes: a hash of the fixed bytes. */
  readonly tag: string;
  readonly compressible: boolean;
  readonly brotliQuality: number;
  /** Compressed variants, made on first request for them and then kept. */
  brotli: Buffer | undefined;
  gzip: GzipParts | undefined;
}

/** Each fixed part as raw deflate data that can be spliced with per-request stored blocks (see gzipBody). */
interface GzipParts {
  deflated: Buffer[];
  /** CRC-32 of each fixed part, and the operator that appends a part of its length (crc32.ts). */
  crcs: number[];
  shifts: number[];
  /** The finished member, when there are no slots to fill. */
  whole: Buffer | undefined;
}

/**
 * liveSlot is the marker a template prints where a live fragment goes: an HTML comment, removed if left
 * unfilled. It carries the nonce of the one render that printed it (random, made after the page's data was
 * read), so text from content that looks like a marker is never one: the cache splices only at markers of
 * its own render (issue 17).
 */
export function liveSlot(name: string, nonce: string): string {
  return `<!--live:${name}:${nonce}-->`;
}

const slotNonce = /^[0-9a-f]{16,}$/;

// Below this a compressed body saves less than the extra headers and CPU cost.
const minCompressBytes = 1024;
const compressibleType = /^(text\/|application\/(?:json|xml|rss\+xml|atom\+xml|javascript|manifest\+json)|image\/svg\+xml)/;

/**
 * owned copies a buffer that will be kept for long into memory of its own: Node hands out small buffers as
 * slices of a shared 8 kB pool, and one kept slice would pin the whole pool (and skew the cache's byte count).
 */
function owned(buffer: Buffer): Buffer {
  if (buffer.byteOffset === 0 && buffer.buffer.byteLength === buffer.length) return buffer;
  const copy = Buffer.allocUnsafeSlow(buffer.length);
  buffer.copy(copy);
  return copy;
}

/**
 * splitLiveSlots cuts a body at the markers of the render with this nonce whose names are in `live`; that
 * render's other markers are removed. Anything else, a marker's look-alike from content included, is text.
 */
export function splitLiveSlots(body: string, live: ReadonlySet<string>, nonce: string): { parts: string[]; slots: string[] } {
  if (!slotNonce.test(nonce)) throw new Error('a live slot nonce is hex, at least 16 digits');
  const marker = new RegExp(`<!--live:([a-z][a-z0-9-]*):${nonce}-->`, 'g');
  const parts: string[] = [];
  const slots: string[] = [];
  let current = '';
  let last = 0;
  for (const match of body.matchAll(marker)) {
    current += body.slice(last, match.index);
    last = match.index + match[0].length;
    if (live.has(match[1]!)) {
      parts.push(current);
      slots.push(match[1]!);
      current = '';
    }
  }
  parts.push(current + body.slice(last));
  return { parts, slots };
}

/**
 * createRepresentation prepares a body for repeated sending; live names the slots to keep open, slotNonce
 * the render whose markers they are (see liveSlot). A body without a nonce (a feed, a sitemap) has no slots.
 */
export function createRepresentation(
  body: string | Buffer,
  options: { type: string; cacheControl: string; live?: ReadonlySet<string>; slotNonce?: string | undefined; brotliQuality?: number },
): Representation {
  const nonce = options.slotNonce;
  const split =
    typeof body === 'string' && nonce !== undefined && body.includes(`:${nonce}-->`)
      ? splitLiveSlots(body, options.live ?? new Set(), nonce)
      : { parts: [body], slots: [] };
  const parts = split.parts.map((part) => owned(typeof part === 'string' ? Buffer.from(part) : part));
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  const size = parts.reduce((sum, part) => sum + part.length, 0);
  return {
    type: options.type,
    cacheControl: options.cacheControl,
    parts,
    slots: split.slots,
    tag: hash.digest('base64url').slice(0, 27),
    compressible: size >= minCompressBytes && compressibleType.test(options.type),
    brotliQuality: options.brotliQuality ?? 5,
    brotli: undefined,
    gzip: undefined,
  };
}

/** representationBytes is the memory a representation holds, compressed variants included. */
export function representationBytes(rep: Representation): number {
  let bytes = 0;
  for (const part of rep.parts) bytes += part.length;
  for (const part of rep.gzip?.deflated ?? []) bytes += part.length;
  bytes += rep.gzip?.whole?.length ?? 0;
  return bytes + (rep.brotli?.length ?? 0);
}

/**
 * chooseCoding picks br, then gzip, from an Accept-Encoding header, honouring q=0. A body with live slots is
 * never sent as br: a brotli stream cannot be spliced, and recompressing per request is what we avoid.
 */
export function chooseCoding(header: string | undefined, rep: Pick<Representation, 'compressible' | 'slots'>): Coding {
  if (!header || !rep.compressible) return 'identity';
  let br = false;
  let gzip = false;
  for (const item of header.split(',')) {
    const [name, ...params] = item.trim().toLowerCase().split(';');
    const refused = params.some((p) => /^\s*q\s*=\s*0(?:\.0{0,3})?\s*$/.test(p));
    if (refused) continue;
    if (name === 'br') br = true;
    else if (name === 'gzip' || name === 'x-gzip') gzip = true;
    else if (name === '*') br = gzip = true;
  }
  if (br && rep.slots.length === 0) return 'br';
  return gzip ? 'gzip' : 'identity';
}

/** etagFor is the ETag of one coding: the tag plus a suffix, weak when live slots make bytes vary. */
export function etagFor(rep: Pick<Representation, 'tag' | 'slots'>, coding: Coding): string {
  const suffix = coding === 'identity' ? '' : coding === 'br' ? '-br' : '-gz';
  return `${rep.slots.length > 0 ? 'W/' : ''}"${rep.tag}${suffix}"`;
}

/**
 * notModified applies If-None-Match with the weak comparison RFC 9110 §13.1.2 asks for. A tag from another
 * coding of the same bytes also matches (a cache that stored the br copy may ask without Accept-Encoding):
 * the content is what is being validated, as Apache and nginx do.
 */
export function notModified(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const opaque = withoutCoding(etag);
  return header.split(',').some((candidate) => withoutCoding(candidate.trim()) === opaque);
}

function withoutCoding(etag: string): string {
  return (etag.startsWith('W/') ? etag.slice(2) : etag).replace(/-(?:br|gz)"$/, '"');
}

/**
 * isFresh tells whether the client's copy is current: If-None-Match when sent (RFC 9110 §13.1.3 says it
 * wins), else If-Modified-Since against the Last-Modified the response carries, if any.
 */
function isFresh(req: IncomingMessage, etag: string, lastModified: unknown): boolean {
  const ifNoneMatch = req.headers['if-none-match'];
  if (ifNoneMatch) return notModified(ifNoneMatch, etag);
  const since = Date.parse(req.headers['if-modified-since'] ?? '');
  const modified = typeof lastModified === 'string' ? Date.parse(lastModified) : NaN;
  return Number.isFinite(since) && Number.isFinite(modified) && modified <= since;
}

/**
 * answersNotModified tells whether sendRepresentation will answer this request for rep (with status 200 and
 * this Last-Modified) with a 304, so per-request work for a body that will not be sent can be skipped.
 */
export function answersNotModified(req: IncomingMessage, rep: Representation, lastModified: unknown): boolean {
  return isFresh(req, etagFor(rep, chooseCoding(req.headers['accept-encoding'], rep)), lastModified);
}

/**
 * sendRepresentation answers a GET or HEAD with rep: 304 when the client's copy is current, else the
 * body in the best coding the client accepts. fragments fill rep's live slots, in order.
 */
export function sendRepresentation(req: IncomingMessage, res: ServerResponse, rep: Representation, fragments: readonly string[] = []): void {
  const coding = chooseCoding(req.headers['accept-encoding'], rep);
  const etag = etagFor(rep, coding);
  if (rep.compressible) res.setHeader('Vary', 'Accept-Encoding');
  res.setHeader('Cache-Control', rep.cacheControl);
  res.setHeader('ETag', etag);
  // Only a success can be "not modified": an error page answers in full whatever the client holds.
  if (res.statusCode === 200 && isFresh(req, etag, res.getHeader('Last-Modified'))) {
    res.statusCode = 304;
    res.end();
    return;
  }
  const body = coding === 'br' ? brotliBody(rep) : coding === 'gzip' ? gzipBody(rep, fragments) : identityBody(rep, fragments);
  res.setHeader('Content-Type', rep.type);
  if (coding !== 'identity') res.setHeader('Content-Encoding', coding);
  res.setHeader('Content-Length', body.length);
  if (req.method === 'HEAD') res.end();
  else res.end(body);
}

// Filling slots builds each body in one allocation (pooled below 4 kB): a concat of small Buffers per
// request cost more in allocation and garbage collection than the copying itself.
function identityBody(rep: Representation, fragments: readonly string[]): Buffer {
  if (rep.slots.length === 0) return rep.parts[0]!;
  let total = 0;
  for (const part of rep.parts) total += part.length;
  for (let i = 0; i < rep.slots.length; i += 1) total += Buffer.byteLength(fragments[i] ?? '');
  const body = Buffer.allocUnsafe(total);
  body.set(rep.parts[0]!, 0);
  let at = rep.parts[0]!.length;
  for (let i = 0; i < rep.slots.length; i += 1) {
    at += body.write(fragments[i] ?? '', at);
    body.set(rep.parts[i + 1]!, at);
    at += rep.parts[i + 1]!.length;
  }
  return body;
}

function brotliBody(rep: Representation): Buffer {
  rep.brotli ??= owned(zlib.brotliCompressSync(rep.parts[0]!, {
    params: {
      [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
      [zlib.constants.BROTLI_PARAM_QUALITY]: rep.brotliQuality,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: rep.parts[0]!.length,
    },
  }));
  return rep.brotli;
}

const gzipHeader = Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0xff]);
// A stored deflate block holds at most 65,535 bytes.
const storedMax = 0xffff;

/**
 * gzipBody builds a gzip member (RFC 1952) without compressing anything per request. Each fixed part was
 * deflated once, every part but the last ending in a sync flush so it stops on a byte boundary; a live
 * fragment goes between them as stored (uncompressed) deflate blocks (RFC 1951 §3.2.4). Per request only
 * the fragments are checksummed, and combined with the fixed parts' stored CRCs.
 */
function gzipBody(rep: Representation, fragments: readonly string[]): Buffer {
  const last = rep.parts.length - 1;
  rep.gzip ??= {
    deflated: rep.parts.map((part, i) =>
      owned(zlib.deflateRawSync(part, { level: 9, finishFlush: i < last ? zlib.constants.Z_SYNC_FLUSH : zlib.constants.Z_FINISH })),
    ),
    crcs: rep.parts.map((part) => zlib.crc32(part)),
    shifts: rep.parts.map((part) => crc32Shift(part.length)),
    whole: undefined,
  };
  if (rep.gzip.whole) return rep.gzip.whole;
  const { deflated } = rep.gzip;
  const texts = rep.slots.map((_, i) => fragments[i] ?? '');
  const lengths = texts.map((text) => Buffer.byteLength(text));
  let total = gzipHeader.length + 8;
  for (const part of deflated) total += part.length;
  for (const length of lengths) total += length + 5 * Math.ceil(length / storedMax);
  // A fixed body is kept, so it gets its own memory rather than a slice of the shared pool (see owned).
  const member = rep.slots.length === 0 ? Buffer.allocUnsafeSlow(total) : Buffer.allocUnsafe(total);
  member.set(gzipHeader, 0);
  member.set(deflated[0]!, gzipHeader.length);
  let at = gzipHeader.length + deflated[0]!.length;
  const { crcs, shifts } = rep.gzip;
  let crc = crcs[0]!;
  let size = rep.parts[0]!.length;
  for (let i = 0; i < texts.length; i += 1) {
    const length = lengths[i]!;
    // Write the fragment where its first block's data goes, then open a gap for each later block header.
    const bytes = length <= storedMax ? undefined : Buffer.from(texts[i]!);
    for (let start = 0; start < length; start += storedMax) {
      const blockLength = Math.min(storedMax, length - start);
      member[at] = 0; // BFINAL 0, BTYPE 00 (stored), padded to the byte boundary the sync flush left
      member.writeUInt16LE(blockLength, at + 1);
      member.writeUInt16LE(~blockLength & 0xffff, at + 3);
      if (bytes) member.set(bytes.subarray(start, start + blockLength), at + 5);
      else member.write(texts[i]!, at + 5);
      crc = zlib.crc32(member.subarray(at + 5, at + 5 + blockLength), crc);
      at += 5 + blockLength;
    }
    // The fixed part's CRC was taken once: combining costs the same whatever the page's length.
    crc = crc32Combine(crc, crcs[i + 1]!, shifts[i + 1]!);
    size += length + rep.parts[i + 1]!.length;
    member.set(deflated[i + 1]!, at);
    at += deflated[i + 1]!.length;
  }
  member.writeUInt32LE(crc >>> 0, at);
  member.writeUInt32LE(size >>> 0, at + 4);
  if (rep.slots.length === 0) {
    // A fixed body needs only the finished member: keep it and free the parts it was built from.
    rep.gzip.whole = member;
    rep.gzip.deflated = [];
  }
  return member;
}
