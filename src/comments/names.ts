/**
 * Commenter names: what is stored and shown, and the key that tells whether a name reads as a writer's.
 * A reader must not be able to post as one of the publication's writers, however the name is dressed up.
 */

// Letters that render as nothing or as a space (Hangul fillers, Braille blank), which NFKC leaves alone.
const blankLetters = /[\u115F\u1160\u3164\uFFA0\u2800]/gu;

/**
 * normaliseName makes a submitted name canonical for storing and showing: NFKC (full-width and mathematical
 * letters become plain ones), no format characters (bidi overrides, embeddings, isolates and marks, zero-width
 * spaces and joiners, soft hyphens, tag characters), no controls or private-use characters, blank letters
 * read as spaces, at most three combining marks in a row, one space between words, trimmed.
 */
export function normaliseName(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(blankLetters, ' ')
    .replace(/\s+/gu, ' ')
    .replace(/[\p{Cc}\p{Cf}\p{Co}\p{Cs}]/gu, '')
    .replace(/(\p{M}{3})\p{M}+/gu, '$1')
    .replace(/ {2,}/g, ' ')
    .trim();
}

// Letters of other scripts (and Latin small capitals and IPA) that look like a Latin letter, upper and lower
// case, each read as that letter. Chosen from Unicode's confusables for the scripts readers' keyboards offer;
// full-width and mathematical letters need no entry, NFKC has made them plain.
const lookalikes = new Map<string, string>(
  Object.entries({
    a: 'АаΑαɑᴀ', b: 'ВвЬьΒβʙ', c: 'СсϹϲᴄ', d: 'ԁᴅđ', e: 'ЕеЁёΕεᴇ', f: 'ꜰ', g: 'ɡɢ', h: 'НнҺһΗʜħ',
    i: 'ІіΙιıɩɪ', j: 'ЈјϳȷᴊЈ', k: 'КкΚκᴋ', l: 'ӀӏʟłŀℓǀⅼⅠ', m: 'МмΜᴍ', n: 'ПпΝηɴ', o: 'ОоΟοσᴏøօ', p: 'РрΡρᴘ',
    q: 'Ԛԛ', r: 'гʀ', s: 'Ѕѕꜱ', t: 'ТтΤτᴛŧ', u: 'υᴜս', v: 'νᴠ', w: 'Ԝԝᴡ', x: 'ХхΧχ', y: 'УуҮүΥʏ', z: 'Ζᴢ',
  }).flatMap(([latin, others]) => [...others].map((other): [string, string] => [other, latin])),
);

const withoutMarks = (text: string) => text.normalize('NFKD').replace(/\p{M}/gu, '');

/**
 * nameKey reduces a name to what a reader sees at a glance, so names that look alike share a key: normalised,
 * accents and other combining marks dropped, look-alike letters of other scripts read as Latin, case folded,
 * then I/l/1 and O/0 taken as one, "rn" as "m" and "vv" as "w", and everything but letters and digits dropped.
 */
export function nameKey(name: string): string {
  const latin = [...withoutMarks(normaliseName(name))].map((char) => lookalikes.get(char) ?? char).join('');
  return withoutMarks(latin.toLowerCase())
    .replace(/[i1|]/g, 'l')
    .replace(/0/g, 'o')
    .replace(/rn/g, 'm')
    .replace(/vv/g, 'w')
    .replace(/[^\p{L}\p{N}]/gu, '');
}

/** isStaffName tells whether a commenter's name reads as the name of one of staffNames (the authors registry). */
export function isStaffName(name: string, staffNames: readonly string[]): boolean {
  const key = nameKey(name);
  return key !== '' && staffNames.some((staff) => nameKey(staff) === key);
}
