/**
 * Per-chunk catalogs (scripts/i18n-split.mjs): a lazily loaded element's Spanish messages are its
 * own catalog piece, loaded by its define module; the element's first render waits for it, and a
 * later switch of language loads the pieces of every element already on the page.
 */
import {expect, fixture, html} from '@open-wc/testing';
import {createDemoAdapter} from '../../src/adapters/memory/index.js';
import {localeReady, setPageLocale} from '../../src/localization/localization.js';
import {squash, until} from './helpers/dom.js';

const firstRender = async (el: HTMLElement & {updateComplete: Promise<boolean>}) => {
  await el.updateComplete;
  return squash(el.shadowRoot?.textContent);
};

describe('catalog pieces', () => {
  after(async () => {
    document.documentElement.lang = 'en';
    await setPageLocale('en-US');
  });

  it('a lazily loaded element renders Spanish on its first render, and follows later switches', async () => {
    document.documentElement.lang = 'es-MX';
    await setPageLocale('es-MX');
    // Its define module (and so its piece) loads only now, with the page already in Spanish.
    await import('../../src/define/patient-profile.js');
    const el = await fixture(html`<patient-profile .adapter=${createDemoAdapter()}></patient-profile>`);
    const first = await firstRender(el as HTMLElement & {updateComplete: Promise<boolean>});
    expect(first, 'first render').to.match(/Su perfil|Inicie sesión|Cargando/);
    expect(first, 'first render').not.to.match(/Your profile|Sign in to see|Loading/);
    await until(() => squash(el.shadowRoot?.textContent).includes('Inicie sesión para ver'), 'signed out');
    await setPageLocale('en-US');
    await localeReady();
    await (el as unknown as {updateComplete: Promise<boolean>}).updateComplete;
    expect(squash(el.shadowRoot?.textContent)).to.contain('Sign in to see and change your details.');
    await setPageLocale('es-MX');
    await localeReady();
    await (el as unknown as {updateComplete: Promise<boolean>}).updateComplete;
    expect(squash(el.shadowRoot?.textContent)).to.contain('Inicie sesión para ver y cambiar sus datos');
  });

  it('a lazily loaded part of an element (the login’s registration) shows its piece in Spanish, never English first', async () => {
    document.documentElement.lang = 'es-MX';
    await setPageLocale('es-MX');
    await localeReady();
    await import('../../src/define/patient-login.js');
    const el = await fixture(html`<patient-login .adapter=${createDemoAdapter()}></patient-login>`);
    const seen: string[] = [];
    const watch = new MutationObserver(() => seen.push(squash(el.textContent)));
    watch.observe(el, {subtree: true, childList: true, characterData: true, attributes: true});
    const create = () =>
      [...el.querySelectorAll('button')].find((b) => squash(b.textContent) === 'Crear una cuenta');
    await until(create, 'the sign-in form, in Spanish');
    // The registration form is the flows' chunk (login-flows.ts), whose messages are their own piece.
    create()!.click();
    await until(
      () => squash(el.textContent).includes('Crear mi cuenta'),
      'the registration form, in Spanish',
    );
    watch.disconnect();
    expect(seen.join(' | ')).not.to.match(/Create my account|I already have an account|First name/);
  });

  it('the booking widget’s later steps (their own chunk and piece) show Spanish, never English first', async () => {
    document.documentElement.lang = 'es-MX';
    await setPageLocale('es-MX');
    await localeReady();
    await import('../../src/define/booking-widget.js');
    const el = await fixture(html`<booking-widget .adapter=${createDemoAdapter()}></booking-widget>`);
    const shadow = () => el.shadowRoot!;
    const seen: string[] = [];
    const watch = new MutationObserver(() => seen.push(squash(shadow().textContent)));
    const press = async (name: RegExp) => {
      const b = await until(
        () => [...shadow().querySelectorAll('button')].find((x) => name.test(squash(x.textContent))),
        String(name),
      );
      b.click();
    };
    await press(/^Reservar ahora/);
    watch.observe(shadow(), {subtree: true, childList: true, characterData: true});
    // The provider step's location choice is drawn by the later steps' chunk (booking-later-steps.ts).
    await press(/^Continuar$/);
    const select = await until(() => shadow().querySelector('#f-location'), 'the location choice');
    watch.disconnect();
    expect(squash(select.textContent)).to.contain('Cualquier sede');
    expect(seen.join(' | ')).not.to.match(/Any location/);
  });

  it('an element loaded while the page is English gets its Spanish piece when the page switches', async () => {
    document.documentElement.lang = 'en';
    await setPageLocale('en-US');
    await import('../../src/define/device-check.js');
    const el = await fixture(html`<device-check></device-check>`);
    await (el as unknown as {updateComplete: Promise<boolean>}).updateComplete;
    const english = squash(el.shadowRoot?.textContent);
    await setPageLocale('es-MX');
    await localeReady();
    await (el as unknown as {updateComplete: Promise<boolean>}).updateComplete;
    const spanish = squash(el.shadowRoot?.textContent);
    expect(spanish).not.to.equal(english);
    expect(spanish).to.match(/cámara|micrófono/i);
  });
});
