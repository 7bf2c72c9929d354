/**
 * What the tests of the patient's-records elements (`<patient-forms>`, `<patient-documents>`,
 * `<patient-billing>`) share: the demo clinic with its patient signed in at a fixed time, the
 * element's text, and switching the page to Spanish.
 */
import type {LitElement} from 'lit';
import {
  createDemoAdapter,
  DEMO_PATIENT_EMAIL,
  DEMO_PATIENT_PASSWORD,
  type MemoryAdapter,
} from '../../../src/adapters/memory/index.js';
import {sessionFor} from '../../../src/adapters/registry.js';
import {localeReady, setPageLocale} from '../../../src/localization/localization.js';

/** The demo clinic at `now` (epoch ms) with its demo patient signed in. */
export async function signedInDemo(now: number): Promise<MemoryAdapter> {
  const adapter = createDemoAdapter({clock: () => now});
  const result = await adapter.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
  if (result.status === 'signed-in') sessionFor(adapter).signedIn(result.session);
  return adapter;
}

export const root = (el: Element): ShadowRoot => el.shadowRoot!;
/** The element's shadow text, runs of white space made one space. */
export const text = (el: Element): string => (root(el).textContent ?? '').replace(/\s+/g, ' ');

/** The page in Spanish (Mexico), the element re-rendered. */
export async function spanish(el: LitElement): Promise<void> {
  await setPageLocale('es-MX');
  await localeReady();
  await el.updateComplete;
}
