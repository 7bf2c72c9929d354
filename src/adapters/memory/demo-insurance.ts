/**
 * The demo clinic's insurance card for its demo patient (Ana, #17 item 5). Imported only by the
 * profile's chunk (`insurance.ts`) and the reference server's demo seed, so no other page loads it.
 */
import type {SeedInsurance} from '../../domain/rules/insurance.js';

export function demoInsurance(): SeedInsurance[] {
  return [
    {
      patientKey: 'ana',
      cards: [{insurer: 'Seguros Monterrey', plan: 'Gastos Médicos Mayores', memberNumber: 'GMM-4471-0923'}],
    },
  ];
}
