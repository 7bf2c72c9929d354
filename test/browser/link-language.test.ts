/**
 * An emailed link carries the patient's language in its fragment (`#portal-reminder=…&lang=en`,
 * issue #23 item 16): a page in Spanish opens the link in English. Its own file: the page's locale
 * is chosen when the first element connects or element module loads (a module brings its catalog
 * piece in the page's language), so none may load before the link is set — as on a real page, where
 * the link is in the address before any script runs.
 */
import {expect, fixture, html} from '@open-wc/testing';
import type {AppointmentList} from '../../src/elements/appointment-list/appointment-list.js';
import {createDemoAdapter, DEMO_APPOINTMENT_KEYS} from '../../src/adapters/memory/index.js';
import {resetBackends} from '../../src/adapters/registry.js';
import {currentLanguage, localeReady, setPageLocale} from '../../src/localization/localization.js';
import {fragmentParam} from '../../src/localization/link-fragment.js';
import {expectAccessible} from './helpers/a11y.js';
import {buttonIn, squash, until} from './helpers/dom.js';

const NOW = Date.UTC(2026, 2, 2, 16, 0);

describe('an emailed link in the patient’s language', () => {
  after(async () => {
    resetBackends();
    history.replaceState(null, '', `${location.pathname}${location.search}`);
    document.documentElement.lang = 'en';
    await setPageLocale('en');
  });

  it('opens a Spanish page in English, takes the token out of the address and keeps the language', async () => {
    document.documentElement.lang = 'es-MX';
    const adapter = createDemoAdapter({clock: () => NOW});
    const token = adapter.seededReminderToken(DEMO_APPOINTMENT_KEYS.upcomingBooked, 'confirm');
    history.replaceState(null, '', `${location.pathname}${location.search}#portal-reminder=${token}&lang=en`);
    expect(fragmentParam('portal-reminder')).to.equal(token);
    await import('../../src/define/appointment-list.js');
    const el = await fixture<AppointmentList>(
      html`<appointment-list .adapter=${adapter}></appointment-list>`,
    );
    await localeReady();
    expect(currentLanguage()).to.equal('en');
    const panel = () => el.shadowRoot!.querySelector('.link-panel');
    await until(() => buttonIn(panel(), 'Confirm attendance'), 'the link panel, in English');
    expect(squash(panel()!.textContent)).to.contain('Confirm your attendance');
    await expectAccessible(el, 'reminder link in English on a Spanish page');
    buttonIn(panel(), 'Confirm attendance')!.click();
    await until(() => /your attendance is confirmed/.test(squash(el.shadowRoot!.textContent)), 'done');
    // The token leaves the address bar; the language (not patient data) stays for a reload.
    expect(location.hash).to.equal('#lang=en');
    expect(fragmentParam('portal-reminder')).to.equal(null);
    // The page changing its own language afterwards wins.
    document.documentElement.lang = 'es-MX';
    await until(() => currentLanguage() === 'es', 'the page’s own language');
  });
});
