import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';

/** The axe rule tags for WCAG 2.0, 2.1 and 2.2 at levels A and AA. */
export const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** axeViolations runs axe with the WCAG A and AA rules on the page as it is now, one readable line each. */
export async function axeViolations(page: Page): Promise<string[]> {
  // Legacy mode runs axe in the page itself instead of opening a helper page for every run, which is
  // faster; our pages have no cross-origin frames, the one thing it cannot see into.
  const results = await new AxeBuilder({ page }).withTags(wcagTags).setLegacyMode(true).analyze();
  return results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n      ${v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary?.replace(/\s+/g, ' ')}`).join('\n      ')}`,
  );
}

/** What the keyboard focus is on, as a test needs to describe it. */
export interface Focused {
  tag: string;
  type: string;
  name: string;
  /** The text of the element's first label, or its own text for links and buttons. */
  label: string;
  href: string;
  outlineStyle: string;
  outlineWidth: number;
  outlineColor: string;
  boxShadow: string;
  /** The colour the focus outline is drawn on: the nearest ancestor with an opaque background. */
  background: string;
  rect: { x: number; y: number; width: number; height: number };
}

/** focused describes the element that has keyboard focus, or returns undefined when nothing has it. */
export async function focused(page: Page): Promise<Focused | undefined> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return undefined;
    const style = getComputedStyle(el);
    let background = 'rgb(255, 255, 255)';
    // The outline is drawn outside the element, so it sits on the parent's background, not its own.
    for (let node: Element | null = el.parentElement; node; node = node.parentElement) {
      const colour = getComputedStyle(node).backgroundColor;
      if (colour && colour !== 'transparent' && !/rgba\(.*, 0\)$/.test(colour)) {
        background = colour;
        break;
      }
    }
    const labels = (el as HTMLInputElement).labels;
    const rect = el.getBoundingClientRect();
    return {
      tag: el.tagName.toLowerCase(),
      type: el.getAttribute('type') ?? '',
      name: el.getAttribute('name') ?? '',
      label: (labels && labels[0] ? labels[0].textContent : el.textContent)?.replace(/\s+/g, ' ').trim() ?? '',
      href: el.getAttribute('href') ?? '',
      outlineStyle: style.outlineStyle,
      outlineWidth: parseFloat(style.outlineWidth) || 0,
      outlineColor: style.outlineColor,
      boxShadow: style.boxShadow,
      background,
      rect: { x: rect.x, y: rect.y, width: rect.width, height: rect.height },
    };
  });
}

/** tabTo presses Tab until the focused element satisfies wanted; it returns that element, or undefined. */
export async function tabTo(page: Page, wanted: (element: Focused) => boolean, max = 80): Promise<Focused | undefined> {
  for (let presses = 0; presses < max; presses++) {
    await page.keyboard.press('Tab');
    const element = await focused(page);
    if (element && wanted(element)) return element;
  }
  return undefined;
}

/** relativeLuminance follows WCAG 2.x for an sRGB colour given as [r, g, b] in 0..255. */
function relativeLuminance([r, g, b]: number[]): number {
  const channel = (value: number) => {
    const c = value / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r!) + 0.7152 * channel(g!) + 0.0722 * channel(b!);
}

/** contrastRatio of two CSS rgb()/rgba() colours as computed styles report them. */
export function contrastRatio(a: string, b: string): number {
  const parse = (colour: string) => (colour.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
  const [lighter, darker] = [relativeLuminance(parse(a)), relativeLuminance(parse(b))].sort((x, y) => y - x);
  return (lighter! + 0.05) / (darker! + 0.05);
}
