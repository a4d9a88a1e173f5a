import sharp from 'sharp';
import type { ProcessedImage } from './process.js';
import { cardName, cardSize } from './recipe.js';

/** What a generated share card says: the piece's kicker, headline and byline, and the site's name. */
export interface CardText {
  kicker: string;
  headline: string;
  byline: string;
  siteName: string;
}

// The site's own font stacks (public/css/site.css --display and --sans): the site uses no web fonts, so the
// card is set, through libvips' fontconfig, in what the system offers for the same names, as a reader's
// browser would. Colours are the paper, ink and opinion red of the light theme.
const display = `'Big Caslon', 'Bodoni 72', Didot, 'Iowan Old Style', 'Palatino Linotype', Georgia, 'Times New Roman', 'DejaVu Serif', serif`;
const sans = `'Avenir Next', 'Segoe UI', 'Helvetica Neue', Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif`;

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * wrapWords breaks text into at most maxLines lines of about perLine characters, ending the last with an
 * ellipsis when the text does not fit. A measure by characters, not glyphs: close enough for a serif at
 * a fixed size, and it keeps the card a pure function of its text.
 */
export function wrapWords(text: string, perLine: number, maxLines: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && `${line} ${word}`.length > perLine) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = `${kept[maxLines - 1]!.replace(/[\s,;:.]*$/, '')}…`;
  return kept;
}

/** shareCardSvg lays a piece's card out as SVG: kicker in red small capitals, the headline large, byline and site name below a rule. */
export function shareCardSvg({ kicker, headline, byline, siteName }: CardText): string {
  const lines = wrapWords(headline, 30, 4);
  const size = lines.length > 3 ? 66 : 76;
  // The first line's baseline sits a line below the kicker; four lines still end above the rule at 500.
  const top = 130 + size;
  const tspans = lines.map((line, i) => `<tspan x="80" y="${Math.round(top + i * size * 1.08)}">${escape(line)}</tspan>`).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${cardSize.width}" height="${cardSize.height}" viewBox="0 0 ${cardSize.width} ${cardSize.height}">
<rect width="100%" height="100%" fill="#f7f3ea"/>
<rect x="0" y="0" width="100%" height="14" fill="#a5141b"/>
<text x="80" y="110" font-family="${sans}" font-size="26" font-weight="700" letter-spacing="3" fill="#a5141b">${escape(kicker.toUpperCase())}</text>
<text font-family="${display}" font-size="${size}" font-weight="700" fill="#1c1a17">${tspans}</text>
<rect x="80" y="500" width="1040" height="2" fill="#1c1a17"/>
<text x="80" y="556" font-family="${sans}" font-size="28" fill="#4f4a42">${escape(byline)}</text>
<text x="1120" y="556" text-anchor="end" font-family="${display}" font-size="34" font-weight="700" fill="#1c1a17">${escape(siteName)}</text>
</svg>`;
}

const cardJpeg = { quality: 85, mozjpeg: false, progressive: false } as const;

/** renderShareCard draws a card's SVG into the 1200×630 JPEG the store keeps, in the shape processImage returns. */
export async function renderShareCard(svg: string): Promise<ProcessedImage> {
  // Flat colour and type, not a photograph: plain baseline JPEG at a higher quality is as small and sharp as
  // mozjpeg's progressive scans here, and six times quicker, which counts when an import draws thousands.
  const bytes = await sharp(Buffer.from(svg)).flatten({ background: '#f7f3ea' }).jpeg(cardJpeg).toBuffer();
  return { source: 'svg', ...cardSize, fallback: 'jpeg', variants: [{ name: cardName, format: 'jpeg', ...cardSize, bytes }] };
}
