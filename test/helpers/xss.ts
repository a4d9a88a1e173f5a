import fs from 'node:fs';
import path from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { parseDocument } from 'htmlparser2';
import { fixturesDir } from './site.js';

type ChildNode = ReturnType<typeof parseDocument>['children'][number];
type Element = Extract<ChildNode, { attribs: Record<string, string> }>;

/** One hostile input from test/fixtures/xss/payloads.json. */
export interface XssPayload {
  family: string;
  payload: string;
}

/** loadXssCorpus reads the XSS corpus (issue 8): 100+ payloads across the usual filter-evasion families. */
export function loadXssCorpus(): XssPayload[] {
  const file = path.join(fixturesDir, 'xss', 'payloads.json');
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { payloads: XssPayload[] }).payloads;
}

/** What the template-injection payloads print if a template ever evaluates them; they never contain it literally. */
export const templateMarker = 'EJS_EXECUTED';

// Elements that run code, load other documents, or change how the page resolves URLs. None of our pages
// has any of them, so seeing one means reader-supplied markup got through.
const forbiddenElements = new Set([
  'script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'base', 'svg', 'math', 'style', 'template',
  'portal', 'foreignobject', 'xmp', 'plaintext', 'noembed', 'isindex',
]);
const urlAttributes = new Set([
  'href', 'src', 'action', 'formaction', 'data', 'poster', 'background', 'cite', 'longdesc', 'xlink:href', 'ping',
  'manifest', 'lowsrc', 'dynsrc', 'codebase', 'srcset', 'imagesrcset', 'to', 'values', 'from',
]);
const safeSchemes = new Set(['http', 'https', 'mailto']);
const allowedLinkRels = new Set(['stylesheet', 'icon', 'canonical', 'prev', 'next', 'alternate', 'me', 'license', 'author']);

/** unsafeUrl says why a URL attribute value could run code or load a document, or undefined if it is harmless. */
export function unsafeUrl(value: string): string | undefined {
  // Browsers ignore ASCII whitespace and control characters inside a scheme ("java\tscript:").
  // eslint-disable-next-line no-control-regex
  const squeezed = value.replace(/[\u0000-\u0020\u007f]/g, '').toLowerCase();
  const scheme = /^([a-z][a-z0-9+.-]*):/.exec(squeezed)?.[1];
  if (scheme && !safeSchemes.has(scheme)) return `${scheme}: URL`;
  return undefined;
}

/**
 * findXss parses an HTML page and lists everything in it that could execute script or smuggle in active
 * content: forbidden elements, on* and style attributes, javascript:/data:/vbscript: URLs, meta refresh,
 * foreign forms, comments carrying markup or a live slot marker, and the marker of an evaluated template.
 * Empty means clean.
 * A <script type="application/ld+json"> is allowed when it holds valid JSON with no "<" in it.
 */
export function findXss(html: string): string[] {
  const findings: string[] = [];
  if (html.includes(templateMarker)) findings.push('template expression was evaluated');
  const document = parseDocument(html, { lowerCaseTags: true, lowerCaseAttributeNames: true, decodeEntities: true });
  const visit = (nodes: ChildNode[]) => {
    for (const node of nodes) {
      if (node.type === 'comment') {
        if (/[<>]/.test(node.data)) findings.push(`comment holding markup: <!--${node.data.slice(0, 60)}-->`);
        // A page leaves with every live slot filled or removed: a marker left in it came from content (issue 17).
        else if (/^\s*live:/i.test(node.data)) findings.push(`live slot marker: <!--${node.data.slice(0, 60)}-->`);
        continue;
      }
      if (node.type !== 'tag' && node.type !== 'script' && node.type !== 'style') continue;
      const element = node as Element;
      checkElement(element, findings);
      visit(element.children);
    }
  };
  visit(document.children);
  return findings;
}

function checkElement(element: Element, findings: string[]): void {
  const name = element.name;
  const where = `<${name}>`;
  if (name === 'script' && isJsonLd(element)) return;
  if (forbiddenElements.has(name)) findings.push(`${where} element`);
  for (const [attribute, value] of Object.entries(element.attribs)) {
    if (attribute.startsWith('on')) findings.push(`${where} ${attribute} handler`);
    else if (attribute === 'style') findings.push(`${where} style attribute`);
    else if (attribute === 'srcdoc') findings.push(`${where} srcdoc attribute`);
    else if (!/^[a-z][a-z0-9:_-]*$/.test(attribute)) findings.push(`${where} malformed attribute name ${JSON.stringify(attribute)}`);
    if (urlAttributes.has(attribute)) {
      const problem = unsafeUrl(value);
      if (problem) findings.push(`${where} ${attribute} is a ${problem}`);
    }
  }
  if (name === 'meta' && element.attribs['http-equiv'] !== undefined) findings.push(`${where} http-equiv ${element.attribs['http-equiv']}`);
  if (name === 'link' && !(element.attribs.rel ?? '').split(/\s+/).every((rel) => allowedLinkRels.has(rel.toLowerCase()))) {
    findings.push(`${where} rel=${element.attribs.rel}`);
  }
  if (name === 'form' && !(element.attribs.action ?? '').startsWith('/')) findings.push(`${where} posting off-site`);
}

function isJsonLd(element: Element): boolean {
  if ((element.attribs.type ?? '').toLowerCase() !== 'application/ld+json') return false;
  const text = element.children.map((child) => ('data' in child ? child.data : '')).join('');
  if (text.includes('<')) return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * carriesHtml tells whether a feed element's text is HTML that readers render: RSS's content:encoded and an
 * item's description (the one core RSS element the RSS Best Practices Profile lets hold entity-encoded HTML,
 * https://www.rssboard.org/rss-profile#element-channel-item-description), and Atom text constructs typed
 * "html" (RFC 4287 section 3.1). Every other element holds plain text, which readers show as text, so a
 * payload spelled out there is harmless; markup that really got into the XML shows up as elements instead.
 */
function carriesHtml(element: Element): boolean {
  const name = element.name.toLowerCase();
  if (name === 'content:encoded') return true;
  if (name === 'description') return (element.parent as Element | null)?.name?.toLowerCase() === 'item';
  return (element.attribs.type ?? '').toLowerCase() === 'html';
}

/**
 * findXssInXml checks a feed or sitemap: the XML itself must parse without script-bearing elements or
 * attributes, every URL attribute must be harmless, and every element whose text readers render as HTML
 * (see carriesHtml) must pass findXss.
 */
export function findXssInXml(xml: string): string[] {
  const findings: string[] = [];
  if (xml.includes(templateMarker)) findings.push('template expression was evaluated');
  // A strict parser first: a feed reader rejects a document that is not well-formed, whatever it holds.
  const valid = XMLValidator.validate(xml);
  if (valid !== true) findings.push(`not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
  const document = parseDocument(xml, { xmlMode: true, decodeEntities: true });
  const visit = (nodes: ChildNode[], parent: Element | undefined) => {
    for (const node of nodes) {
      if (node.type === 'text' || node.type === 'cdata') {
        const text = node.type === 'text' ? node.data : node.children.map((c) => ('data' in c ? c.data : '')).join('');
        if (parent && carriesHtml(parent)) findings.push(...findXss(text).map((f) => `in the HTML of <${parent.name}>: ${f}`));
      } else if (node.type === 'tag') {
        const element = node as Element;
        const local = element.name.split(':').pop()!.toLowerCase();
        if (forbiddenElements.has(local) && local !== 'math') findings.push(`<${element.name}> element in XML`);
        for (const [attribute, value] of Object.entries(element.attribs)) {
          if (attribute.toLowerCase().startsWith('on')) findings.push(`<${element.name}> ${attribute} handler`);
          if (urlAttributes.has(attribute.toLowerCase()) && unsafeUrl(value)) findings.push(`<${element.name}> ${attribute} ${unsafeUrl(value)}`);
        }
        visit(element.children, element);
      }
    }
  };
  visit(document.children, undefined);
  return findings;
}

// JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/): the fields that hold URLs; content_html is the only HTML.
const jsonFeedUrlKeys = new Set(['home_page_url', 'feed_url', 'next_url', 'icon', 'favicon', 'url', 'external_url', 'image', 'banner_image', 'avatar']);

/**
 * findXssInJsonFeed checks a JSON Feed: every content_html must pass findXss and every URL field must be
 * harmless. The other strings (title, summary, names, tags) are plain text by the spec, and readers show
 * them as text.
 */
export function findXssInJsonFeed(text: string): string[] {
  const findings: string[] = [];
  if (text.includes(templateMarker)) findings.push('template expression was evaluated');
  // Escaped as \u003c, a "<" never reaches the stored text, so no markup or marker can be found in it.
  if (text.includes('<')) findings.push(`a raw "<" in the JSON text: ${text.slice(text.indexOf('<'), text.indexOf('<') + 40)}`);
  let feed: unknown;
  try {
    feed = JSON.parse(text);
  } catch (error) {
    return [...findings, `not JSON: ${(error as Error).message}`];
  }
  const walk = (value: unknown, key: string) => {
    if (typeof value === 'string') {
      if (key === 'content_html') findings.push(...findXss(value).map((f) => `in content_html: ${f}`));
      else if (jsonFeedUrlKeys.has(key) && unsafeUrl(value)) findings.push(`${key} is a ${unsafeUrl(value)}`);
    } else if (Array.isArray(value)) value.forEach((item) => walk(item, key));
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, k);
  };
  walk(feed, '');
  return findings;
}

// What the live fragments print (visits/live.ts, comments/live.ts): a page shows each at most once, where its
// template put the slot, and a feed, sitemap or JSON document never.
const liveOutputs: [string, RegExp][] = [
  ['visit counter', /class=\\?"visit-counter\\?"/g],
  ['comment form token', /name=\\?"token\\?"/g],
  ['most read list', /class=\\?"most-read\\?"/g],
];

/**
 * findLiveFragmentLeaks lists live fragments that content text made the page cache fill (issue 17): any at
 * all in a document with no slots (slotted false), more than one of a kind in a page.
 */
export function findLiveFragmentLeaks(body: string, slotted: boolean): string[] {
  const findings: string[] = [];
  for (const [name, pattern] of liveOutputs) {
    const count = body.match(pattern)?.length ?? 0;
    if (count > (slotted ? 1 : 0)) findings.push(`${count} × ${name}`);
  }
  return findings;
}

// schema.org properties our JSON-LD fills with URLs; every other string is schema.org Text, shown as text.
const jsonLdUrlKeys = new Set(['@id', 'url', 'sameAs', 'image', 'logo', 'item', 'contentUrl', 'thumbnailUrl', 'target', 'urlTemplate', 'mainEntityOfPage', 'isBasedOn', 'license']);

/**
 * findXssInJsonLd checks the JSON-LD blocks of an HTML page: there must be at least one, each must be JSON
 * that cannot end its <script> element early (no "<" at all), and every URL property must be harmless.
 */
export function findXssInJsonLd(html: string): string[] {
  const findings: string[] = [];
  const blocks: string[] = [];
  const collect = (nodes: ChildNode[]) => {
    for (const node of nodes) {
      if (node.type !== 'tag' && node.type !== 'script' && node.type !== 'style') continue;
      const element = node as Element;
      if (element.name === 'script' && (element.attribs.type ?? '').toLowerCase() === 'application/ld+json') {
        blocks.push(element.children.map((child) => ('data' in child ? child.data : '')).join(''));
      } else collect(element.children);
    }
  };
  collect(parseDocument(html, { lowerCaseTags: true, decodeEntities: false }).children);
  if (blocks.length === 0) findings.push('no JSON-LD block to check');
  for (const block of blocks) {
    if (block.includes('<')) findings.push(`a "<" inside a JSON-LD block: ${block.slice(block.indexOf('<'), block.indexOf('<') + 40)}`);
    if (block.includes(templateMarker)) findings.push('template expression was evaluated');
    let data: unknown;
    try {
      data = JSON.parse(block);
    } catch {
      findings.push(`JSON-LD that is not JSON: ${block.slice(0, 60)}`);
      continue;
    }
    const walk = (value: unknown, key: string) => {
      if (typeof value === 'string') {
        if (jsonLdUrlKeys.has(key) && unsafeUrl(value)) findings.push(`JSON-LD ${key} is a ${unsafeUrl(value)}`);
      } else if (Array.isArray(value)) value.forEach((item) => walk(item, key));
      else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, k);
    };
    walk(data, '');
  }
  return findings;
}

/** findXssInJson checks a JSON document (JSON-LD, search results): no string value may carry live markup. */
export function findXssInJson(text: string): string[] {
  const findings: string[] = [];
  const walk = (value: unknown) => {
    if (typeof value === 'string') {
      if (value.includes(templateMarker)) findings.push('template expression was evaluated');
      if (/<\s*[a-z!/?]/i.test(value)) findings.push(`markup in a JSON string: ${value.slice(0, 60)}`);
      else if (unsafeUrl(value) && /^\s*[a-z][a-z0-9+.-]*\s*:/i.test(value) && !/^[a-z]+:\s/i.test(value)) {
        findings.push(`${unsafeUrl(value)} in JSON`);
      }
    } else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(JSON.parse(text));
  return findings;
}
