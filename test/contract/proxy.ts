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
import {
  expectCode,
  expectFields,
  expectNotSignedIn,
  linkWithToken,
  newDetails,
  STRONG,
  tokenOf,
} from './helpers.js';

export function proxyContract(c: ContractContext): void {
  const {it, signIn, pickSlots, bookingRequest, hasOutbox, outboxSize, outboxSince} = c;
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

  /**
   * The adult's own invitation: a second account registers; the demo patient (an adult) invites
   * its address; the link's token is read from the outbox.
   */
  async function invitation(ctx: {skip: (note: string) => void}) {
    if (!caps.proxyInvitations || !a.inviteProxy) ctx.skip('no invitations by the patient on this backend');
    if (!caps.selfRegistration || !hasOutbox()) ctx.skip('needs self-registration and the outbox');
    const invited = newDetails({givenName: 'Carmen', dateOfBirth: '1960-05-03'});
    let sent = await outboxSize();
    await a.register({patient: invited, password: STRONG, privacyConsent: true});
    const verify = (await outboxSince(sent)).find((m) => m.to.toLowerCase() === invited.email.toLowerCase());
    const invitedSession = await a.verifyEmail(tokenOf(linkWithToken(verify!) ?? ''), STRONG);
    await a.signOut();
    const inviter = await signIn();
    sent = await outboxSize();
    // The address as she typed it, in other letters' case: the account still matches it.
    await a.inviteProxy!({
      email: ` ${invited.email.toUpperCase()} `,
      scope: 'appointments',
      relationship: 'daughter',
    });
    const mail = (await outboxSince(sent)).find((m) => m.to.toLowerCase() === invited.email.toLowerCase());
    expect(mail, 'the invitation goes to the address').toBeTruthy();
    const link = linkWithToken(mail!) ?? '';
    expect(link).toContain('#portal-proxy-invitation=');
    const token = tokenOf(link);
    expect(mail!.text).toContain(inviter.patient.givenName);
    return {invited, invitedId: invitedSession.patient.id, inviter, token};
  }

  const signInAs = (email: string) => signIn({email, password: STRONG});

  describe('the adult’s own invitation', () => {
    it('refuses her own address, a second invitation to the same address and bad fields; lists it waiting', async (ctx) => {
      const {invited, inviter} = await invitation(ctx);
      await expectFields(a.inviteProxy!({email: invited.email, scope: 'full', relationship: 'daughter'}), {
        email: 'duplicate',
      });
      await expectFields(
        a.inviteProxy!({email: inviter.patient.email.toUpperCase(), scope: 'full', relationship: 'daughter'}),
        {email: 'invalid'},
      );
      await expectFields(
        a.inviteProxy!({
          email: 'not an email',
          scope: 'everything' as 'full',
          relationship: 'aunt' as 'other',
        }),
        {email: 'invalid-email', scope: 'invalid', relationship: 'invalid'},
      );
      const access = await a.listProxyAccess!();
      expect(access.invitations).toHaveLength(1);
      expect(access.invitations[0]).toMatchObject({scope: 'appointments', relationship: 'daughter'});
      expect(access.invitations[0]!.email.toLowerCase()).toBe(invited.email.toLowerCase());
      expect(access.grants).toEqual([]);
    });

    it('only the signed-in account of the invited address opens it; accepting grants her, tells the inviter, uses the link up', async (ctx) => {
      const {invited, invitedId, inviter, token} = await invitation(ctx);
      // The inviter herself (another address): forbidden; nobody signed in: not signed in.
      await expectCode(a.getProxyInvitation!(token), 'forbidden');
      await a.signOut();
      await expectNotSignedIn(a.getProxyInvitation!(token));
      await expectNotSignedIn(a.answerProxyInvitation!(token, 'accept'));
      await signInAs(invited.email);
      await expectCode(a.getProxyInvitation!('not-a-token'), 'invalid-link');
      expect(await a.getProxyInvitation!(token)).toMatchObject({
        inviterGivenName: inviter.patient.givenName,
        inviterFamilyName: inviter.patient.familyName,
        relationship: 'daughter',
        scope: 'appointments',
      });
      await expectFields(a.answerProxyInvitation!(token, 'maybe' as 'accept'), {answer: 'invalid'});
      const sent = await outboxSize();
      await a.answerProxyInvitation!(token, 'accept');
      const told = (await outboxSince(sent)).find(
        (m) => m.to.toLowerCase() === inviter.patient.email.toLowerCase(),
      );
      expect(told?.text, 'the inviter is told').toContain(invited.givenName);
      await expectCode(a.answerProxyInvitation!(token, 'accept'), 'invalid-link');
      const people = await a.listPeople!();
      expect(people[0]?.id).toBe(invitedId);
      const her = people.find((p) => p.id === inviter.patient.id);
      expect(her).toMatchObject({relationship: 'daughter', scope: 'appointments'});
      const asHer = a.actingFor!(inviter.patient.id);
      await asHer.listAppointments({when: 'all'});
      if (caps.documents) await expectCode(asHer.listDocuments(), 'not-found');
      // Never as someone else: the invitations are the account's own.
      await expectCode(asHer.listProxyAccess!(), 'not-found');
    });

    it('she sees who may see her information and revokes it: the holder’s next call for her is not found', async (ctx) => {
      const {invited, inviter, token} = await invitation(ctx);
      await a.signOut();
      await signInAs(invited.email);
      await a.answerProxyInvitation!(token, 'accept');
      await a.signOut();
      await signIn();
      const access = await a.listProxyAccess!();
      expect(access.invitations).toEqual([]);
      expect(access.grants).toHaveLength(1);
      const grant = access.grants[0]!;
      expect(grant).toMatchObject({
        givenName: invited.givenName,
        scope: 'appointments',
        relationship: 'daughter',
      });
      expect(grant.since).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      await expectCode(a.revokeProxyAccess!('grt_no_such_grant'), 'not-found');
      await a.revokeProxyAccess!(grant.id);
      expect((await a.listProxyAccess!()).grants).toEqual([]);
      await expectCode(a.revokeProxyAccess!(grant.id), 'not-found');
      await a.signOut();
      await signInAs(invited.email);
      await expectCode(a.actingFor!(inviter.patient.id).listAppointments({when: 'all'}), 'not-found');
      expect((await a.listPeople!()).map((p) => p.id)).not.toContain(inviter.patient.id);
    });

    it('a declined or withdrawn invitation’s link stops working; a minor cannot invite', async (ctx) => {
      const {invited, token} = await invitation(ctx);
      // Withdrawn by her: the link no longer works; she may invite the address again.
      const [waiting] = (await a.listProxyAccess!()).invitations;
      await a.revokeProxyAccess!(waiting!.id);
      expect((await a.listProxyAccess!()).invitations).toEqual([]);
      const sent = await outboxSize();
      await a.inviteProxy!({email: invited.email, scope: 'full', relationship: 'daughter'});
      const again = tokenOf(
        linkWithToken((await outboxSince(sent)).find((m) => m.to === invited.email)!) ?? '',
      );
      await a.signOut();
      await signInAs(invited.email);
      await expectCode(a.getProxyInvitation!(token), 'invalid-link');
      await a.answerProxyInvitation!(again, 'decline');
      await expectCode(a.getProxyInvitation!(again), 'invalid-link');
      expect((await a.listPeople!()).map((p) => p.relationship)).toEqual(['self']);
      if (!c.state().h.configureClinic) return;
      // The clinic's age of majority decides who is an adult: at 99, she is not.
      await c.state().h.configureClinic!({familyAccess: {ageOfMajority: 99}});
      await expectCode(
        a.inviteProxy!({email: 'someone@example.com', scope: 'full', relationship: 'other'}),
        'forbidden',
      );
    });
  });
}
