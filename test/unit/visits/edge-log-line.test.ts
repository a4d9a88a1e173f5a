import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { logTime, parseLogLine } from '../../../src/visits/edge-log-line.js';

describe('the edge log format (issue 15)', () => {
  it('reads times with a zone, in the spellings caches write, and nothing without one', () => {
    const at = Date.parse('2026-12-07T03:04:05Z');
    const cases: [unknown, number | undefined][] = [
      ['2026-12-07T03:04:05Z', at],
      ['2026-12-07T03:04:05+0000', at],
      ['2026-12-07T04:04:05+01:00', at],
      ['2026-12-07T03:04:05.250Z', at + 250],
      [at / 1000, at],
      [at, at],
      [at * 1e6, at],
      ['2026-12-07T03:04:05', undefined],
      ['07/Dec/2026:03:04:05 +0000', undefined],
      [-1, undefined],
      [null, undefined],
    ];
    for (const [input, expected] of cases) assert.equal(logTime(input), expected, String(input));
  });

  it('reads a line into the request, "-" and empty fields as absent', () => {
    const line = JSON.stringify({
      time: '2026-12-07T03:04:05Z', method: 'GET', url: 'https://example.org/opinion/x?utm_source=a', status: '304',
      client: '2001:db8::1', user_agent: 'UA', sec_purpose: 'prefetch', purpose: '-', id: 'varnish-12',
    });
    assert.deepEqual(parseLogLine(line), {
      ts: Date.parse('2026-12-07T03:04:05Z'), method: 'GET', url: '/opinion/x?utm_source=a', status: 304,
      client: '2001:db8::1', userAgent: 'UA', headers: { 'sec-purpose': 'prefetch' }, id: 'varnish-12',
    });
  });

  it('names what is wrong with a line it cannot count', () => {
    const good = { time: '2026-12-07T03:04:05Z', method: 'GET', url: '/', status: 200, client: '192.0.2.1' };
    const cases: [string, string][] = [
      ['{', 'not JSON'],
      ['[1]', 'not a JSON object'],
      [JSON.stringify({ ...good, time: '2026-12-07 03:04:05' }), 'time missing or without a zone'],
      [JSON.stringify({ ...good, method: '-' }), 'method missing'],
      [JSON.stringify({ ...good, url: 'opinion/x' }), 'url missing or not a path'],
      [JSON.stringify({ ...good, status: 'ok' }), 'status missing or not an HTTP status'],
      [JSON.stringify({ ...good, client: '' }), 'client missing'],
    ];
    for (const [line, problem] of cases) assert.deepEqual(parseLogLine(line), { problem }, line);
  });
});
