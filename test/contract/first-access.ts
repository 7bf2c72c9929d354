/**
 * Contract cases: first access as the clinic configures it (#17 item 6, seed 002). Where the
 * clinic asks, the invitation says so (`InvitationInfo.asks`), and accepting it needs her mobile
 * number with a proof from an SMS code for that number, and her security question and answer —
 * each missing or wrong one refused by field, nothing stored, the link still usable; once given,
 * the number is hers and the question is asked at a password reset. A clinic that asks nothing
 * more accepts the password alone.
 */
import {beforeEach, describe, expect} from 'vitest';
import type {Capabilities, PortalAdapter} from '../../src/adapters/adapter.js';
import type {OutboxMessage} from '../../src/domain/types.js';
import type {AdapterHarness} from './harness.js';
import type {ContractContext} from './context.js';
import {STRONG, expectCode, expectFields, linkWithToken, tokenOf} from './helpers.js';

export function firstAccessContract(c: ContractContext): void {
  const {it, outboxSince, outboxSize} = c;
  let h: AdapterHarness;
  let a: PortalAdapter;
  let caps: Capabilities;
  beforeEach(() => {
    ({h, a, caps} = c.state());
  });

  /** The pending invitation's token and address, from its email's link (or the harness's token). */
  async function invitation(): Promise<{token: string; email?: string}> {
    const sent = ((await h.outbox?.()) ?? []).filter((x) => x.kind === 'invitation' && linkWithToken(x));
    const known = h.invitationToken;
    const m = known ? sent.find((x) => Object.values(x.links).some((l) => l.includes(known))) : sent.pop();
    return m ? {token: tokenOf(linkWithToken(m) ?? ''), email: m.to} : {token: known ?? ''};
  }

  /** A proof for `phone`: the code read from the outbox's SMS, as a patient reads it. */
  async function proofFor(phone: string): Promise<string> {
    const challenge = await a.sendPhoneCode({phone, language: 'es'});
    const code = ((await h.outbox?.()) ?? [])
      .filter((m) => m.to === phone && m.kind === 'phone-code')
      .pop()?.code;
    return a.verifyPhoneCode(challenge.id, code ?? '');
  }

  describe('first access', () => {
    it('asks nothing more where the clinic does not', async () => {
      if (!caps.invitations || !h.configureClinic) return;
      await h.configureClinic({securityQuestion: 'optional', firstAccessMobile: false});
      const {token} = await invitation();
      if (!token) return;
      expect((await a.getInvitation(token)).asks).toBeUndefined();
      expect((await a.acceptInvitation(token, STRONG)).method).toBe('invitation');
    });

    it('asks her mobile (with an SMS code) and security question where the clinic requires them', async () => {
      if (!caps.invitations || !caps.smsCodes || !h.configureClinic || !h.outbox) return;
      await h.configureClinic({securityQuestion: 'required', firstAccessMobile: true});
      const {token, email} = await invitation();
      if (!token) return;
      expect((await a.getInvitation(token)).asks).toEqual({mobile: true, securityQuestion: true});
      // Nothing but the password: each missing field named; the link still good.
      await expectFields(a.acceptInvitation(token, STRONG), {
        phone: 'required',
        securityQuestion: 'required',
        securityAnswer: 'required',
      });
      const phone = '+525587654321';
      const details = {phone, securityQuestion: 'Ciudad natal', securityAnswer: 'Oaxaca'};
      await expectFields(a.acceptInvitation(token, STRONG, {...details, phone: '5587654321'}), {
        phone: 'invalid-phone',
      });
      await expectFields(a.acceptInvitation(token, STRONG, details), {phoneVerificationToken: 'required'});
      await expectFields(
        a.acceptInvitation(token, STRONG, {...details, phoneVerificationToken: 'made-up-proof'}),
        {phoneVerificationToken: 'invalid'},
      );
      // A proof for another number does not do.
      const other = await proofFor('+525511112222');
      await expectFields(a.acceptInvitation(token, STRONG, {...details, phoneVerificationToken: other}), {
        phoneVerificationToken: 'invalid',
      });
      const proof = await proofFor(phone);
      await expectFields(
        a.acceptInvitation(token, STRONG, {...details, phoneVerificationToken: proof, securityAnswer: 'a'}),
        {securityAnswer: 'too-short'},
      );
      // A weak password is refused first, the proof still unused.
      await expectFields(a.acceptInvitation(token, 'short', {...details, phoneVerificationToken: proof}), {
        password: 'password-too-short',
      });
      expect((await a.getInvitation(token)).givenName).toBeTruthy();
      const session = await a.acceptInvitation(token, STRONG, {...details, phoneVerificationToken: proof});
      expect(session.method).toBe('invitation');
      await expectCode(a.acceptInvitation(token, STRONG), 'invalid-link');
      if (caps.profile && a.getProfile) {
        const profile = await a.getProfile();
        expect(profile.phone).toBe(phone);
        expect(profile.securityQuestion).toBe('Ciudad natal');
      }
      if (!caps.passwordReset || !email) return;
      // Her answer is asked at a reset.
      await a.signOut();
      const before = await outboxSize();
      await a.requestPasswordReset({email, dateOfBirth: session.patient.dateOfBirth, language: 'es'});
      const mail = (await outboxSince(before)).find((m) => m.kind === 'password-reset');
      if (!mail) return;
      const reset = tokenOf(linkWithToken(mail as OutboxMessage) ?? '');
      expect(await a.checkPasswordReset(reset)).toEqual({securityQuestion: 'Ciudad natal'});
      await expectFields(a.resetPassword(reset, STRONG, {securityAnswer: 'Puebla'}), {
        securityAnswer: 'invalid',
      });
      expect((await a.resetPassword(reset, STRONG, {securityAnswer: 'oaxaca'})).method).toBe('reset');
    });

    it('asks only the security question where the clinic requires it but not the mobile', async () => {
      if (!caps.invitations || !h.configureClinic) return;
      await h.configureClinic({securityQuestion: 'required', firstAccessMobile: false});
      const {token} = await invitation();
      if (!token) return;
      expect((await a.getInvitation(token)).asks).toEqual({mobile: false, securityQuestion: true});
      await expectFields(a.acceptInvitation(token, STRONG, {securityQuestion: 'Ciudad natal'}), {
        securityAnswer: 'required',
      });
      const session = await a.acceptInvitation(token, STRONG, {
        securityQuestion: 'Ciudad natal',
        securityAnswer: 'Oaxaca',
      });
      expect(session.method).toBe('invitation');
    });
  });
}
