/**
 * The demo clinic's profile photo for its demo patient (Ana, #17 item 3): a 96 × 96 PNG of a
 * person's outline in the portal's colours (238 bytes, made once by a script: two colours, a head and
 * shoulders), so the demo shows a photo without shipping one of a real person. Imported only by the
 * profile's chunk (`photo.ts`) and the reference server's demo seed, so no other page loads it.
 */
import type {SeedPhoto} from '../../domain/rules/clinic-data.js';

export const DEMO_PHOTO_PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAGAAAABgCAMAAADVRocKAAAABlBMVEXP4+o7boCtl8aFAAAAo0lEQVR42u3YORLCUBBDQfr+lyYlIHHhx2KkA0wHrvqj8e22LMuyLH8Z4ejHxOPPJzxLPf9EgVagFWgFWoFYqAFioQaIhQHXB/gKYR95wMWf6wuszL5V9L2ob3Z9N+3bdX8f9BfOG260N1yZy7L8/v+i9LGLF068kz9f7F4haG8oUsGx1PMPC7QCrUArEAs1QCsQCzVALNQAsfDzALEwYMBx4A7YTQqI5LtkBgAAAABJRU5ErkJggg==';

export function demoPhotos(): SeedPhoto[] {
  return [{patientKey: 'ana', content: DEMO_PHOTO_PNG_BASE64}];
}
