/**
 * What the profile's section tests share: a section of `<patient-profile>` found by `selector` in
 * its shadow root, its text (whitespace squashed), a button in it by its name (failing the test
 * when missing), a field in it by name, and waiting until the element and its parts have rendered.
 */
import {nextFrame} from '@open-wc/testing';
import {buttonIn, squash} from '../helpers/dom.js';

export const root = (el: Element): ShadowRoot => el.shadowRoot!;

export function profileSection(selector: string) {
  const section = (el: Element) => root(el).querySelector<HTMLElement>(selector);
  return {
    section,
    text: (el: Element) => squash(section(el)?.textContent ?? ''),
    button: (el: Element, name: string | RegExp): HTMLButtonElement => {
      const b = buttonIn(section(el)!, name);
      if (!b) throw new Error(`no button ${String(name)}`);
      return b;
    },
    /** A field by name, inside `within` (a form's selector) when given. */
    field: <T extends HTMLElement = HTMLInputElement>(el: Element, name: string, within = '') =>
      section(el)!.querySelector<T>(`${within ? `${within} ` : ''}[name=${name}]`)!,
  };
}

/** A few frames and updates: the element and the parts it loaded have rendered. */
export async function settle(el: HTMLElement & {updateComplete: Promise<unknown>}): Promise<void> {
  for (let i = 0; i < 4; i++) {
    await nextFrame();
    await el.updateComplete;
  }
}
