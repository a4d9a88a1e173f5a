import ejs from 'ejs';

/**
 * escapeHtml makes text safe inside HTML elements and quoted attributes. It is EJS's own escaper, the one every
 * `<%= %>` in views/ runs, so HTML built in code (feeds, converted Atom text, Ghost bodies) is escaped exactly as
 * the pages are. Top level, as both content/ and feeds/ use it.
 */
export const escapeHtml: (text: string) => string = ejs.escapeXML;
