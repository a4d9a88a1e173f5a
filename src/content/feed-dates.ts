import { parseZonedDate, type ZonedDate } from './dates.js';

const months = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

// RFC 822 names its zones; the military single letters are left out because RFC 1123 notes they were
// implemented inconsistently, so their meaning cannot be trusted.
const namedZones: Record<string, string> = {
  ut: 'Z', utc: 'Z', gmt: 'Z', z: 'Z',
  est: '-05:00', edt: '-04:00', cst: '-06:00', cdt: '-05:00', mst: '-07:00', mdt: '-06:00', pst: '-08:00', pdt: '-07:00',
};

const rfc822 = /^(?:[a-z]{3},\s*)?(\d{1,2})\s+([a-z]{3})[a-z]*\s+(\d{2,4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([+-]\d{4}|[a-z]{1,4})?$/i;

/**
 * parseRfc822Date reads an RSS date such as `Tue, 10 Jun 2026 08:00:00 +0100` into a zoned ISO date
 * (`2026-06-10T08:00:00+01:00`). A date without a zone, or with a zone we cannot be sure of, is undefined.
 */
export function parseRfc822Date(value: string): ZonedDate | undefined {
  const match = rfc822.exec(value.trim());
  if (!match) return undefined;
  const [, day, monthName, yearText, hour, minute, second, zone] = match;
  const month = months.indexOf(monthName!.slice(0, 3).toLowerCase());
  if (month < 0 || !zone) return undefined;
  const offset = /^[+-]\d{4}$/.test(zone) ? `${zone.slice(0, 3)}:${zone.slice(3)}` : namedZones[zone.toLowerCase()];
  if (!offset) return undefined;
  // Two-digit years are from RFC 822's own century rules: 00-49 are 20xx.
  const year = yearText!.length === 2 ? 2000 + Number(yearText) - (Number(yearText) >= 50 ? 100 : 0) : Number(yearText);
  const pad = (n: number | string) => String(n).padStart(2, '0');
  const iso = `${year}-${pad(month + 1)}-${pad(day!)}T${pad(hour!)}:${minute}:${second ?? '00'}${offset === 'Z' ? 'Z' : offset}`;
  return parseZonedDate(iso);
}

/** parseFeedDate reads a feed date in either RSS (RFC 822) or Atom (RFC 3339) form. */
export function parseFeedDate(value: string): ZonedDate | undefined {
  const text = value.trim();
  return parseZonedDate(text.replace(/(\.\d{3})\d+/, '$1')) ?? parseRfc822Date(text);
}

/** parseWordPressGmt reads WXR's `2026-05-01 12:00:00` GMT dates; WordPress writes all zeros when it has none. */
export function parseWordPressGmt(value: string): ZonedDate | undefined {
  const text = value.trim();
  if (!/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(text) || text.startsWith('0000')) return undefined;
  return parseZonedDate(`${text.replace(' ', 'T')}Z`);
}
