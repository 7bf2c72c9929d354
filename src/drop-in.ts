/**
 * The drop-in entry, built to `dist/patient-portal-elements.js`.
 *
 *   <script type="module" src="…/patient-portal-elements.js"></script>
 *   <booking-widget backend="demo"></booking-widget>
 *
 * It registers every public tag **on first use**: a tag's code is a chunk beside this file, loaded
 * as soon as the tag appears in the document (now or later), so a page pays only for the elements
 * it shows. Tags placed only inside another component's shadow root are not seen here: such hosts
 * import `patient-portal-elements/define.js` (everything, eagerly) or one `define/<tag>.js`.
 * It also exports a small page API for hosts that script the page (the demo uses it).
 */
const loaders: Readonly<Record<string, () => Promise<unknown>>> = {
  'patient-portal': () => import('./define/patient-portal.js'),
  'patient-login': () => import('./define/patient-login.js'),
  'booking-widget': () => import('./define/booking-widget.js'),
  'appointment-list': () => import('./define/appointment-list.js'),
  'reminder-prefs': () => import('./define/reminder-prefs.js'),
  'telehealth-join': () => import('./define/telehealth-join.js'),
  'device-check': () => import('./define/device-check.js'),
  'patient-profile': () => import('./define/patient-profile.js'),
  'patient-forms': () => import('./define/patient-forms.js'),
  'patient-documents': () => import('./define/patient-documents.js'),
  'patient-billing': () => import('./define/patient-billing.js'),
  'patient-messages': () => import('./define/patient-messages.js'),
};

const requested = new Set<string>();

/** Loads the definition of every public tag present under `root` (and `root` itself). */
function discover(root: ParentNode | Element): void {
  for (const tag of Object.keys(loaders)) {
    if (requested.has(tag) || customElements.get(tag)) continue;
    const present = (root instanceof Element && root.localName === tag) || root.querySelector(tag) !== null;
    if (present) {
      requested.add(tag);
      loaders[tag]!().catch(() => requested.delete(tag));
    }
  }
}

/** Loads every element now (for pages that add tags inside their own shadow roots). */
export function defineAll(): Promise<unknown> {
  return Promise.all(Object.keys(loaders).map((tag) => (requested.add(tag), loaders[tag]!())));
}

if (typeof document !== 'undefined') {
  discover(document);
  new MutationObserver((records) => {
    for (const r of records) {
      for (const node of r.addedNodes) if (node instanceof Element) discover(node);
    }
  }).observe(document, {childList: true, subtree: true});
}

export {
  adapterForBackend,
  configureSessions,
  registerBackendLoader,
  sessionFor,
} from './adapters/registry.js';
export {setPageLocale} from './localization/localization.js';
// Typed errors the FHIR adapter's chunk rejects with, imported from here so a page has one set of
// error classes (elements test `instanceof`; see vite.config.ts). Only those it uses: bytes on every page.
export {
  ForbiddenError,
  NetworkError,
  NotFoundError,
  NotSignedInError,
  NotSupportedError,
  RateLimitedError,
  SlotTakenError,
  ValidationError,
} from './domain/errors.js';
