const kickers: Record<string, string> = {
  'op-ed': 'Opinion',
  editorial: 'Editorial',
  column: 'Column',
  letter: 'Letter to the editor',
};

/** kickerFor returns the label shown above a headline for an article type: "Opinion" for an op-ed. */
export function kickerFor(type: string): string {
  return kickers[type] ?? 'Opinion';
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** formatDate shows an ISO instant as a reader's date in the site's time zone: "14 October 2026". */
export function formatDate(iso: string, timeZone: string): string {
  let format = dateFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone });
    dateFormats.set(timeZone, format);
  }
  return format.format(new Date(iso));
}

/** readingTime says how long a piece takes to read: "6 min read". */
export function readingTime(minutes: number): string {
  return `${minutes} min read`;
}

/** A date as templates need it: machine-readable for <time datetime> and a label for people. */
export interface DateView {
  iso: string;
  label: string;
}

/** dateView pairs an ISO instant with its reader-facing label. */
export function dateView(iso: string, timeZone: string): DateView {
  return { iso, label: formatDate(iso, timeZone) };
}
