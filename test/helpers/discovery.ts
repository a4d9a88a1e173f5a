import assert from 'node:assert/strict';
import http from 'node:http';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { fixturesDir } from './site.js';

/** A second fixture folder for discovery: a columnist, fresh pieces for the news sitemap, a hostile headline. */
export const discoveryFixtures = path.join(fixturesDir, 'discovery');

/** parseXml checks a document is well-formed XML and returns it parsed, repeated elements always as arrays. */
export function parseXml(xml: string, arrays: readonly string[] = []): Record<string, unknown> {
  const valid = XMLValidator.validate(xml);
  assert.equal(valid, true, `well-formed XML: ${JSON.stringify(valid)}`);
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => arrays.includes(name) });
  return parser.parse(xml) as Record<string, unknown>;
}

/** jsonLdBlocks extracts and parses every <script type="application/ld+json"> block of a page. */
export function jsonLdBlocks(html: string): Record<string, unknown>[] {
  return [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map(
    (m) => JSON.parse(m[1]!) as Record<string, unknown>,
  );
}

/** jsonLdOfType returns the one JSON-LD block of a given @type on a page, failing the test if there is not exactly one. */
export function jsonLdOfType(html: string, type: string): Record<string, any> {
  const blocks = jsonLdBlocks(html).filter((b) => b['@type'] === type);
  assert.equal(blocks.length, 1, `exactly one ${type} block`);
  return blocks[0]!;
}

/** metaContent returns the content of every <meta> with that property or name, in page order. */
export function metaContent(html: string, key: string): string[] {
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return [...html.matchAll(new RegExp(`<meta (?:property|name)="${escaped}" content="([^"]*)">`, 'g'))].map((m) => m[1]!);
}

/** emailPattern finds anything shaped like an email address; feeds and JSON-LD must never carry one. */
export const emailPattern = /[\w.+-]+@[\w-]+\.[\w.-]+/;

/**
 * conditionalGet sends a GET with exactly the given headers over node:http. fetch() cannot be used for
 * this: for a request with If-None-Match or If-Modified-Since it adds "Cache-Control: no-cache", which
 * (rightly) makes any server answer in full. Feed readers send the bare conditional headers.
 */
export function conditionalGet(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject);
  });
}
