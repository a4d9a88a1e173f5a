import fs from 'node:fs';
import path from 'node:path';
// Eleventy is the reference here, not part of the product: bench/package.json installs it, bench/tools.d.ts types it.
import Eleventy from '@11ty/eleventy';

// A page shell of the same weight as ours (head, masthead, headline, byline, body, footer), so the
// reference spends its time where a real Eleventy site would.
const layout = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }} | Broadsheet</title><meta name="description" content="{{ summary }}">
<link rel="stylesheet" href="/css/site.css"></head>
<body><header class="masthead"><a href="/">Broadsheet</a></header>
<main id="main"><article class="article"><header>
<p class="kicker">{{ type }} {{ section }}</p><h1>{{ title }}</h1><p class="article__dek">{{ dek }}</p>
<p class="byline">By {% for a in authors %}<a href="/authors/{{ a }}">{{ a }}</a> {% endfor %}</p>
<p class="dateline"><time datetime="{{ page.date | date: '%Y-%m-%d' }}">{{ page.date | date: '%e %B %Y' }}</time></p>
</header><div class="article__body prose">{{ content }}</div>
<footer><p class="author-note">{{ author_note }}</p>
<ul class="tags__list">{% for t in tags %}<li><a href="/tags/{{ t | slugify }}">{{ t }}</a></li>{% endfor %}</ul></footer>
</article></main><footer class="site-footer"><p>Broadsheet</p></footer></body></html>
`;

/** buildWithEleventy renders every Markdown file under articlesDir to HTML pages in outDir and returns the seconds taken. */
export async function buildWithEleventy(articlesDir: string, workDir: string, outDir: string): Promise<{ seconds: number; pages: number }> {
  const includes = path.join(workDir, 'eleventy-includes');
  fs.mkdirSync(includes, { recursive: true });
  fs.writeFileSync(path.join(includes, 'article.liquid'), layout);
  const started = performance.now();
  const eleventy = new Eleventy(articlesDir, outDir, {
    quietMode: true,
    configPath: false,
    config(config) {
      config.addGlobalData('layout', 'article.liquid');
      config.setIncludesDirectory(path.relative(articlesDir, includes));
    },
  });
  const results = (await eleventy.write()) as unknown[];
  const written = Array.isArray(results) ? results.flat(2).filter((r) => r && typeof r === 'object' && 'outputPath' in r).length : 0;
  return { seconds: (performance.now() - started) / 1000, pages: written };
}
