// Bounds on the shape of a body, checked before marked or turndown sees it. Both recurse once per level of
// nesting (thousands of levels overflow the stack) and marked's inline pass costs far more than linear time
// in the number of emphasis, code and link marks in one paragraph, so a small hostile file could stop an
// import or a start-up. Real pieces sit far below every bound (issue 17).

/** Quotes and lists inside each other, in Markdown. Prose rarely goes past four. */
export const maxMarkdownNesting = 32;
/** Elements inside each other in imported HTML; page builders wrap deeply, so this is looser. */
export const maxHtmlNesting = 64;
/** Emphasis, code, link and HTML marks in one paragraph (or table, or list item's lines). */
export const maxMarksPerBlock = 500;
/** The same marks in a whole body. */
export const maxMarksPerBody = 5_000;
/** Columns in one table row. */
export const maxTableColumns = 64;
/** Elements in one piece of imported HTML: turndown's time grows with their number. */
export const maxHtmlElements = 10_000;

/** Something about a body that is past a bound, with its 1-based line in the text checked when known. */
export interface LimitProblem {
  line?: number;
  message: string;
}

const fence = /^ {0,3}(`{3,}|~{3,})/;
const thematicBreak = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const listMarker = /^(?:[-+*]|\d{1,9}[.)])(?=[ \t]|$)/;
// Characters that open or close inline markup marked has to match up.
const marks = /[*_~`[\]<]/g;
const tableRow = /\|/g;
const tableDelimiter = /^ *\|? *:?-+:? *(?:\| *:?-+:? *)*\|? *$/;

/**
 * containerDepth is how many quotes and list items a line opens or continues: its `>` and list markers, plus
 * one level per two columns of indentation in front of a marker (how a nested list is written).
 */
function containerDepth(line: string): number {
  let depth = 0;
  let columns = 0;
  let pending = 0;
  let i = 0;
  for (let steps = 0; steps < line.length; steps += 1) {
    while (line[i] === ' ' || line[i] === '\t') pending += line[i++] === '\t' ? 4 : 1;
    const rest = line.slice(i, i + 12);
    if (rest.startsWith('>')) i += 1;
    else {
      const marker = listMarker.exec(rest);
      if (!marker) break;
      i += marker[0].length;
    }
    depth += 1;
    // The space after a marker belongs to it; wider gaps are indentation that nests a list.
    columns += Math.max(0, pending - (depth > 1 ? 1 : 0));
    pending = 0;
  }
  return depth + Math.floor(columns / 2);
}

/**
 * markdownLimitProblems checks a Markdown body against the nesting, markup and table bounds above, skipping
 * fenced code (marked does not parse inside it). It stops at the first problem of each kind.
 */
export function markdownLimitProblems(markdown: string): LimitProblem[] {
  const problems: LimitProblem[] = [];
  const seen = new Set<string>();
  const report = (kind: string, line: number, message: string) => {
    if (seen.has(kind)) return;
    seen.add(kind);
    problems.push({ line, message });
  };
  let fenceMark = '';
  let block: string[] = [];
  let blockStart = 1;
  let blockMarks = 0;
  let bodyMarks = 0;
  // Raw HTML is checked a block at a time: a blank line ends an HTML block, and the </p> marked closes a
  // paragraph with closes whatever was left open inside it.
  const endBlock = (next: number) => {
    const html = block.length > 0 ? htmlLimitProblem(block.join('\n')) : undefined;
    if (html) report('html', blockStart + (html.line ?? 1) - 1, html.message);
    block = [];
    blockMarks = 0;
    blockStart = next;
  };
  const lines = markdown.split('\n');
  lines.forEach((line, index) => {
    const number = index + 1;
    const opening = fence.exec(line.replace(/^[ >]*/, ''));
    if (fenceMark) {
      if (opening && opening[1]!.startsWith(fenceMark)) fenceMark = '';
      return;
    }
    if (opening) {
      fenceMark = opening[1]!;
      return;
    }
    if (line.trim() === '') return endBlock(number + 1);
    if (block.length === 0) blockStart = number;
    block.push(line);
    if (containerDepth(line) > maxMarkdownNesting) report('nesting', number, `nesting deeper than ${maxMarkdownNesting} levels (quotes and lists inside each other)`);
    if (thematicBreak.test(line)) return;
    const count = line.match(marks)?.length ?? 0;
    blockMarks += count;
    bodyMarks += count;
    if (blockMarks > maxMarksPerBlock) {
      report('block', blockStart, `a paragraph has more than ${maxMarksPerBlock} emphasis, code, link or HTML marks (* _ ~ \` [ ] <); split it or use less markup`);
    }
    if (bodyMarks > maxMarksPerBody) report('body', number, `has more than ${maxMarksPerBody} emphasis, code, link or HTML marks (* _ ~ \` [ ] <) in all`);
    if (tableDelimiter.test(line) && line.includes('-') && tableColumns(line) > maxTableColumns) {
      report('table', number, `a table is wider than ${maxTableColumns} columns`);
    }
  });
  endBlock(lines.length + 1);
  return problems;
}

// A delimiter row's cells: one more than its inner pipes, the outer ones being optional.
function tableColumns(row: string): number {
  const trimmed = row.trim();
  const pipes = trimmed.match(tableRow)?.length ?? 0;
  return pipes + 1 - (trimmed.startsWith('|') ? 1 : 0) - (trimmed.endsWith('|') && trimmed.length > 1 ? 1 : 0);
}

// Elements with no end tag, and those whose end tag HTML lets authors leave out (the next one closes them):
// neither makes the tree deeper however many there are.
const voidOrImplied = new Set([
  'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr',
  'p', 'li', 'dt', 'dd', 'tr', 'td', 'th', 'option', 'thead', 'tbody', 'tfoot', 'colgroup', 'rt', 'rp',
]);
const tag = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)\b[^<>]*?(\/?)>/g;

/**
 * htmlLimitProblem checks HTML (a feed item, a WordPress post, raw HTML in Markdown) for elements nested
 * deeper than maxHtmlNesting or more than maxHtmlElements of them, counting as a browser would for end tags
 * left out. It returns the first problem found, or undefined.
 */
export function htmlLimitProblem(html: string): LimitProblem | undefined {
  const open: string[] = [];
  let elements = 0;
  for (const match of html.matchAll(tag)) {
    const [, closing, rawName, selfClosing] = match;
    const name = rawName!.toLowerCase();
    if (closing) {
      const at = open.lastIndexOf(name);
      if (at >= 0) open.length = at;
      continue;
    }
    elements += 1;
    if (elements > maxHtmlElements) return { line: lineAt(html, match.index), message: `has more than ${maxHtmlElements} HTML elements` };
    if (selfClosing || voidOrImplied.has(name)) continue;
    open.push(name);
    if (open.length > maxHtmlNesting) return { line: lineAt(html, match.index), message: `HTML nesting deeper than ${maxHtmlNesting} levels` };
  }
  return undefined;
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) line += 1;
  return line;
}
