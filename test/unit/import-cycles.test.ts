import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

// Issue 16: a module that imports its own importer, or a folder that imports a folder importing it, makes the
// code impossible to read in one direction. Type-only imports are erased, so they are not counted.
const srcDir = path.resolve(import.meta.dirname, '../../src');
const importPattern = /(?:import|export)\s+(type\s+)?(?:[^'"]*?\s+from\s+)?['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;

function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const files = fs.readdirSync(srcDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
  for (const file of files) {
    const text = fs.readFileSync(path.join(srcDir, file), 'utf8');
    const targets: string[] = [];
    for (const match of text.matchAll(importPattern)) {
      if (match[1]) continue;
      const target = path.relative(srcDir, path.resolve(srcDir, path.dirname(file), (match[2] ?? match[3])!)).replace(/\.js$/, '.ts');
      if (fs.existsSync(path.join(srcDir, target))) targets.push(target);
    }
    graph.set(file, targets);
  }
  return graph;
}

// Tarjan's strongly connected components: every group of nodes that reach each other is one cycle.
function cycles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (node: string) => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (stack.includes(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) !== index.get(node)) return;
    const group = stack.splice(stack.indexOf(node));
    if (group.length > 1) found.push(group.sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

describe('the import graph of src/', () => {
  it('has no cycle between modules (issue 16)', () => {
    assert.deepEqual(cycles(importGraph()), []);
  });

  it('has no cycle between folders, each top-level file counting as its own folder (issue 16)', () => {
    const folderOf = (file: string) => (path.dirname(file) === '.' ? file : path.dirname(file));
    const folders = new Map<string, string[]>();
    for (const [file, targets] of importGraph()) {
      const folder = folderOf(file);
      const others = targets.map(folderOf).filter((t) => t !== folder);
      folders.set(folder, [...new Set([...(folders.get(folder) ?? []), ...others])]);
    }
    assert.deepEqual(cycles(folders), []);
  });
});
