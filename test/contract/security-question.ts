/**
 * Contract cases: the optional security question (#17 item 2, seed 002). Where the clinic asks for
 * one, she sets her own question and answer with her current password (checked like sign-ins); the
 * profile shows the question, never the answer; a bad question or answer is refused with its reason
 * and nothing stored. The answer is asked when she resets a forgotten password: compared
 * normalized (case, accents, spaces and punctuation), a wrong one refused (the link still good),
 * the right one in other spelling accepted. A clinic that does not ask refuses the operation.
 */
import {beforeEach, describe, expect} from 'vitest';
import type {Capabilities, Clinic, PortalAdapter} from '../../src/adapters/adapter.js';
import type {OutboxMessage} from '../../src/domain/types.js';
import type {AdapterHarness} from './harness.js';
import type {ContractContext} from './context.js';
import {
  STRONG,
  expectCode,
  expectFields,
  expectNotSignedIn,
  expectNotSupported,
  linkWithToken,
  tokenOf,
} from './helpers.js';

export function securityQuestionContract(c: ContractContext): void {
  const {it, signIn, outboxSince, outboxSize} = c;
  let h: AdapterHarness;
  let a: PortalAdapter;
  let caps: Capabilities;
  let clinic: Clinic;
  beforeEach(async () => {
    ({h, a, caps} = c.state());
    clinic = await a.getClinic();
  });
  const on = () => caps.profile === true && typeof a.setSecurityAnswer === 'function';
  const set = (request: {currentPassword: string; question: string; answer: string}) =>
    a.setSecurityAnswer!(request);

  describe('security question', () => {
    it('is set with the current password; the profile shows the question, never the answer', async () => {
      if (!on()) return;
      const request = {
        currentPassword: h.knownPatient.password,
        question: ' ¿Nombre de  mi primera mascota? ',
        answer: 'Canela Ñandú',
      };
      if (!clinic.securityQuestion) {
        await signIn();
        await expectNotSupported(set(request));
        return;
      }
      await expectNotSignedIn(set(request));
      await signIn();
      expect((await a.getProfile!()).securityQuestion).toBeUndefined();
      await expectFields(set({...request, currentPassword: 'wrong password'}), {currentPassword: 'invalid'});
      await expectFields(set({...request, question: '  ', answer: 'x'.repeat(101)}), {
        question: 'required',
        answer: 'too-long',
      });
      await expectFields(set({...request, question: 'q'.repeat(201), answer: ' a-b '}), {
        question: 'too-long',
        answer: 'too-short',
      });
      // Nothing stored by a refused one.
      expect((await a.getProfile!()).securityQuestion).toBeUndefined();
      const profile = await set(request);
      expect(profile.securityQuestion).toBe('¿Nombre de mi primera mascota?');
      const read = await a.getProfile!();
      expect(read.securityQuestion).toBe('¿Nombre de mi primera mascota?');
      expect(JSON.stringify(read)).not.toMatch(/canela/i);
    });

    it('is asked when she resets her password, compared without case, accents or spaces', async () => {
      if (!on() || !clinic.securityQuestion || !caps.passwordReset) return;
      await signIn();
      await set({
        currentPassword: h.knownPatient.password,
        question: 'Mi primer colegio',
        answer: 'San José  de Calasanz',
      });
      await a.signOut();
      const before = await outboxSize();
      await a.requestPasswordReset({
        email: h.knownPatient.email,
        dateOfBirth: h.knownPatient.dateOfBirth,
        language: 'es',
      });
      const mail = (await outboxSince(before)).find((m) => m.kind === 'password-reset');
      const token = tokenOf(linkWithToken(mail as OutboxMessage) ?? '');
      expect(await a.checkPasswordReset(token)).toEqual({securityQuestion: 'Mi primer colegio'});
      await expectFields(a.resetPassword(token, STRONG), {securityAnswer: 'required'});
      await expectFields(a.resetPassword(token, STRONG, {securityAnswer: 'San Juan'}), {
        securityAnswer: 'invalid',
      });
      // The link is still good, the old password still works.
      expect(await a.checkPasswordReset(token)).toEqual({securityQuestion: 'Mi primer colegio'});
      const session = await a.resetPassword(token, STRONG, {securityAnswer: ' san jose de CALASANZ. '});
      expect(session.method).toBe('reset');
      await expectCode(a.checkPasswordReset(token), 'invalid-link');
    });

    it('limits wrong answers like sign-ins', async () => {
      if (!on() || !clinic.securityQuestion || !caps.passwordReset) return;
      await signIn();
      await set({currentPassword: h.knownPatient.password, question: 'Ciudad natal', answer: 'Oaxaca'});
      await a.signOut();
      const before = await outboxSize();
      await a.requestPasswordReset({
        email: h.knownPatient.email,
        dateOfBirth: h.knownPatient.dateOfBirth,
        language: 'es',
      });
      const mail = (await outboxSince(before)).find((m) => m.kind === 'password-reset');
      const token = tokenOf(linkWithToken(mail as OutboxMessage) ?? '');
      for (let i = 0; i < 5; i++)
        await expectFields(a.resetPassword(token, STRONG, {securityAnswer: `Puebla ${i}`}), {
          securityAnswer: 'invalid',
        });
      await expectCode(a.resetPassword(token, STRONG, {securityAnswer: 'Oaxaca'}), 'rate-limited');
    });

    it('is removed with the current password where the clinic leaves it optional', async () => {
      if (!on() || !clinic.securityQuestion) return;
      await h.configureClinic?.({securityQuestion: 'optional'});
      await signIn();
      // None set yet: the same answer.
      expect(
        (await a.removeSecurityAnswer!({currentPassword: h.knownPatient.password})).securityQuestion,
      ).toBe(undefined);
      await set({currentPassword: h.knownPatient.password, question: 'Ciudad natal', answer: 'Oaxaca'});
      await expectFields(a.removeSecurityAnswer!({currentPassword: 'wrong password'}), {
        currentPassword: 'invalid',
      });
      await expectFields(a.removeSecurityAnswer!({currentPassword: ''}), {currentPassword: 'required'});
      expect((await a.getProfile!()).securityQuestion).toBe('Ciudad natal');
      const profile = await a.removeSecurityAnswer!({currentPassword: h.knownPatient.password});
      expect(profile.securityQuestion).toBeUndefined();
      expect((await a.getProfile!()).securityQuestion).toBeUndefined();
      if (!caps.passwordReset) return;
      // A reset link asks nothing any more.
      await a.signOut();
      const before = await outboxSize();
      await a.requestPasswordReset({
        email: h.knownPatient.email,
        dateOfBirth: h.knownPatient.dateOfBirth,
        language: 'es',
      });
      const mail = (await outboxSince(before)).find((m) => m.kind === 'password-reset');
      const token = tokenOf(linkWithToken(mail as OutboxMessage) ?? '');
      expect((await a.checkPasswordReset(token)) ?? {}).toEqual({});
    });

    it('cannot be removed where the clinic requires one, whatever the password', async () => {
      if (!on() || !clinic.securityQuestion || !h.configureClinic) return;
      await signIn();
      await set({currentPassword: h.knownPatient.password, question: 'Ciudad natal', answer: 'Oaxaca'});
      await h.configureClinic({securityQuestion: 'required'});
      expect((await a.getClinic()).securityQuestion).toBe('required');
      await expectFields(a.removeSecurityAnswer!({currentPassword: h.knownPatient.password}), {
        question: 'required',
      });
      // Refused before the password is looked at: a wrong one is not counted against her.
      for (let i = 0; i < 6; i++)
        await expectFields(a.removeSecurityAnswer!({currentPassword: `wrong ${i}`}), {question: 'required'});
      expect((await a.getProfile!()).securityQuestion).toBe('Ciudad natal');
      // She may still change it.
      const changed = await set({
        currentPassword: h.knownPatient.password,
        question: 'Mi primer colegio',
        answer: 'San José',
      });
      expect(changed.securityQuestion).toBe('Mi primer colegio');
    });

    it('is not offered to remove where the clinic does not ask for one', async () => {
      if (!on() || !h.configureClinic) return;
      await h.configureClinic({securityQuestion: undefined});
      await signIn();
      await expectNotSupported(a.removeSecurityAnswer!({currentPassword: h.knownPatient.password}));
    });

    it('asks nothing at a reset of a patient who set no question', async () => {
      if (!caps.passwordReset) return;
      const before = await outboxSize();
      await a.requestPasswordReset({
        email: h.knownPatient.email,
        dateOfBirth: h.knownPatient.dateOfBirth,
        language: 'es',
      });
      const mail = (await outboxSince(before)).find((m) => m.kind === 'password-reset');
      const token = tokenOf(linkWithToken(mail as OutboxMessage) ?? '');
      expect((await a.checkPasswordReset(token)) ?? {}).toEqual({});
    });
  });
}
