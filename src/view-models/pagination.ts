import { HttpError } from '../http-error.js';

/** Links for a paginated listing; undefined where there is no such page. */
export interface PaginationView {
  page: number;
  pages: number;
  previousUrl: string | undefined;
  nextUrl: string | undefined;
}

/**
 * parsePageParam reads ?page=: absent means 1; anything but one whole number from 1 to 100,000 is a
 * 400 that names the parameter.
 */
export function parsePageParam(raw: unknown): number {
  if (raw === undefined) return 1;
  if (typeof raw !== 'string' || !/^[1-9]\d{0,5}$/.test(raw) || Number(raw) > 100_000) {
    throw new HttpError(400, 'The page parameter must be a whole number from 1 to 100000.');
  }
  return Number(raw);
}

/** paginationView builds previous/next links for page of a listing at basePath. */
export function paginationView(basePath: string, page: number, total: number, size: number): PaginationView {
  const pages = Math.max(1, Math.ceil(total / size));
  const urlFor = (n: number) => (n === 1 ? basePath : `${basePath}?page=${n}`);
  return {
    page,
    pages,
    previousUrl: page > 1 ? urlFor(page - 1) : undefined,
    nextUrl: page < pages ? urlFor(page + 1) : undefined,
  };
}
