// Characters XML 1.0 forbids outright (most C0 controls, lone surrogates, U+FFFE/U+FFFF). A feed or sitemap
// holding one is not well-formed and strict readers reject the whole document, so they are dropped.
const notXmlChar = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/**
 * xmlEscape makes text safe as XML character data or a double- or single-quoted attribute value. It is not
 * the HTML escaper (feeds/html.ts) because XML's rules differ: the characters XML forbids must go too.
 */
export function xmlEscape(text: string): string {
  return text
    .replace(notXmlChar, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** xmlComment makes text safe inside <!-- -->, where "--" may not appear and a trailing "-" would end it early. */
export function xmlComment(text: string): string {
  return ` ${text.replace(notXmlChar, '').replace(/-(?=-)/g, '- ')} `;
}

/** element renders <name>escaped text</name>, or nothing when the value is empty. */
export function element(name: string, value: string | null | undefined, attributes: Record<string, string> = {}): string {
  if (value === null || value === undefined || value === '') return '';
  return `<${name}${attrs(attributes)}>${xmlEscape(value)}</${name}>`;
}

/** attrs renders attributes with escaped values, skipping empty ones. */
export function attrs(attributes: Record<string, string | undefined>): string {
  return Object.entries(attributes)
    .filter(([, value]) => value !== undefined && value !== '')
    .map(([key, value]) => ` ${key}="${xmlEscape(value!)}"`)
    .join('');
}
