/**
 * Runs once per patient time zone (web-test-runner groups: Asia/Tokyo — far from the clinic;
 * America/New_York — a DST change the clinic's zone lacks; America/St_Johns — a half-hour offset;
 * Pacific/Kiritimati — UTC+14). QUALITY 26–27 in the browser, with the demo clinic's real slots.
 */
import {expect} from '@open-wc/testing';
import {createDemoAdapter} from '../../src/adapters/memory/index.js';
import {
  formatPlainDate,
  formatTime,
  ownZoneIfDifferent,
  patientTimeZone,
  slotAccessibleName,
  toPlainDate,
} from '../../src/localization/format.js';

const patientZones = ['Asia/Tokyo', 'America/New_York', 'America/St_Johns', 'Pacific/Kiritimati'];

describe(`in the patient's own zone`, () => {
  it('the browser really runs in one of the patient zones under test', () => {
    expect(patientZones).to.include(patientTimeZone());
  });

  it('the patient’s own zone is carried beside the clinic’s where it differs (issue #23 item 2)', () => {
    // Every zone under test differs from the demo clinic's: the review and the confirmation add the
    // patient's own time; a patient in the clinic's zone (or an alias of it) gets no second line.
    expect(ownZoneIfDifferent('America/Mexico_City')).to.equal(patientTimeZone());
    expect(ownZoneIfDifferent(patientTimeZone())).to.equal(undefined);
  });

  it('a date of birth 1990-05-01 stays 1990-05-01 (QUALITY 27)', () => {
    expect(formatPlainDate('1990-05-01', 'en-US')).to.equal('May 1, 1990');
    expect(formatPlainDate('1990-05-01', 'es-MX')).to.equal('1 de mayo de 1990');
  });

  it('the demo clinic’s 09:00 opening shows as 9:00 in the clinic’s zone, whatever the device zone', async () => {
    const now = Date.UTC(2026, 2, 2, 15, 0); // Monday 2 March 2026, 09:00 in Mexico City
    const adapter = createDemoAdapter({clock: () => now});
    const clinic = await adapter.getClinic();
    const {services} = await adapter.getCatalog();
    const service = services.find((s) => s.mode === 'in-person')!;
    const {slots} = await adapter.getAvailability({
      serviceIds: [service.id],
      providerId: 'any',
      from: new Date(now).toISOString(),
      to: new Date(now + 7 * 86_400_000).toISOString(),
    });
    expect(slots.length).to.be.greaterThan(0);
    const firstOfEachDay = new Map<string, string>();
    for (const s of slots) {
      const day = toPlainDate(s.start, clinic.timeZone);
      if (!firstOfEachDay.has(day)) firstOfEachDay.set(day, s.start);
    }
    // Every provider's day starts on the hour or half hour in the clinic's zone, never shifted by the device's.
    for (const start of firstOfEachDay.values()) {
      expect(formatTime(start, 'es-ES', clinic.timeZone)).to.match(/^(0?[7-9]|1\d):(00|30)$/);
    }
    const name = slotAccessibleName(slots[0]!.start, 'en-US', clinic.timeZone);
    expect(name).to.contain('Mexico City time');
  });
});

describe(`<appointment-list> in the patient's own zone`, () => {
  it('shows the nutrition follow-up at 9:00 Mexico City time, whatever the device zone', async () => {
    await import('../../src/define/appointment-list.js');
    const {DEMO_PATIENT_EMAIL, DEMO_PATIENT_PASSWORD} = await import('../../src/adapters/memory/index.js');
    const {sessionFor} = await import('../../src/adapters/registry.js');
    const now = Date.UTC(2026, 2, 2, 16, 0);
    const adapter = createDemoAdapter({clock: () => now});
    const r = await adapter.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
    if (r.status === 'signed-in') sessionFor(adapter).signedIn(r.session);
    const el = document.createElement('appointment-list');
    el.adapter = adapter;
    document.body.append(el);
    try {
      const start = performance.now();
      let card: Element | undefined;
      while (!card && performance.now() - start < 4000) {
        await new Promise((ok) => requestAnimationFrame(ok));
        card = [...(el.shadowRoot?.querySelectorAll('article') ?? [])].find((a) =>
          /Nutrition follow-up/.test(a.textContent ?? ''),
        );
      }
      const text = (card?.textContent ?? '').replace(/\s+/g, ' ');
      expect(text).to.contain('Wednesday, March 11, 2026');
      expect(text).to.match(/9:00\s*–\s*9:30\s*AM, Mexico City time/);
    } finally {
      el.remove();
    }
  });
});
