/**
 * Everything a backend needs to know about one clinic to apply its rules: the clinic and its
 * policies, the catalog, the providers' weekly schedules, closures and cancellation reasons. The
 * memory adapter serves one of these (the demo clinic is one), the reference server loads one from
 * its configuration file, and the FHIR adapter builds one from the clinic's FHIR resources.
 */
import type {ProviderSchedule} from '../schedule.js';
import type {CancellationReason, Catalog, Clinic, LocalizedText, PlainDate} from '../types.js';

/** Forms attached to a service's appointments (shown as visit items). */
export interface VisitForms {
  readonly questionnaire?: LocalizedText;
  readonly consent?: LocalizedText;
}

export interface ClinicData {
  readonly clinic: Clinic;
  readonly catalog: Catalog;
  readonly schedules: readonly ProviderSchedule[];
  /** Clinic-wide closures (holidays). */
  readonly closures?: readonly PlainDate[];
  readonly stepMinutes: number;
  readonly bufferMinutes?: number;
  readonly cancellationReasons: readonly CancellationReason[];
  /** Service id → forms attached to its appointments. */
  readonly visitForms?: Readonly<Record<string, VisitForms>>;
  /** How messages name the clinic's zone, e.g. "Mexico City time" (default: the zone's city). */
  readonly timeZoneLabel?: LocalizedText;
  /** Base of video rooms, on a host in `clinic.telehealth.allowedHosts` (default Jitsi Meet). */
  readonly videoRoomBase?: string;
}
