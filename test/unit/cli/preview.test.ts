import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseLifetime } from '../../../src/cli/preview.js';
import { UsageError } from '../../../src/cli/output.js';

describe('parseLifetime: preview --for (issue 20)', () => {
  const valid: [string, number][] = [
    ['1m', 60_000],
    ['30m', 1_800_000],
    ['12h', 43_200_000],
    ['7d', 604_800_000],
    ['30d', 2_592_000_000],
    ['720h', 2_592_000_000],
  ];
  for (const [text, ms] of valid) {
    it(`reads ${text} as ${ms} ms`, () => assert.equal(parseLifetime(text), ms));
  }

  const invalid: [string, RegExp][] = [
    ['31d', /^--for must be at most 30d: a leaked link must stop working \(got "31d"\)$/],
    ['721h', /^--for must be at most 30d/],
    ['0d', /^--for must be a duration such as 30m, 12h or 7d \(got "0d"\)$/],
    ['7', /^--for must be a duration/],
    ['7 d', /^--for must be a duration/],
    ['1w', /^--for must be a duration/],
    ['-1d', /^--for must be a duration/],
    ['1.5d', /^--for must be a duration/],
    ['', /^--for must be a duration/],
  ];
  for (const [text, message] of invalid) {
    it(`refuses "${text}", naming --for`, () => assert.throws(() => parseLifetime(text), (error: unknown) => error instanceof UsageError && message.test(error.message)));
  }
});
