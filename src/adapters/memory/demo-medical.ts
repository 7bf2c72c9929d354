/**
 * The demo clinic's medical information for its demo patient (Ana, #17): her penicillin allergy
 * (the clinic's record, reviewed), the levothyroxine she takes and her mother as her emergency
 * contact (both reported by her, not reviewed yet). Imported only by the medical chunk
 * (`medical.ts`) and the reference server's demo seed, so no other page loads it.
 */
import type {SeedMedical} from '../../domain/rules/medical.js';

/** The demo clinic's id (`demo-clinic.ts`): its seed applies to it only. */
export const DEMO_CLINIC_ID = 'clinica-demo-roma-norte';

export function demoMedical(): SeedMedical[] {
  return [
    {
      patientKey: 'ana',
      entries: [
        {
          list: 'allergies',
          fields: {substance: 'Penicilina', reaction: 'Urticaria', severity: 'moderate'},
          reportedBy: 'clinic',
          reviewed: true,
        },
        {
          list: 'medications',
          fields: {name: 'Levotiroxina', dose: '50 µg', frequency: 'Una vez al día, en ayunas'},
          reportedBy: 'patient',
          reviewed: false,
        },
        {
          list: 'emergencyContacts',
          fields: {name: 'María López Ruiz', relationship: 'Madre', phone: '+525587654321'},
          reportedBy: 'patient',
          reviewed: false,
        },
      ],
    },
  ];
}
