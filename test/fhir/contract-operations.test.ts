/**
 * The shared contract on the FHIR adapter's operation path: the server's CapabilityStatement offers
 * `Appointment/$hold` and `$book` (IHE ITI / Argonaut Scheduling; the test server's stub in
 * scripts/fhir-operations.ts), so the adapter holds slots and books through them — the holds cases
 * of the contract run here, and every booking case goes through `$book`.
 */
import {describeFhirContract} from './contract-harness.js';

describeFhirContract('FhirAdapter + FHIR test server offering $hold/$book (real process)', [
  '--operations',
  'find,hold,book',
  '--hold-minutes',
  // The demo clinic's hold minutes: the contract checks the hold's expiry against the clinic's.
  '10',
]);
