// Static-site pages carry their generator's template tags in the Markdown: Hugo shortcodes ({{< name >}},
// {{% name %}}) and Liquid or Nunjucks tags ({% name %}, {{ expression }}) in Jekyll and Eleventy. They mean
// nothing here: the tags go (a highlight block becomes a fenced code block) and the text between paired tags
// stays. Code, fenced or inline, is left exactly as written, since that is where a post shows a tag on purpose.

const fence = /^(\s*)(`{3,}|~{3,})/;
const inlineCode = /(`+)[\s\S]*?\1/g;
const hugoShortcode = /\{\{([<%])\s*(\/?)\s*([\w./-]+)([^]*?)\s*\/?\s*[>%]\}\}/g;
const liquidTag = /\{%-?\s*(\w+)([^]*?)-?%\}/g;
const liquidOutput = /\{\{-?[^{}]*?-?\}\}/g;

/** cleanText removes template tags from Markdown text that holds no code, naming each kind removed. */
function cleanText(text: string, removed: Set<string>): string {
  return text
    .replace(/<!--\s*more\s*-->/gi, '')
    .replace(hugoShortcode, (_, _kind: string, _closing: string, name: string) => {
      removed.add(`{{< ${name} >}}`);
      return '';
    })
    .replace(liquidTag, (_, name: string) => {
      if (name !== 'raw' && name !== 'endraw') removed.add(`{% ${name.replace(/^end/, '')} %}`);
      return '';
    })
    .replace(liquidOutput, () => {
      removed.add('{{ … }}');
      return '';
    });
}

/**
 * cleanTemplateTags removes Hugo shortcodes and Liquid/Nunjucks tags from a page's Markdown outside code, and the
 * `<!--more-->` summary divider, returning the kinds of tag removed so the editor is told.
 */
export function cleanTemplateTags(markdown: string): { markdown: string; removed: string[] } {
  const removed = new Set<string>();
  // Highlight blocks become fenced code first, on lines of their own, so what they hold is kept as code.
  const fenced = markdown
    .replace(/[ \t]*(?:\{\{[<%]\s*highlight\s+([\w+#-]*)[^]*?[>%]\}\}|\{%-?\s*highlight\s+([\w+#-]*)[^]*?-?%\})[ \t]*\r?\n?/g, (_, hugo?: string, liquid?: string) => `\n\`\`\`${hugo ?? liquid ?? ''}\n`)
    .replace(/\r?\n?[ \t]*(?:\{\{[<%]\s*\/\s*highlight\s*[>%]\}\}|\{%-?\s*endhighlight\s*-?%\})/g, '\n```\n');
  const out: string[] = [];
  let open: string | undefined;
  let prose: string[] = [];
  const flush = () => {
    // Inline code spans are kept whole; only the text between them is cleaned.
    const text = prose.join('\n');
    let last = 0;
    let cleaned = '';
    for (const match of text.matchAll(inlineCode)) {
      cleaned += cleanText(text.slice(last, match.index), removed) + match[0];
      last = match.index! + match[0].length;
    }
    out.push(cleaned + cleanText(text.slice(last), removed));
    prose = [];
  };
  for (const line of fenced.split('\n')) {
    const marker = fence.exec(line)?.[2];
    if (open === undefined && marker) {
      flush();
      open = marker;
      out.push(line);
    } else if (open !== undefined) {
      out.push(line);
      if (marker && marker[0] === open[0] && marker.length >= open.length && line.trim() === marker) open = undefined;
    } else {
      prose.push(line);
    }
  }
  flush();
  return { markdown: out.join('\n').replace(/\n{3,}/g, '\n\n').trim(), removed: [...removed].sort() };
}
