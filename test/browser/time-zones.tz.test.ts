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
  patientTimeZone,
  slotAccessibleName,
  toPlainDate,
} from '../../src/localization/format.js';

const patientZones = ['Asia/Tokyo', 'America/New_York', 'America/St_Johns', 'Pacific/Kiritimati'];

describe(`in the patient's own zone`, () => {
  it('the browser really runs in one of the patient zones under test', () => {
    expect(patientZones).to.include(patientTimeZone());
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
