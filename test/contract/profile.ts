/** Contract cases: the patient's profile (details, email change by link, phone, password, sessions). */
import {beforeEach, describe, expect, type TestContext} from 'vitest';
import type {Capabilities, PortalAdapter, Profile} from '../../src/adapters/adapter.js';
import type {AdapterHarness} from './harness.js';
import type {ContractContext} from './context.js';
import {
  HOUR,
  STRONG,
  expectCode,
  expectFields,
  expectNotSignedIn,
  expectNotSupported,
  tokenOf,
} from './helpers.js';

type ProfileAdapter = Required<
  Pick<
    PortalAdapter,
    | 'getProfile'
    | 'updateProfile'
    | 'requestEmailChange'
    | 'confirmEmailChange'
    | 'changePassword'
    | 'listSessions'
    | 'signOutOtherSessions'
  >
>;

export function profileContract(c: ContractContext): void {
  const {it, signIn, outboxSince, outboxSize, verifyPhone, needClock, advance} = c;
  let h: AdapterHarness;
  let a: PortalAdapter;
  let p: ProfileAdapter;
  let caps: Capabilities;
  beforeEach(() => {
    ({h, a, caps} = c.state());
    p = a as PortalAdapter & ProfileAdapter;
  });
  const on = () => caps.profile === true && typeof a.getProfile === 'function';
  const same = (x: string, y: string) => x.toLowerCase() === y.toLowerCase();

  describe('profile', () => {
    it('is refused without the capability, and without a session', async () => {
      if (!on()) {
        if (a.getProfile) await expectNotSupported(a.getProfile());
        return;
      }
      await expectNotSignedIn(p.getProfile());
      await expectNotSignedIn(p.updateProfile({givenName: 'X'}));
      await expectNotSignedIn(
        p.changePassword({currentPassword: h.knownPatient.password, newPassword: STRONG}),
      );
      await expectNotSignedIn(p.requestEmailChange({newEmail: 'x@example.com', currentPassword: 'x'}));
      await expectNotSignedIn(p.listSessions());
    });

    it("shows the signed-in patient's own details and saves changes field by field", async () => {
      if (!on()) return;
      const session = await signIn();
      const before = await p.getProfile();
      expect(before.email).toBe(session.patient.email);
      expect(before.givenName).toBe(session.patient.givenName);
      expect(before.dateOfBirth).toBe(h.knownPatient.dateOfBirth);
      expect(before.pendingEmail).toBeUndefined();
      const after = await p.updateProfile({familyName: "  Ñúñez-O'Connor  ", language: 'en'});
      expect(after.familyName).toBe("Ñúñez-O'Connor");
      expect(after.language).toBe('en');
      expect(after.givenName).toBe(before.givenName);
      expect(await p.getProfile()).toEqual(after);
      expect((await a.getSession())?.patient.language).toBe('en');
    });

    it('refuses bad details with a reason per field and stores none of them', async () => {
      if (!on()) return;
      await signIn();
      const before = await p.getProfile();
      await expectFields(
        p.updateProfile({
          givenName: '   ',
          familyName: 'x'.repeat(10_000).slice(0, 900),
          dateOfBirth: '2990-01-01',
          language: 'fr' as Profile['language'],
        }),
        {givenName: 'required', familyName: 'too-long', dateOfBirth: 'date-in-future', language: 'invalid'},
      );
      await expectFields(p.updateProfile({dateOfBirth: '1990-02-31'}), {dateOfBirth: 'invalid-date'});
      await expectFields(p.updateProfile({givenName: 'Ana', dateOfBirth: '1850-01-01'}), {
        dateOfBirth: 'date-too-old',
      });
      expect(await p.getProfile()).toEqual(before);
    });

    it("keeps a preferred name and a postal address in her country's form, and removes them", async () => {
      if (!on()) return;
      const session = await signIn();
      expect(session.patient.preferredName).toBeUndefined();
      const after = await p.updateProfile({
        preferredName: '  Anita  ',
        address: {
          country: 'mx',
          line1: ' Av. Álvaro   Obregón 120 ',
          line2: 'Int. 4',
          neighborhood: 'Roma Norte',
          postalCode: '06700',
          city: 'Cuauhtémoc',
          region: 'Ciudad de México',
        },
      });
      expect(after.preferredName).toBe('Anita');
      expect(after.address).toEqual({
        country: 'MX',
        line1: 'Av. Álvaro Obregón 120',
        line2: 'Int. 4',
        neighborhood: 'Roma Norte',
        postalCode: '06700',
        city: 'Cuauhtémoc',
        region: 'Ciudad de México',
      });
      expect(await p.getProfile()).toEqual(after);
      // The session's patient carries it: the portal greets her by it.
      expect((await a.getSession())?.patient.preferredName).toBe('Anita');
      // Another country's form: Canada's postal code spaced, its province as its code.
      const moved = await p.updateProfile({
        address: {
          country: 'CA',
          line1: '100 Queen St W',
          city: 'Toronto',
          region: 'on',
          postalCode: 'm5h2n2',
        },
      });
      expect(moved.address).toEqual({
        country: 'CA',
        line1: '100 Queen St W',
        city: 'Toronto',
        region: 'ON',
        postalCode: 'M5H 2N2',
      });
      expect(moved.preferredName).toBe('Anita');
      const cleared = await p.updateProfile({preferredName: '', address: null});
      expect(cleared.preferredName).toBeUndefined();
      expect(cleared.address).toBeUndefined();
      expect(await p.getProfile()).toEqual(cleared);
    });

    it('refuses a bad address or preferred name with a reason per field, and stores nothing', async () => {
      if (!on()) return;
      await signIn();
      await p.updateProfile({
        address: {country: 'ES', line1: 'Calle Mayor 1', postalCode: '28013', city: 'Madrid'},
      });
      const before = await p.getProfile();
      await expectFields(
        p.updateProfile({
          preferredName: 'x'.repeat(101),
          address: {country: 'US', line1: '1 Main St', city: '', region: 'XX', postalCode: '1234'},
        }),
        {
          preferredName: 'too-long',
          'address.city': 'required',
          'address.region': 'invalid',
          'address.postalCode': 'invalid',
        },
      );
      await expectFields(
        p.updateProfile({address: {country: 'ES', line1: 'a', postalCode: '53001', city: 'x'}}),
        {
          'address.postalCode': 'invalid',
        },
      );
      await expectFields(p.updateProfile({address: {line1: 'a'} as never}), {'address.country': 'required'});
      await expectFields(
        p.updateProfile({
          address: {country: 'ES', line1: 'a', postalCode: '28013', city: 'x', floor: '3'} as never,
        }),
        {'address.floor': 'invalid'},
      );
      await expectFields(
        p.updateProfile({address: {country: 'MX', line1: 'y'.repeat(10_000).slice(0, 900)} as never}),
        {
          'address.line1': 'too-long',
          'address.neighborhood': 'required',
          'address.postalCode': 'required',
          'address.city': 'required',
          'address.region': 'required',
        },
      );
      // A good change beside a bad one: neither is stored.
      await expectFields(p.updateProfile({givenName: 'Anabel', preferredName: 'z'.repeat(500)}), {
        preferredName: 'too-long',
      });
      expect(await p.getProfile()).toEqual(before);
    });

    it('keeps her legal name and date of birth as the clinic holds them, where the clinic says so', async () => {
      if (!on() || !h.configureClinic) return;
      await h.configureClinic({identityReadOnly: true});
      await signIn();
      const before = await p.getProfile();
      expect(before.readOnly).toEqual(['givenName', 'familyName', 'dateOfBirth']);
      await expectFields(
        p.updateProfile({givenName: 'Anabel', familyName: 'Pérez', dateOfBirth: '1991-01-01'}),
        {givenName: 'read-only', familyName: 'read-only', dateOfBirth: 'read-only'},
      );
      // The same values again (a form sent whole) are not a change; the rest is still hers.
      const after = await p.updateProfile({
        givenName: before.givenName,
        dateOfBirth: before.dateOfBirth,
        preferredName: 'Anita',
        language: 'en',
      });
      expect(after).toEqual({...before, preferredName: 'Anita', language: 'en'});
      await h.configureClinic({identityReadOnly: undefined});
      const open = await p.getProfile();
      expect(open.readOnly).toBeUndefined();
      expect((await p.updateProfile({givenName: 'Anabel'})).givenName).toBe('Anabel');
    });

    it('changes the phone only with the SMS proof for that number', async () => {
      if (!on()) return;
      await signIn();
      await expectFields(p.updateProfile({phone: '+525511112222'}), {phoneVerificationToken: 'required'});
      await expectFields(p.updateProfile({phone: '55 1111' as Profile['phone'] & string}), {
        phone: 'invalid-phone',
      });
      if (!caps.smsCodes) return;
      const other = await verifyPhone('+525533334444');
      await expectFields(p.updateProfile({phone: '+525511112222', phoneVerificationToken: other}), {
        phoneVerificationToken: 'invalid',
      });
      const proof = await verifyPhone('+525511112222');
      expect((await p.updateProfile({phone: '+525511112222', phoneVerificationToken: proof})).phone).toBe(
        '+525511112222',
      );
      // The proof is used up.
      await p.updateProfile({phone: '+525599990000' as Profile['phone'] & string}).catch(() => undefined);
      await expectFields(p.updateProfile({phone: '+525533334444', phoneVerificationToken: proof}), {
        phoneVerificationToken: 'invalid',
      });
    });

    it('changes the email only when the new address opens its link, once', async () => {
      if (!on()) return;
      await signIn();
      const old = h.knownPatient.email;
      const fresh = `nueva.${Date.now() % 1e6}@example.com`;
      await expectFields(p.requestEmailChange({newEmail: fresh, currentPassword: 'not the password'}), {
        currentPassword: 'invalid',
      });
      await expectFields(
        p.requestEmailChange({newEmail: old.toUpperCase(), currentPassword: h.knownPatient.password}),
        {
          newEmail: 'duplicate',
        },
      );
      await expectFields(
        p.requestEmailChange({newEmail: 'x<evil@example.com', currentPassword: h.knownPatient.password}),
        {
          newEmail: 'invalid-email',
        },
      );
      const before = await outboxSize();
      await p.requestEmailChange({newEmail: fresh, currentPassword: h.knownPatient.password});
      const sent = await outboxSince(before);
      const toNew = sent.filter((m) => same(m.to, fresh));
      const toOld = sent.filter((m) => same(m.to, old));
      expect(toNew.length, 'one message to the new address').toBe(1);
      expect(toOld.length, 'the old address is told').toBe(1);
      expect(Object.keys(toOld[0].links)).toEqual([]);
      const link = Object.values(toNew[0].links)[0];
      const token = tokenOf(link);
      // Nothing changed yet; the profile shows the pending address masked.
      const pending = await p.getProfile();
      expect(pending.email).toBe(old);
      expect(pending.pendingEmail).toMatch(/^n•••@example\.com$/);
      // Another request within the minute is limited.
      await expectCode(
        p.requestEmailChange({newEmail: fresh, currentPassword: h.knownPatient.password}),
        'rate-limited',
      );
      await a.signOut();
      // The link works without a session (another browser), once.
      const beforeConfirm = await outboxSize();
      await p.confirmEmailChange(token);
      await expectCode(p.confirmEmailChange(token), 'invalid-link');
      const told = (await outboxSince(beforeConfirm)).filter((m) => same(m.to, old));
      expect(told.length, 'the old address is told the change happened').toBe(1);
      await expectCode(a.signIn({email: old, password: h.knownPatient.password}), 'validation');
      const again = await signIn({email: fresh, password: h.knownPatient.password});
      expect(again.patient.email).toBe(fresh);
      expect((await p.getProfile()).pendingEmail).toBeUndefined();
    });

    it('never reveals that another account uses the new address, and sends it no link', async () => {
      if (!on()) return;
      const taken = ((await h.outbox?.()) ?? []).find((m) => m.kind === 'invitation')?.to;
      if (!taken) return;
      await signIn();
      const before = await outboxSize();
      await p.requestEmailChange({newEmail: taken, currentPassword: h.knownPatient.password});
      const sent = await outboxSince(before);
      const toTaken = sent.filter((m) => same(m.to, taken));
      expect(toTaken.length).toBe(1);
      expect(Object.keys(toTaken[0].links)).toEqual([]);
      expect((await p.getProfile()).pendingEmail, 'looks like any pending change').toBeTruthy();
      expect((await p.getProfile()).email).toBe(h.knownPatient.email);
    });

    it('refuses unknown and expired email-change links', async (ctx: TestContext) => {
      if (!on()) return;
      await expectCode(p.confirmEmailChange('not-a-real-token-000000000000'), 'invalid-link');
      needClock(ctx);
      await signIn();
      const fresh = `tarde.${Date.now() % 1e6}@example.com`;
      const before = await outboxSize();
      await p.requestEmailChange({newEmail: fresh, currentPassword: h.knownPatient.password});
      const link = (await outboxSince(before)).find((m) => same(m.to, fresh))?.links;
      const token = tokenOf(Object.values(link ?? {})[0] ?? '');
      await advance(25 * HOUR);
      await expectCode(p.confirmEmailChange(token), 'invalid-link');
    });

    it('changes the password with the current one and the registration rules', async () => {
      if (!on()) return;
      await signIn();
      const {email, password} = h.knownPatient;
      await expectFields(p.changePassword({currentPassword: 'wrong password', newPassword: STRONG}), {
        currentPassword: 'invalid',
      });
      await expectFields(p.changePassword({currentPassword: password, newPassword: 'short'}), {
        newPassword: 'password-too-short',
      });
      await expectFields(p.changePassword({currentPassword: password, newPassword: 'contraseña123'}), {
        newPassword: 'password-too-common',
      });
      const before = await outboxSize();
      await p.changePassword({currentPassword: password, newPassword: STRONG});
      expect((await outboxSince(before)).filter((m) => same(m.to, email)).length, 'a notice').toBe(1);
      // This session stays.
      expect((await p.getProfile()).email).toBe(email);
      await a.signOut();
      await expectCode(a.signIn({email, password}), 'validation');
      expect((await signIn({email, password: STRONG})).patient.email).toBe(email);
    });

    it("greets her in the clinic's messages by her preferred name once she gives one, by her given name again once she removes it", async () => {
      if (!on()) return;
      const session = await signIn();
      const {email, password} = h.knownPatient;
      const notice = async (from: string, to: string) => {
        const before = await outboxSize();
        await p.changePassword({currentPassword: from, newPassword: to});
        const sent = (await outboxSince(before)).filter((m) => same(m.to, email));
        expect(sent.length, 'a notice').toBe(1);
        return sent[0]!.text;
      };
      expect(session.patient.preferredName).toBeUndefined();
      expect(await notice(password, STRONG)).toContain(session.patient.givenName);
      await p.updateProfile({preferredName: 'Nené'});
      const greeted = await notice(STRONG, `${STRONG}2`);
      expect(greeted).toContain('Nené');
      expect(greeted).not.toContain(`${session.patient.givenName},`);
      await p.updateProfile({preferredName: ''});
      expect(await notice(`${STRONG}2`, STRONG)).toContain(session.patient.givenName);
    });

    it('limits wrong current passwords like sign-ins', async () => {
      if (!on()) return;
      await signIn();
      for (let i = 0; i < 5; i++)
        await expectFields(p.changePassword({currentPassword: `wrong ${i}`, newPassword: STRONG}), {
          currentPassword: 'invalid',
        });
      await expectCode(
        p.changePassword({currentPassword: h.knownPatient.password, newPassword: STRONG}),
        'rate-limited',
      );
    });

    it('lists the sessions (this one marked) and signs out the others', async () => {
      if (!on()) return;
      await signIn();
      const sessions = await p.listSessions();
      expect(sessions.filter((s) => s.current).length).toBe(1);
      for (const s of sessions) {
        expect(Object.keys(s).sort()).toEqual(['current', 'id', 'lastUsedAt', 'method']);
      }
      expect(await p.signOutOtherSessions()).toBeGreaterThanOrEqual(0);
      expect((await p.listSessions()).map((s) => s.current)).toEqual([true]);
    });
  });
}
