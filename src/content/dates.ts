// ISO 8601 with a date, a time and an explicit zone: a piece published "at 8 o'clock" without a zone
// could be any of 24 instants, so we refuse to guess.
const zonedDateTime = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A moment as the editor wrote it (with its offset) and as epoch milliseconds for ordering. */
export interface ZonedDate {
  readonly iso: string;
  readonly ts: number;
}

/** parseZonedDate accepts `2026-10-14T07:30:00-04:00` (or `Z`) and returns undefined for anything else. */
export function parseZonedDate(value: unknown): ZonedDate | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  const match = zonedDateTime.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match.map(Number);
  const check = new Date(Date.UTC(y!, mo! - 1, d!, h!, mi!, s || 0));
  // Reject dates that Date would silently roll over, such as 2026-02-30.
  if (check.getUTCMonth() !== mo! - 1 || check.getUTCDate() !== d! || h! > 23 || mi! > 59 || (s ?? 0) > 59) {
    return undefined;
  }
  const ts = Date.parse(text.replace(' ', 'T'));
  return Number.isNaN(ts) ? undefined : { iso: text.replace(' ', 'T'), ts };
}
