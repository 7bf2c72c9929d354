/**
 * The shared contract suite: every PortalAdapter (memory, REST, FHIR) runs it, so they cannot drift.
 *
 * A backend that lacks a capability is tested for `NotSupportedError` on that operation, never
 * skipped silently. Only tests that need a harness feature the backend cannot offer (clock
 * control, running reminders, paying a deposit) are skipped, at run time, with a note.
 *
 * One file per area registers its `describe` blocks; `context.ts` holds the per-test state and the
 * helpers they share, `helpers.ts` the ones that need no harness.
 */
import {afterEach, beforeEach, describe, it as vitestIt, type TestContext} from 'vitest';
import {abortContract} from './abort.js';
import {accountsContract} from './accounts.js';
import {appointmentsContract} from './appointments.js';
import {availabilityContract} from './availability.js';
import {billingContract} from './billing.js';
import {bookingContract} from './booking.js';
import {cardsContract} from './cards.js';
import {cardFeesContract} from './card-fees.js';
import {clinicContract} from './clinic.js';
import {contractContext} from './context.js';
import {depositsContract} from './deposits.js';
import {documentsContract} from './documents.js';
import {documentDetailsContract} from './document-details.js';
import {formsContract} from './forms.js';
import {insuranceContract} from './insurance.js';
import {photoContract} from './photo.js';
import {securityQuestionContract} from './security-question.js';
import {firstAccessContract} from './first-access.js';
import {insurancePhotosContract} from './insurance-photos.js';
import {medicalContract} from './medical.js';
import {messagesContract} from './messages.js';
import type {AdapterHarness, ContractArea, ContractOptions} from './harness.js';
import {profileContract} from './profile.js';
import {proxyContract} from './proxy.js';
import {remindersContract} from './reminders.js';
import {telehealthContract} from './telehealth.js';
import {waitlistContract} from './waitlist.js';

export type {AdapterHarness, ContractArea, ContractOptions} from './harness.js';

export function describeAdapterContract(
  name: string,
  makeHarness: () => Promise<AdapterHarness>,
  contractOptions: ContractOptions = {},
): void {
  const skip = contractOptions.skip ?? {};
  const only = contractOptions.only && new Set(contractOptions.only);
  const known = new Set<string>();
  /** `it`, except for the titles in `skip`, which are registered as skipped with their reason. */
  const it = (title: string, body: (ctx: TestContext) => unknown): void => {
    known.add(title);
    if (title in skip) vitestIt.skip(`${title} [skipped: ${skip[title]}]`, () => undefined);
    else vitestIt(title, body);
  };
  const c = contractContext(it);
  describe(`PortalAdapter contract: ${name}`, () => {
    beforeEach(() => c.start(makeHarness));
    afterEach(() => c.stop());

    const areas: [ContractArea, typeof clinicContract][] = [
      ['clinic', clinicContract],
      ['accounts', accountsContract],
      ['availability', availabilityContract],
      ['booking', bookingContract],
      ['deposits', depositsContract],
      ['appointments', appointmentsContract],
      ['reminders', remindersContract],
      ['telehealth', telehealthContract],
      ['profile', profileContract],
      ['forms', formsContract],
      ['documents', documentsContract],
      ['document-details', documentDetailsContract],
      ['billing', billingContract],
      ['messages', messagesContract],
      ['cards', cardsContract],
      ['card-fees', cardFeesContract],
      ['medical', medicalContract],
      ['insurance', insuranceContract],
      ['photo', photoContract],
      ['security-question', securityQuestionContract],
      ['first-access', firstAccessContract],
      ['insurance-photos', insurancePhotosContract],
      ['waitlist', waitlistContract],
      ['proxy', proxyContract],
      ['abort', abortContract],
    ];
    for (const [area, register] of areas) if (!only || only.has(area)) register(c);
  });
  // A skip entry for an area left out by `only` is not an error: that area did not register.
  const unknown = only ? [] : Object.keys(skip).filter((t) => !known.has(t));
  if (unknown.length > 0) throw new Error(`skip list names tests that do not exist: ${unknown.join('; ')}`);
}
