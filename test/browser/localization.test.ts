import {expect} from '@open-wc/testing';
import {msg} from '@lit/localize';
import {
  currentLanguage,
  currentLocale,
  localeReady,
  setPageLocale,
} from '../../src/localization/localization.js';

describe('page locale', () => {
  afterEach(async () => {
    await setPageLocale('en-US');
  });

  it('a switch back to English before the Spanish catalog arrived stays English', async () => {
    // The demo page starts in Spanish and a patient clicks "English" at once: the Spanish catalog is
    // still loading when English is asked for, and must not take over when it arrives.
    void setPageLocale('es-MX');
    void setPageLocale('en-US');
    await localeReady();
    await new Promise((r) => setTimeout(r, 50));
    expect(currentLocale()).to.equal('en-US');
    expect(currentLanguage()).to.equal('en');
    expect(msg('Sign in', {id: 'apts-sign-in-button'})).to.equal('Sign in');
  });

  it('Spanish, then English, then Spanish again ends in Spanish', async () => {
    void setPageLocale('es-MX');
    void setPageLocale('en-US');
    await setPageLocale('es-MX');
    expect(currentLocale()).to.equal('es-MX');
    expect(currentLanguage()).to.equal('es');
    expect(msg('Sign in', {id: 'apts-sign-in-button'})).to.equal('Iniciar sesión');
  });
});
