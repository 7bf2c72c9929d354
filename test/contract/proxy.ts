/**
 * Contract cases: family members (proxy access, issue #21). The demo patient holds a full grant
 * for her daughter: she lists herself and her daughter, books a visit while acting for her, and the
 * visit is in the daughter's list only. An appointments-only grant refuses the rest of the record
 * (documents, billing, messages) as not found; a revoked grant is not found at once, on the very
 * next call; acting for someone without a grant, or without a session, is refused.
 */
import {beforeEach, describe, expect} from 'vitest';
import type {Capabilities, PortalAdapter, PortalPerson} from '../../src/adapters/adapter.js';
import type {ContractContext} from './context.js';
import {expectCode, expectNotSignedIn} from './helpers.js';

export function proxyContract(c: ContractContext): void {
  const {it, signIn, pickSlots, bookingRequest} = c;
  let a: PortalAdapter;
  let caps: Capabilities;
  beforeEach(() => {
    ({a, caps} = c.state());
  });

  /** Signed in as the demo patient: herself and her daughter (the seeded grant), and the grant's controls. */
  async function family(ctx: {skip: (note: string) => void}) {
    if (!caps.proxy || !a.listPeople || !a.actingFor) ctx.skip('no family members on this backend');
    const session = await signIn();
    const people = await a.listPeople!();
    const daughter = people.find((p) => p.relationship === 'daughter') as PortalPerson;
    return {session, people, daughter, asDaughter: a.actingFor!(daughter?.id ?? '')};
  }

  const all = async (adapter: PortalAdapter) =>
    (await adapter.listAppointments({when: 'all', limit: 100})).items.map((x) => x.id);

  describe('family members', () => {
    it('lists the holder first, then her daughter with the grant’s scope', async (ctx) => {
      const {session, people, daughter} = await family(ctx);
      expect(people[0]).toMatchObject({id: session.patient.id, relationship: 'self', scope: 'full'});
      expect(daughter).toMatchObject({givenName: 'Sofía', relationship: 'daughter', scope: 'full'});
      expect(daughter.id).not.toBe(session.patient.id);
      expect(daughter.dateOfBirth).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    });

    it('books for the daughter: the visit is in her list only, and not found from the holder’s own view', async (ctx) => {
      const {asDaughter} = await family(ctx);
      const {services, slots} = await pickSlots(1);
      const booked = await asDaughter.book(await bookingRequest(slots[0], services, {signedIn: true}));
      expect(await all(asDaughter)).toContain(booked.id);
      expect(await all(a), 'not in the holder’s own list').not.toContain(booked.id);
      expect((await asDaughter.getAppointment(booked.id)).id).toBe(booked.id);
      await expectCode(a.getAppointment(booked.id), 'not-found');
      // The holder's own visits are not the daughter's either.
      for (const id of await all(a)) await expectCode(asDaughter.getAppointment(id), 'not-found');
    });

    it('an appointments-only grant refuses the rest of the record as not found', async (ctx) => {
      const {session, daughter, asDaughter} = await family(ctx);
      if (!c.state().h.setProxyGrant) ctx.skip('no staff side for grants in this harness');
      await c.state().h.setProxyGrant!(session.patient.id, daughter.id, {
        scope: 'appointments',
        relationship: 'daughter',
      });
      expect((await a.listPeople!()).find((p) => p.id === daughter.id)?.scope).toBe('appointments');
      await asDaughter.listAppointments({when: 'upcoming'});
      if (caps.documents) await expectCode(asDaughter.listDocuments(), 'not-found');
      if (caps.billing) await expectCode(asDaughter.listInvoices!(), 'not-found');
      if (caps.messages) await expectCode(asDaughter.listConversations!(), 'not-found');
      if (caps.forms) await expectCode(asDaughter.listForms(), 'not-found');
      // Never as someone else: the list of people, the holder's own account.
      await expectCode(asDaughter.listPeople!(), 'not-found');
    });

    it('a revoked grant is not found at once, on the dependent’s ids too', async (ctx) => {
      const {session, daughter, asDaughter} = await family(ctx);
      if (!c.state().h.setProxyGrant) ctx.skip('no staff side for grants in this harness');
      const {services, slots} = await pickSlots(1);
      const booked = await asDaughter.book(await bookingRequest(slots[0], services, {signedIn: true}));
      await c.state().h.setProxyGrant!(session.patient.id, daughter.id, 'revoke');
      await expectCode(asDaughter.getAppointment(booked.id), 'not-found');
      await expectCode(asDaughter.listAppointments({when: 'all'}), 'not-found');
      expect((await a.listPeople!()).map((p) => p.id)).toEqual([session.patient.id]);
    });

    it('acting for someone without a grant is not found; without a session, not signed in', async (ctx) => {
      const {session, asDaughter} = await family(ctx);
      await expectCode(a.actingFor!('pat_no_such_person').listAppointments({when: 'all'}), 'not-found');
      await expectCode(a.actingFor!(session.patient.id).listAppointments({when: 'all'}), 'not-found');
      await a.signOut();
      await expectNotSignedIn(asDaughter.listAppointments({when: 'all'}));
    });
  });
}
