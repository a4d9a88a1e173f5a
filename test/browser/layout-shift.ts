import type { Page } from 'playwright-core';

/** One layout shift Chromium scored, with the nodes it moved and from where to where. */
export interface Shift {
  startTime: number;
  value: number;
  /** Each moved node as `tag.class "text" (x,y w×h → x,y w×h)`. */
  moved: string[];
}

declare global {
  interface Window {
    /** Every layout shift of the page so far, as recordShifts describes them. */
    layoutShifts?: Shift[];
  }
}

/**
 * recordShifts runs in the page: from then on window.layoutShifts lists every layout shift, the buffered ones
 * from the load included, each with the nodes it moved. Every description of a shift is built here, so any
 * check that sees one names the element that moved.
 */
export const recordShifts = () => {
  if (window.layoutShifts) return;
  const seen: Shift[] = (window.layoutShifts = []);
  const rect = (r: DOMRectReadOnly) => `${Math.round(r.x)},${Math.round(r.y)} ${Math.round(r.width)}×${Math.round(r.height)}`;
  const describe = (node: Node | null) => {
    if (!node) return 'a node since removed';
    const text = `"${(node.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 30)}"`;
    if (!(node instanceof Element)) return `text ${text}`;
    return `${node.tagName.toLowerCase()}${[...node.classList].map((name) => `.${name}`).join('')} ${text}`;
  };
  type Attribution = { node: Node | null; previousRect: DOMRectReadOnly; currentRect: DOMRectReadOnly };
  type LayoutShift = PerformanceEntry & { value: number; hadRecentInput: boolean; sources: Attribution[] };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as LayoutShift[]) {
      if (entry.hadRecentInput) continue;
      const moved = entry.sources.map((s) => `${describe(s.node)} (${rect(s.previousRect)} → ${rect(s.currentRect)})`);
      seen.push({ startTime: entry.startTime, value: entry.value, moved });
    }
  }).observe({ type: 'layout-shift', buffered: true });
};

/** describeShifts prints shifts for an assertion message: each one's score and the nodes it moved. */
export function describeShifts(shifts: readonly Shift[]): string {
  return shifts.map((s) => `${s.value.toFixed(5)} at ${Math.round(s.startTime)} ms: ${s.moved.join('; ') || 'no node named'}`).join('\n  ');
}

/**
 * shiftsWhileParsing reproduces, for each element matching `within` and each inside it, a paint made when
 * the parser had only reached it: that element and every node after it leave the document, the page paints,
 * and they come back in place. It returns the shifts each arrival caused, by the element the paint stopped
 * before; a part of the page with none cannot shift on load however its HTML was split into packets or
 * wherever the parser yielded to paint.
 */
export async function shiftsWhileParsing(page: Page, within: string): Promise<Map<string, Shift[]>> {
  await page.evaluate(recordShifts);
  const found = await page.evaluate(async (within) => {
    const frames = (n: number) =>
      new Promise<void>((resolve) => {
        const step = (left: number) => (left === 0 ? resolve() : requestAnimationFrame(() => step(left - 1)));
        step(n);
      });
    const cuts = [...document.querySelectorAll(`${within}, ${within} *`)];
    const results: [string, Shift[]][] = [];
    for (const cut of cuts) {
      // The document as far as the parser got: the cut element, its later siblings and its ancestors' later siblings leave.
      const removed: { node: ChildNode; parent: Node; before: ChildNode | null }[] = [];
      for (let from: Node = cut; from !== document.body && from.parentNode; from = from.parentNode) {
        for (let node: ChildNode | null = from === cut ? cut : from.nextSibling; node; node = node.nextSibling) {
          removed.push({ node, parent: from.parentNode, before: node.nextSibling });
        }
      }
      for (const { node } of removed) node.remove();
      await frames(2);
      const since = performance.now();
      // Last out, first back: each node's next sibling is in place again before it returns.
      for (const { node, parent, before } of removed.reverse()) parent.insertBefore(node, before);
      await frames(3);
      const shifts = window.layoutShifts!.filter((s) => s.startTime > since);
      if (shifts.length > 0) results.push([`${cut.tagName.toLowerCase()}${[...cut.classList].map((c) => `.${c}`).join('')}`, shifts]);
    }
    return results;
  }, within);
  return new Map(found);
}
