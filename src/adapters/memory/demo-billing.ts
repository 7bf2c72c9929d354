/**
 * The demo clinic's billing (#20): its invoice header and IVA, and which seeded visits were paid in
 * full at the visit. In a chunk of its own, loaded only when billing is used.
 */
import type {SeedBilling} from '../../domain/rules/clinic-data.js';

export function demoBilling(): SeedBilling {
  return {
    profile: {
      legalName: 'Clínica Demo Roma Norte SA de CV',
      address: 'Calle Córdoba 123, Roma Norte, Cuauhtémoc\n06700 Ciudad de México, CDMX',
      country: 'MX',
      taxId: 'CDR150101AB1',
      taxes: [{id: 'iva', label: 'IVA 16 %', basisPoints: 1600}],
      numberPrefix: 'F-',
    },
    // The peel: deposit at booking + the rest at the visit. The dermatology visit two weeks ago
    // stays unpaid.
    paidAtVisit: ['ana-peel-past', 'ana-checkup-past', 'ana-nutrition-first-past'],
    // Ana's Visa on file (the demo's test card that succeeds): she can add a second and switch.
    // Sofía's (family members, #21): the card Ana keeps on her daughter's record, so that booking
    // for her works where the clinic's fees need a card on file.
    cards: [
      {patientKey: 'ana', cardNumber: '4242424242424242'},
      {patientKey: 'sofia', cardNumber: '4242424242424242'},
    ],
  };
}
