/**
 * The drop-in entry, built to `dist/patient-portal-elements.js`: registers every element and
 * exports a small page API for hosts that script the page (the demo uses it to show its outbox).
 *
 *   <script type="module" src="…/patient-portal-elements.js"></script>
 *   <booking-widget backend="demo"></booking-widget>
 */
import './define.js';

export {
  adapterForBackend,
  configureSessions,
  registerBackendLoader,
  sessionFor,
} from './adapters/registry.js';
export {setPageLocale} from './localization/localization.js';
