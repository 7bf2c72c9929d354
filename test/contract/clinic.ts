/** Contract cases: the clinic, its capabilities, catalog and cancellation reasons, and the server clock. */
import {beforeEach, describe, expect} from 'vitest';
import type {Capabilities, PortalAdapter} from '../../src/adapters/adapter.js';
import type {Catalog, Clinic, Service} from '../../src/domain/types.js';
import type {ContractContext} from './context.js';
import {HOUR, DAY} from './helpers.js';

export function clinicContract(c: ContractContext): void {
  const {it, hasClock, serverNow, advance} = c;
  let a: PortalAdapter;
  let caps: Capabilities;
  let clinic: Clinic;
  let catalog: Catalog;
  beforeEach(() => {
    ({a, caps, clinic, catalog} = c.state());
  });

  // =========================================================================================
  describe('clinic, capabilities and time', () => {
    it('describes its capabilities', () => {
      expect(['password', 'external']).toContain(caps.signIn.kind);
      if (caps.signIn.kind === 'external') expect(caps.signIn.name).toBeTruthy();
      for (const key of [
        'selfRegistration',
        'invitations',
        'passwordReset',
        'smsCodes',
        'holds',
        'confirm',
        'cancel',
        'reschedule',
        'telehealth',
        'testReminder',
        'reminderLinks',
      ] as const) {
        expect(typeof caps[key], key).toBe('boolean');
      }
      expect([false, 'sms', 'email']).toContain(caps.secondFactor);
      expect([false, 'demo', 'stripe']).toContain(caps.payments);
      expect(Array.isArray(caps.reminderChannels)).toBe(true);
      for (const c of caps.reminderChannels) expect(['sms', 'voice']).toContain(c);
    });

    it('describes the clinic', () => {
      expect(clinic.id).toBeTruthy();
      expect(clinic.name).toBeTruthy();
      expect(() => new Intl.DateTimeFormat('en', {timeZone: clinic.timeZone})).not.toThrow();
      expect(clinic.currency).toMatch(/^[A-Z]{3}$/);
      expect(clinic.phone).toMatch(/^\+[1-9]\d{7,14}$/);
      expect(clinic.languages.length).toBeGreaterThan(0);
      expect(new URL(clinic.privacy.noticeUrl).protocol).toBe('https:');
      expect(clinic.booking.minNoticeMinutes).toBeGreaterThanOrEqual(0);
      expect(clinic.booking.horizonDays).toBeGreaterThan(0);
      expect(clinic.cancellation.windowHours).toBeGreaterThanOrEqual(0);
      expect(clinic.reminders.maxPhones).toBeGreaterThan(0);
      for (const hrs of clinic.reminders.offeredHours) expect(hrs).toBeGreaterThan(0);
      if (clinic.telehealth) {
        for (const host of clinic.telehealth.allowedHosts) expect(host).not.toContain('/');
      }
    });

    it('tells the server time as RFC 3339 with an offset', async (ctx) => {
      const now = await serverNow();
      if (!hasClock()) {
        expect(Math.abs(now - Date.now())).toBeLessThan(DAY);
        ctx.skip('no clock control to compare with');
      }
      await advance(HOUR);
      expect(Math.abs((await serverNow()) - (now + HOUR))).toBeLessThan(2000);
    });

    it('serves a consistent catalog', () => {
      expect(catalog.categories.length).toBeGreaterThan(0);
      expect(catalog.services.length).toBeGreaterThan(0);
      const categories = new Set(catalog.categories.map((c) => c.id));
      const providers = new Set(catalog.providers.map((p) => p.id));
      expect(new Set(catalog.services.map((s) => s.id)).size).toBe(catalog.services.length);
      for (const s of catalog.services) {
        expect(categories.has(s.categoryId), s.id).toBe(true);
        expect(['in-person', 'video']).toContain(s.mode);
        expect(s.durationMinutes).toBeGreaterThan(0);
        for (const p of s.providerIds) expect(providers.has(p), `${s.id} → ${p}`).toBe(true);
        for (const [p, terms] of Object.entries(s.providerTerms ?? {})) {
          expect(providers.has(p)).toBe(true);
          expect(terms.durationMinutes).toBeGreaterThan(0);
        }
        expect(Object.keys(s.name).length).toBeGreaterThan(0);
      }
    });

    it('lists cancellation reasons', async () => {
      const reasons = await a.getCancellationReasons();
      expect(reasons.length).toBeGreaterThan(0);
      expect(new Set(reasons.map((r) => r.id)).size).toBe(reasons.length);
      for (const r of reasons) {
        expect(Object.keys(r.label).length).toBeGreaterThan(0);
        expect(typeof r.needsText).toBe('boolean');
      }
    });

    it('returns copies: changing an answer does not change the backend', async () => {
      const first = await a.getCatalog();
      (first.services as Service[]).length = 0;
      (first.categories[0] as {name: Record<string, string>}).name.es = 'cambiado';
      const again = await a.getCatalog();
      expect(again).toEqual(catalog);
    });
  });
}
