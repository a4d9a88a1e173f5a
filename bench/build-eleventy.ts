// Child-process entry: builds the corpus with Eleventy and prints {"seconds", "pages"} as JSON, so the
// reference's memory and time are its own. Usage: build-eleventy.ts <articlesDir> <workDir> <outDir>
import { buildWithEleventy } from './eleventy.js';

const [articlesDir, workDir, outDir] = process.argv.slice(2);
if (!articlesDir || !workDir || !outDir) {
  console.error('usage: build-eleventy.ts <articlesDir> <workDir> <outDir>');
  process.exit(2);
}
const result = await buildWithEleventy(articlesDir, workDir, outDir);
process.stdout.write(`${JSON.stringify(result)}\n`);
