/**
 * The demo clinic's conversation with its demo patient (Ana): she asked whether to fast before her
 * blood test and the clinic answered (not read yet, so the portal shows one unread message). In a
 * chunk of its own: only `<patient-messages>` loads it (through `loadConversations`), and the
 * reference server's demo seed.
 */
import type {SeedConversation} from '../../domain/rules/clinic-data.js';

export function demoConversations(): SeedConversation[] {
  return [
    {
      key: 'ana-fasting',
      patientKey: 'ana',
      topic: 'results',
      messages: [
        {
          role: 'patient',
          body: '¿Tengo que ir en ayunas a mi análisis de sangre del próximo mes?',
          minutesAgo: 26 * 60,
        },
        {
          role: 'clinic',
          author: 'Dra. Sofía Ramírez Luna',
          title: 'Medicina general',
          body: 'Hola, Ana: sí, por favor venga con 8 horas de ayuno. Puede tomar agua. Si toma algún medicamento por la mañana, tráigalo y tómelo después de la toma de muestra.',
          minutesAgo: 3 * 60,
        },
      ],
    },
  ];
}
