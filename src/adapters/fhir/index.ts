/**
 * The FHIR R4 adapter (`backend="fhir:<base url>"`), its own entry and lazy chunk: nothing here is
 * loaded by a page that does not use a FHIR backend.
 */
import type {AdapterEvents} from '../adapter.js';
import {FhirAdapter, type FhirAdapterOptions} from './fhir-adapter.js';

export {FhirAdapter} from './fhir-adapter.js';
export type {FhirAdapterOptions, SmartToken} from './fhir-adapter.js';
export {
  EXT as FHIR_EXTENSIONS,
  SYSTEM as FHIR_SYSTEMS,
  REASONS_VALUESET as FHIR_REASONS_VALUESET,
} from './profile.js';

/** The adapter for a `backend` value `fhir:<base url>` (or a bare base URL). */
export function createFhirAdapter(
  value: string,
  options: Omit<FhirAdapterOptions, 'baseUrl'> & {events?: AdapterEvents} = {},
): FhirAdapter {
  const baseUrl = value
    .trim()
    .replace(/^fhir:/, '')
    .trim();
  return new FhirAdapter({...options, baseUrl});
}
