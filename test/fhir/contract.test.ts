/**
 * The shared contract on the FHIR adapter's plain REST path: the server offers no scheduling
 * operations, so the adapter books with a Slot `PUT` + `If-Match` and a conditional Appointment
 * create, and offers no holds.
 */
import {describeFhirContract} from './contract-harness.js';

describeFhirContract('FhirAdapter + FHIR test server (Medplum fhir-router, real process)');
