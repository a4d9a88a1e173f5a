const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** dayIn returns the calendar day (YYYY-MM-DD) that the instant ts falls on in timeZone. */
export function dayIn(timeZone: string, ts: number): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    // en-CA formats dates as YYYY-MM-DD; formatToParts keeps us independent of that convention anyway.
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(ts)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** daysBefore returns the calendar day n days before day (both YYYY-MM-DD), whatever the time zone. */
export function daysBefore(day: string, n: number): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, date - n)).toISOString().slice(0, 10);
}
