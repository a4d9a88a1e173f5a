/**
 * safeJson serialises data for a stored or embedded JSON body: JSON allows "<", ">" and "&" raw inside
 * strings, but there text from content could end a <script> block, open an HTML comment, or be read as
 * markup by anything that scans the body; so they are written as \u escapes, as are U+2028/U+2029 (harmless
 * in JSON, line breaks in older JavaScript). Parsers read the same strings back.
 */
export function safeJson(data: unknown, space?: number): string {
  return JSON.stringify(data, null, space)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
