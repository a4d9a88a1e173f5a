import assert from 'node:assert/strict';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { loadXssCorpus } from './xss.js';

/**
 * Shared fast-check building blocks for hostile-input properties (issue 8). Parsers written later (wire
 * copy, feeds, search queries) reuse these arbitraries and assertOnlyOwnErrors rather than inventing their own.
 */

/** Fragments that break naive parsers: YAML and Markdown syntax, HTML, encodings, odd whitespace, XSS payloads. */
export const hostileFragments: readonly string[] = [
  '---', '...', '\n', '\r\n', '\r', '\t', ' ', '\u0000', '\uFEFF', '\u2028', '\u00A0', '\u202E', '\uD800', '\uDC00',
  ':', ': ', '- ', '? ', '|', '>', '&', '*', '!', '%', '@', '`', '```', '~~~', '#', '## ', '> ', '[', ']', '(', ')',
  '{', '}', '"', "'", '\\', '<', '/>', '</', '<!--', '-->', '<![CDATA[', ']]>', '&amp;', '&#x3C;', '&#0;', '%00', '%',
  '%zz', '%E0%A4%A', 'javascript:', 'data:', 'vbscript:', 'java\tscript:', '<%=', '%>', '${', '{{', '}}', 'null', '~',
  'true', 'no', '0x1F', '1e99', '-1', '2026-10-01T08:00:00Z', '2026-02-30T08:00:00Z', 'https://example.com/',
  ...loadXssCorpus().map((p) => p.payload),
];

/** hostileText: arbitrary Unicode mixed with hostile fragments, the strings most likely to find a crash. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.array(fc.oneof(fc.constantFrom(...hostileFragments), fc.string({ maxLength: 8 })), { maxLength: 25 }).map((parts) => parts.join('')),
);

/** yamlValue: any value YAML can carry, including the wrong types for every field. */
export const yamlValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    hostileText,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 12 }), tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** frontMatterDocument: a Markdown file whose front matter mixes known fields, sensible values and junk. */
export function frontMatterDocument(knownFields: readonly string[]): fc.Arbitrary<string> {
  const sensible: Record<string, fc.Arbitrary<unknown>> = {
    title: hostileText,
    date: fc.constantFrom('2026-10-01T08:00:00Z', '2026-10-01T08:00:00-04:00', '2026-10-01', 'yesterday'),
    authors: fc.constantFrom(['ada-fixture'], 'ada-fixture', ['Ada Fixture'], []),
  };
  const field = fc.constantFrom(...knownFields, 'unknown_field');
  return fc
    .tuple(
      fc.dictionary(field, fc.oneof(yamlValue, ...Object.values(sensible)), { maxKeys: 8 }),
      fc.record(sensible, { requiredKeys: [] }),
      hostileText,
    )
    .map(([junk, good, body]) => `---\n${stringify({ ...junk, ...good })}---\n${body}`);
}

/**
 * assertOnlyOwnErrors runs fn and fails if it throws anything but an error our code raises on purpose
 * (checked by isOwn): a TypeError or RangeError from deep inside a parser is a crash, not validation.
 */
export function assertOnlyOwnErrors<T>(fn: () => T, isOwn: (error: unknown) => boolean): T | undefined {
  try {
    return fn();
  } catch (error) {
    assert.ok(isOwn(error), `unexpected ${(error as Error)?.name}: ${(error as Error)?.message}`);
    return undefined;
  }
}

/** propertyRuns keeps every property fast enough for the suite: a few hundred cases each. */
export const propertyRuns = 300;
