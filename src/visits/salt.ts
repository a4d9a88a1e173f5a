import { randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { findVisitSalt, insertVisitSalt } from '../db/visits.js';

/**
 * dailySalt returns the secret salt of a day, as hex, made on first need. It is shared through the database
 * so a restart, or a second process, hashes a visitor the same way all day; creating it is the counter's
 * only write outside a flush, once per day per process. It throws when the database refuses that write.
 */
export function dailySalt(db: Database): (day: string) => string {
  let salt: { day: string; text: string } | undefined;
  return (day) => {
    if (salt?.day === day) return salt.text;
    let value = findVisitSalt(db, day);
    if (!value) {
      insertVisitSalt(db, day, randomBytes(32));
      value = findVisitSalt(db, day)!;
    }
    salt = { day, text: value.toString('hex') };
    return salt.text;
  };
}
