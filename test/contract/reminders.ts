/** Contract cases: reminder links and reminder preferences. */
import {beforeEach, describe, expect, type TestContext} from 'vitest';
import type {Capabilities, PortalAdapter} from '../../src/adapters/adapter.js';
import type {Clinic, ReminderPhone} from '../../src/domain/types.js';
import type {AdapterHarness} from './harness.js';
import type {ContractContext} from './context.js';
import {MINUTE, HOUR, ms, expectCode, expectFields, expectNotSupported, tokenOf} from './helpers.js';

export function remindersContract(c: ContractContext): void {
  const {it, needClock, serverNow, advanceTo, outboxSince, outboxSize, signIn, bookedAppointment} = c;
  let h: AdapterHarness;
  let a: PortalAdapter;
  let caps: Capabilities;
  let clinic: Clinic;
  beforeEach(() => {
    ({h, a, caps, clinic} = c.state());
  });

  // =========================================================================================
  describe('reminder links', () => {
    /** A fresh appointment, the clock just past its nearest reminder, reminders sent: the email's tokens. */
    async function reminderTokens(ctx: TestContext) {
      needClock(ctx);
      if (!h.runReminders) ctx.skip('the harness cannot run reminders');
      const {appointment} = await bookedAppointment({after: (await serverNow()) + 4 * HOUR});
      const prefs = await a.getReminderPreferences();
      await a.saveReminderPreferences({...prefs, hours: [...clinic.reminders.offeredHours]});
      const nearest = Math.min(...clinic.reminders.offeredHours);
      await advanceTo(ms(appointment.start) - nearest * HOUR + MINUTE);
      const before = await outboxSize();
      await h.runReminders?.();
      const mails = (await outboxSince(before)).filter(
        (m) =>
          m.kind === 'reminder' &&
          m.channel === 'email' &&
          m.to.toLowerCase() === h.knownPatient.email.toLowerCase(),
      );
      expect(mails.length).toBe(1);
      await h.runReminders?.();
      expect(
        (await outboxSince(before)).filter((m) => m.kind === 'reminder' && m.channel === 'email').length,
      ).toBe(1);
      const links = mails[0].links;
      return {
        appointment,
        confirm: links.confirm ? tokenOf(links.confirm) : undefined,
        cancel: links.cancel ? tokenOf(links.cancel) : undefined,
      };
    }

    it('sends the next reminder in the language she chose in her profile (#17)', async (ctx) => {
      needClock(ctx);
      if (!h.runReminders) ctx.skip('the harness cannot run reminders');
      if (!caps.profile || !a.updateProfile || !a.getProfile) ctx.skip('no profile on this backend');
      await signIn();
      const before = (await a.getProfile!()).language;
      const other = before === 'en' ? 'es' : 'en';
      await a.updateProfile!({language: other});
      const {appointment} = await bookedAppointment({after: (await serverNow()) + 4 * HOUR});
      const prefs = await a.getReminderPreferences();
      await a.saveReminderPreferences({...prefs, hours: [...clinic.reminders.offeredHours]});
      const nearest = Math.min(...clinic.reminders.offeredHours);
      await advanceTo(ms(appointment.start) - nearest * HOUR + MINUTE);
      const n = await outboxSize();
      await h.runReminders!();
      const mail = (await outboxSince(n)).find(
        (m) =>
          m.kind === 'reminder' &&
          m.channel === 'email' &&
          m.to.toLowerCase() === h.knownPatient.email.toLowerCase(),
      );
      expect(mail?.language).toBe(other);
      expect(mail?.text).toMatch(other === 'en' ? /\bappointment\b/i : /\bcita\b/i);
    });

    it('refuses unknown tokens', async () => {
      if (!caps.reminderLinks) {
        await expectNotSupported(a.resolveReminderToken('any'));
        await expectNotSupported(a.applyReminderAction({token: 'any'}));
        return;
      }
      await expectCode(a.resolveReminderToken('not-a-real-token-000000000000'), 'invalid-link');
      await expectCode(a.applyReminderAction({token: 'not-a-real-token-000000000000'}), 'invalid-link');
    });

    it('confirms from the reminder email without signing in, once', async (ctx) => {
      if (!caps.reminderLinks) return;
      const {appointment, confirm} = await reminderTokens(ctx);
      if (!caps.confirm) return void expect(confirm).toBeUndefined();
      expect(confirm).toBeTruthy();
      await a.signOut();
      const info = await a.resolveReminderToken(confirm as string);
      expect(info.action).toBe('confirm');
      expect(info.appointment.id).toBe(appointment.id);
      expect(info.withoutSignIn).toBe(true);
      const confirmed = await a.applyReminderAction({token: confirm as string});
      expect(confirmed.status).toBe('confirmed');
      await expectCode(a.applyReminderAction({token: confirm as string}), 'invalid-link');
      await expectCode(a.resolveReminderToken(confirm as string), 'invalid-link');
    });

    it('cancels from the reminder email with a reason, once', async (ctx) => {
      if (!caps.reminderLinks) return;
      const {appointment, cancel} = await reminderTokens(ctx);
      if (!caps.cancel) return void expect(cancel).toBeUndefined();
      expect(cancel).toBeTruthy();
      await a.signOut();
      const info = await a.resolveReminderToken(cancel as string);
      expect(info.action).toBe('cancel');
      expect(info.appointment.id).toBe(appointment.id);
      await expectFields(a.applyReminderAction({token: cancel as string}), {reasonId: 'required'});
      const reason = (await a.getCancellationReasons()).find((r) => !r.needsText);
      const cancelled = await a.applyReminderAction({
        token: cancel as string,
        reasonId: reason?.id ?? 'other',
        note: 'x',
      });
      expect(cancelled.status).toBe('cancelled');
      await expectCode(
        a.applyReminderAction({token: cancel as string, reasonId: reason?.id}),
        'invalid-link',
      );
    });
  });

  // =========================================================================================
  describe('reminder preferences', () => {
    const phone = (n: number, extra: Partial<ReminderPhone> = {}): ReminderPhone => ({
      number: `+52551000${String(n).padStart(4, '0')}` as `+${string}`,
      country: 'MX',
      sms: caps.reminderChannels.includes('sms'),
      voice: false,
      ...extra,
    });

    it('keeps the email on file and the offered hours', async () => {
      await signIn();
      const prefs = await a.getReminderPreferences();
      expect(prefs.email.toLowerCase()).toBe(h.knownPatient.email.toLowerCase());
      expect(prefs.phones.length).toBeLessThanOrEqual(clinic.reminders.maxPhones);
      for (const hr of prefs.hours) expect(clinic.reminders.offeredHours).toContain(hr);
    });

    it('saves valid preferences', async () => {
      await signIn();
      const prefs = await a.getReminderPreferences();
      const hours = clinic.reminders.offeredHours.slice(0, 1);
      const saved = await a.saveReminderPreferences({
        email: prefs.email,
        phones: [phone(1), phone(2)],
        hours,
      });
      expect(saved.email).toBe(prefs.email);
      expect(saved.phones.map((p) => p.number)).toEqual([phone(1).number, phone(2).number]);
      expect([...saved.hours]).toEqual(hours);
      expect(await a.getReminderPreferences()).toEqual(saved);
    });

    it('refuses one phone too many, duplicates, bad numbers, another email and hours not offered', async () => {
      await signIn();
      const prefs = await a.getReminderPreferences();
      const many = Array.from({length: clinic.reminders.maxPhones + 1}, (_, i) => phone(i));
      await expectFields(a.saveReminderPreferences({...prefs, phones: many}), {phones: 'too-many'});
      await expectFields(a.saveReminderPreferences({...prefs, phones: [phone(1), phone(1)]}), {
        'phones.1': 'duplicate',
      });
      await expectFields(
        a.saveReminderPreferences({...prefs, phones: [{...phone(1), number: '+12' as `+${string}`}]}),
        {
          'phones.0': 'invalid-phone',
        },
      );
      await expectFields(a.saveReminderPreferences({...prefs, email: 'someone.else@example.com'}), {
        email: true,
      });
      await expectFields(a.saveReminderPreferences({...prefs, hours: [5]}), {hours: true});
      expect(await a.getReminderPreferences()).toEqual(prefs);
    });

    it('sends a test reminder to the outbox', async () => {
      await signIn();
      if (!caps.testReminder) {
        await expectNotSupported(a.sendTestReminder('email'));
        return;
      }
      const before = await outboxSize();
      await a.sendTestReminder('email');
      const mail = await outboxSince(before);
      expect(mail.length).toBe(1);
      expect(mail[0].kind).toBe('test-reminder');
      expect(mail[0].to.toLowerCase()).toBe(h.knownPatient.email.toLowerCase());
      for (const channel of ['sms', 'voice'] as const) {
        if (!caps.reminderChannels.includes(channel)) {
          await expectNotSupported(a.sendTestReminder(channel));
          continue;
        }
        const prefs = await a.getReminderPreferences();
        await a.saveReminderPreferences({
          ...prefs,
          phones: [phone(7, {sms: channel === 'sms', voice: channel === 'voice'})],
        });
        const n = await outboxSize();
        await a.sendTestReminder(channel);
        const sent = await outboxSince(n);
        expect(sent.length).toBe(1);
        expect(sent[0].channel).toBe(channel);
        expect(sent[0].to).toBe(phone(7).number);
      }
    });
  });
}
