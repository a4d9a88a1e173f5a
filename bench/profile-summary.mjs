// Summarise a V8 CPU profile (node --cpu-prof) as self time per package and per function, the form
// BENCHMARKS.md quotes. Usage: node bench/profile-summary.mjs <file.cpuprofile> [top=25]
import fs from 'node:fs';

const [file, topArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/profile-summary.mjs <file.cpuprofile> [top]');
  process.exit(2);
}
const top = Number(topArg ?? 25);
const profile = JSON.parse(fs.readFileSync(file, 'utf8'));

// Self time of a node is the sum of the intervals whose sample landed on it.
const selfUs = new Map();
profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

const byFunction = new Map();
const byPackage = new Map();
let totalUs = 0;
for (const node of profile.nodes) {
  const us = selfUs.get(node.id) ?? 0;
  totalUs += us;
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url.replace(/^file:\/\//, '').replace(/^.*node_modules\//, 'node_modules/').replace(process.cwd() + '/', '');
  const fn = `${functionName || '(anonymous)'} ${where ? `${where}:${lineNumber + 1}` : ''}`.trim();
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
  const pkg = where.startsWith('node_modules/')
    ? where.split('/').slice(0, where.startsWith('node_modules/@') ? 3 : 2).join('/')
    : where.startsWith('node:') ? 'node: internals' : where || functionName;
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
}
const show = (map, n) =>
  [...map].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, us]) => `${((us / totalUs) * 100).toFixed(1).padStart(5)}%  ${k}`).join('\n');
console.log(`total ${(totalUs / 1000).toFixed(0)} ms sampled\n\nby package or file:\n${show(byPackage, 12)}\n\nby function (self time):\n${show(byFunction, top)}`);
