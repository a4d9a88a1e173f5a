/** The image formats the pipeline takes in, named by what their bytes are, never by a header or extension. */
export type ImageKind = 'jpeg' | 'png' | 'gif' | 'webp' | 'avif' | 'heic' | 'tiff' | 'svg';

const startsWith = (bytes: Uint8Array, at: number, ...expected: number[]) => expected.every((b, i) => bytes[at + i] === b);
const ascii = (bytes: Uint8Array, at: number, length: number) => String.fromCharCode(...bytes.subarray(at, at + length));

/**
 * sniffImage names the image format of bytes from their magic numbers (WHATWG MIME Sniffing's image table,
 * plus the ISO-BMFF brands of AVIF and HEIC), or undefined. A file that calls itself a JPEG and is not one
 * is caught here, before any decoder sees it.
 */
export function sniffImage(bytes: Uint8Array): ImageKind | undefined {
  if (startsWith(bytes, 0, 0xff, 0xd8, 0xff)) return 'jpeg';
  if (startsWith(bytes, 0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'png';
  if (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a') return 'gif';
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return 'webp';
  if (startsWith(bytes, 0, 0x49, 0x49, 0x2a, 0x00) || startsWith(bytes, 0, 0x4d, 0x4d, 0x00, 0x2a)) return 'tiff';
  if (ascii(bytes, 4, 4) === 'ftyp') {
    const brand = ascii(bytes, 8, 4);
    if (brand === 'avif' || brand === 'avis') return 'avif';
    if (['heic', 'heix', 'mif1', 'msf1', 'heim', 'heis'].includes(brand)) return 'heic';
  }
  return looksLikeSvg(bytes) ? 'svg' : undefined;
}

// SVG is text: skip a byte-order mark, whitespace, an XML declaration, comments and a doctype, then expect <svg.
function looksLikeSvg(bytes: Uint8Array): boolean {
  let head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 4096)).replace(/^\uFEFF/, '');
  for (;;) {
    head = head.trimStart();
    const prolog = /^(<\?xml[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>[]*(\[[\s\S]*?\])?\s*>)/i.exec(head);
    if (!prolog) break;
    head = head.slice(prolog[0].length);
  }
  return /^<svg[\s>:]/i.test(head);
}

/** mediaType is the Content-Type of an image kind as the pipeline writes or serves it. */
export function mediaType(kind: ImageKind): string {
  return kind === 'svg' ? 'image/svg+xml' : `image/${kind}`;
}
