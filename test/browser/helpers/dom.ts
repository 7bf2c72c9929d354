/** Small DOM helpers the element tests share. */
import {expect, nextFrame} from '@open-wc/testing';

/**
 * Waits (frame by frame) until `check` returns something truthy; fails after `ms` naming `what`.
 * 10 s: on a loaded two-core machine a step that loads a lazy part (the cards on file in the
 * booking's review) took over 5 s; a passing wait returns as soon as it can.
 */
export async function until<T>(
  check: () => T | null | undefined | false,
  what: string,
  ms = 10_000,
): Promise<T> {
  const start = performance.now();
  for (;;) {
    const value = check();
    // A promise is always truthy: the wait would end at once, whatever it resolves to.
    if (value instanceof Promise) throw new Error(`until(): the check for ${what} returned a promise`);
    if (value) return value;
    if (performance.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await nextFrame();
  }
}

/** Text with runs of white space made one space, trimmed. */
export const squash = (s: string | null | undefined): string => (s ?? '').replace(/\s+/g, ' ').trim();

/** The deepest focused element, through shadow roots. */
export function deepActive(): Element | null {
  let a = document.activeElement;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
  return a;
}

/** The first button in `scope` whose text is `name` (or matches it). */
export function buttonIn(
  scope: ParentNode | null | undefined,
  name: string | RegExp,
): HTMLButtonElement | undefined {
  if (!scope) return undefined;
  return [...scope.querySelectorAll<HTMLButtonElement>('button')].find((b) => {
    const t = squash(b.textContent);
    return typeof name === 'string' ? t === name : name.test(t);
  });
}

/**
 * Nothing scrolls sideways: `el` within its own box, and the page within the window (whatever width
 * the engine gave it: WebKit's MiniBrowser is never narrower than 447 px, engine.ts).
 */
export function fitsTheWindow(el: HTMLElement, label = ''): void {
  const at = label ? `${label}: ` : '';
  expect(el.scrollWidth, `${at}wider than its box`).to.be.at.most(el.clientWidth);
  expect(el.getBoundingClientRect().right, `${at}past the window`).to.be.at.most(innerWidth);
  expect(document.documentElement.scrollWidth, `${at}the page scrolls sideways`).to.be.at.most(innerWidth);
}
