import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { axeViolations, contrastRatio, focused, type Focused } from './a11y.js';
import { chromiumSkip, startBrowserSite, visitPage, type BrowserSite } from './harness.js';
import { pages } from './pages.js';

const schemes = ['light', 'dark'] as const;
/** Everything a keyboard can reach, as the HTML spec defines it for the elements our pages use. */
// :disabled, not [disabled]: a control in a disabled fieldset (a preview's comment form) is disabled too.
const focusable = 'a[href], button:not(:disabled), input:not([type="hidden"]):not(:disabled), select:not(:disabled), textarea:not(:disabled), [tabindex]:not([tabindex="-1"])';

/** focusProblems says what is wrong with the visible focus indicator of one element, if anything. */
function focusProblems(element: Focused): string[] {
  const problems: string[] = [];
  const what = `${element.tag}${element.href ? `[href=${element.href}]` : ''} "${element.label.slice(0, 40)}"`;
  if (element.outlineStyle === 'none' || element.outlineWidth < 2) {
    problems.push(`${what} has no visible focus outline (${element.outlineStyle} ${element.outlineWidth}px)`);
  } else {
    const ratio = contrastRatio(element.outlineColor, element.background);
    if (ratio < 3) problems.push(`${what}: focus outline contrast ${ratio.toFixed(2)}:1 is below 3:1`);
  }
  if (element.rect.width < 1 || element.rect.height < 1) problems.push(`${what} is focused but has no size`);
  return problems;
}

describe('accessibility in Chromium: axe and the keyboard', { skip: chromiumSkip() }, () => {
  let browser: BrowserSite;
  before(async () => {
    browser = await startBrowserSite();
  });
  after(() => browser?.close());

  for (const spec of pages) {
    it(`${spec.name} (${spec.path}) has no WCAG 2.2 AA violations in light or dark mode`, async () => {
      const { page } = browser;
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.emulateMedia({ colorScheme: 'light' });
      const response = await visitPage(page, browser.origin, spec);
      assert.equal(response?.status(), spec.status);
      // textContent, not innerText: the check is about the words, not how CSS capitalises them.
      assert.match((await page.locator('h1').textContent())?.replace(/\s+/g, ' ').trim() ?? '', spec.h1);
      const found: string[] = [];
      for (const colorScheme of schemes) {
        await page.emulateMedia({ colorScheme });
        for (const violation of await axeViolations(page)) found.push(`[${colorScheme}] ${violation}`);
      }
      await page.emulateMedia({ colorScheme: 'light' });
      assert.deepEqual(found, [], `axe violations on ${spec.path}:\n  ${found.join('\n  ')}`);
    });

    it(`${spec.name} (${spec.path}) works with the keyboard: skip link first, DOM-order tabbing, visible focus`, async () => {
      const { page } = browser;
      await page.setViewportSize({ width: 1280, height: 800 });
      assert.equal((await visitPage(page, browser.origin, spec))?.status(), spec.status);

      // Walk the page in each scheme: the focus ring must stand out on light paper and on dark.
      for (const colorScheme of schemes) {
        await page.emulateMedia({ colorScheme });
        await page.goto(browser.origin + spec.path);
        // Number every reachable element in document order; tabbing must visit them in exactly that order.
        const expected = await page.evaluate((selector) => {
          const visible = (el: HTMLElement) => {
            const style = getComputedStyle(el);
            return style.visibility !== 'hidden' && style.display !== 'none' && el.getClientRects().length > 0;
          };
          const all = [...document.querySelectorAll<HTMLElement>(selector)].filter((el) => el.classList.contains('skip-link') || visible(el));
          all.forEach((el, i) => el.setAttribute('data-tab-probe', String(i)));
          return {
            count: all.length,
            positiveTabindex: [...document.querySelectorAll('[tabindex]')].filter((el) => Number(el.getAttribute('tabindex')) > 0).length,
          };
        }, focusable);
        assert.equal(expected.positiveTabindex, 0, 'no positive tabindex reorders the page');

        const problems: string[] = [];
        const order: number[] = [];
        for (let press = 0; press < expected.count; press++) {
          await page.keyboard.press('Tab');
          const element = await focused(page);
          assert.ok(element, `Tab number ${press + 1} focused nothing`);
          if (press === 0) {
            assert.equal(element.href, '#main', 'the first Tab reaches the skip link');
            assert.ok(element.rect.y >= 0 && element.rect.y < 800, 'the focused skip link is on screen');
          }
          order.push(Number(await page.evaluate(() => document.activeElement?.getAttribute('data-tab-probe') ?? -1)));
          problems.push(...focusProblems(element).map((p) => `[${colorScheme}] ${p}`));
        }
        assert.deepEqual(order, [...Array(expected.count).keys()], 'Tab visits every control once, in document order');
        assert.deepEqual(problems, [], problems.join('\n'));
      }
      await page.emulateMedia({ colorScheme: 'light' });

      // The skip link works: it moves focus into main, and the next Tab lands on main's first control.
      await page.goto(browser.origin + spec.path);
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      // A same-document navigation reaches page.url() asynchronously: wait for it rather than race it.
      await page.waitForURL((url) => url.hash === '#main', { timeout: 5_000 }).catch(() => {});
      assert.equal(new URL(page.url()).hash, '#main');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'main', 'focus moved to the main content');
      const firstInMain = await page.evaluate((selector) => document.querySelector('main')?.querySelector(selector)?.outerHTML, focusable);
      if (firstInMain) {
        await page.keyboard.press('Tab');
        const next = await page.evaluate(() => document.activeElement?.outerHTML);
        assert.equal(next, firstInMain, 'after the skip link, Tab continues inside main');
      }
    });
  }
});
