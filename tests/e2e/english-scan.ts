import type { Page } from 'playwright-core';
import { englishSentences } from '../i18n/english-sentences.js';

/**
 * The English sentences a page shows a reader of the page's language (tests/i18n/english-sentences.ts
 * says what counts): its text, block by block as it reads, and the attributes a person hears or
 * reads (aria-label, title, placeholder, alt). Text marked in another language (`lang="en"` on a
 * questionnaire shown in its original) or as not to be translated (`translate="no"`: a person's or
 * a practice's own words) is left out, as the issue allows, and so is `<noscript>`, read by nobody running the app. `within` narrows it to the elements a
 * selector matches (every match).
 */
export async function englishShown(page: Page, within = 'body'): Promise<string[]> {
  const blocks = await page.locator(within).evaluateAll((roots) =>
    roots.flatMap((root) => {
      const pageLanguage = document.documentElement.lang;
      const ownLanguage = (element: Element) =>
        !element.closest('[translate="no"], script, style, noscript') &&
        (element.closest('[lang]')?.getAttribute('lang') ?? pageLanguage).split('-')[0] === pageLanguage;
      const blockOf = (element: Element): Element => {
        for (let e: Element | null = element; e; e = e.parentElement)
          if (!getComputedStyle(e).display.startsWith('inline')) return e;
        return root;
      };
      const text = new Map<Element, string>();
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        if (!parent || !ownLanguage(parent)) continue;
        const block = blockOf(parent);
        text.set(block, (text.get(block) ?? '') + (node.textContent ?? ''));
      }
      const attributes = Array.from(root.querySelectorAll('[aria-label], [title], [placeholder], [alt]'))
        .filter(ownLanguage)
        .flatMap((e) => ['aria-label', 'title', 'placeholder', 'alt'].map((a) => e.getAttribute(a) ?? ''));
      return [...text.values(), ...attributes];
    }),
  );
  return blocks.flatMap(englishSentences);
}
