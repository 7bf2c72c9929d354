/**
 * Carmen López, a second patient the family-access stories need: she registers on the demo clinic
 * and opens her verification link, so she is signed in afterwards.
 */
import type {MemoryAdapter} from '../../src/adapters/memory/index.js';

export const CARMEN_EMAIL = 'carmen.lopez@example.com';

export async function registerCarmen(adapter: MemoryAdapter): Promise<void> {
  const password = 'Un paseo por Chapultepec 2026';
  await adapter.register({
    patient: {
      givenName: 'Carmen',
      familyName: 'López',
      email: CARMEN_EMAIL,
      phone: '+525511112222',
      dateOfBirth: '1961-04-02',
      language: 'es',
    },
    password,
    privacyConsent: true,
  });
  const verify = adapter.outbox.latest({to: CARMEN_EMAIL})!;
  await adapter.verifyEmail(
    new URL(Object.values(verify.links)[0]!).hash.split('=')[1]!.split('&')[0]!,
    password,
  );
}
