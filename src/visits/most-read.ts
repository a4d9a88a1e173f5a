import type { MostRead } from '../db/visits.js';
import { articleUrl } from '../urls.js';

/** One line of the "Most read this week" list, ready to print. */
export interface MostReadView {
  url: string;
  title: string;
  views: string;
}

const numbers = new Intl.NumberFormat('en-GB');

/** mostReadView prepares the ranking for the home page: link, headline and a worded view count. */
export function mostReadView(rows: readonly MostRead[]): MostReadView[] {
  return rows.map((row) => ({
    url: articleUrl(row.slug),
    title: row.title,
    views: `${numbers.format(row.views)} ${row.views === 1 ? 'view' : 'views'}`,
  }));
}
