/**
 * `<patient-profile>`'s insurance card photos (#17, item 5; seed 003), through what a patient sees:
 * the demo card's front and back without photos; a photo of the front chosen, stored as it was and
 * drawn from the backend's bytes into a canvas (no URL, no inline style), read again on a new
 * visit; replaced and removed by keyboard, removing asking first; the issue's bad files — a PDF
 * renamed .jpg, an SVG with a script, a 20 MB photo — each refused at the side's field with the
 * profile photo's words in English and Spanish, nothing sent; a failed save said at the field (only
 * `portal-error` with its code and operation); axe in English and Spanish; at 320 px nothing
 * scrolls sideways; nothing in storage or the URL.
 */
import {expect, fixture, html} from '@open-wc/testing';
import {sendKeys, setViewport} from '@web/test-runner-commands';
import '../../../src/define/patient-profile.js';
import type {PortalErrorEvent} from '../../../src/events.js';
import type {PatientProfile} from '../../../src/elements/patient-profile/patient-profile.js';
import {
  createDemoAdapter,
  DEMO_PATIENT_EMAIL,
  DEMO_PATIENT_PASSWORD,
  type MemoryAdapter,
} from '../../../src/adapters/memory/index.js';
import {NetworkError} from '../../../src/adapters/adapter.js';
import {DEMO_PHOTO_PNG_BASE64} from '../../../src/adapters/memory/demo-photo.js';
import {resetBackends, sessionFor} from '../../../src/adapters/registry.js';
import {localeReady, setPageLocale} from '../../../src/localization/localization.js';
import {expectAccessible} from '../helpers/a11y.js';
import {ENGINE} from '../helpers/engine.js';
import {deepActive, fitsTheWindow, squash, until} from '../helpers/dom.js';
import {profileSection, root, settle} from './sections.js';

const {section, text, button} = profileSection('section[part~=insurance]');
const NOW = Date.UTC(2026, 2, 2, 16, 0);
const demo = (): MemoryAdapter => createDemoAdapter({clock: () => NOW});

async function signIn(adapter: MemoryAdapter) {
  const result = await adapter.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
  if (result.status === 'signed-in') sessionFor(adapter).signedIn(result.session);
}

const $ = <T extends Element>(el: Element, selector: string) => section(el)!.querySelector<T>(selector)!;

/** The colour at (x, y) of a canvas, as [r, g, b]. */
function pixel(canvas: HTMLCanvasElement, x: number, y: number): number[] {
  const context = canvas.getContext('2d')!;
  return [...context.getImageData(x, y, 1, 1).data.slice(0, 3)];
}
const near = (a: number[], b: number[]) => a.every((v, i) => Math.abs(v - b[i]!) < 40);
const RED = [255, 0, 0];
const BLUE = [0, 0, 255];

/** A 600 × 380 PNG (a card's shape): the left half `left`, the right half `right`. */
async function cardPng(left: string, right: string): Promise<File> {
  const canvas = document.createElement('canvas');
  canvas.width = 600;
  canvas.height = 380;
  const c = canvas.getContext('2d')!;
  c.fillStyle = left;
  c.fillRect(0, 0, 300, 380);
  c.fillStyle = right;
  c.fillRect(300, 0, 300, 380);
  const blob = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b!), 'image/png'));
  return new File([blob], 'card.png', {type: 'image/png'});
}

async function loaded(adapter: MemoryAdapter): Promise<{el: PatientProfile; id: string}> {
  const [card] = await adapter.listInsuranceCards();
  const el = await fixture<PatientProfile>(html`<patient-profile .adapter=${adapter}></patient-profile>`);
  await until(() => {
    const inputs = [...(section(el)?.querySelectorAll<HTMLInputElement>('input.card-photo-file') ?? [])];
    return inputs.length === 2 && inputs.every((i) => !i.disabled);
  }, 'both sides read');
  await settle(el);
  return {el, id: card!.id};
}

const fileField = (el: Element, id: string, side: string) =>
  $<HTMLInputElement>(el, `#ins-photo-${id}-${side}`);

/** Chooses a file as the browser's picker would. */
async function choose(el: PatientProfile, input: HTMLInputElement, file: File) {
  const dt = new DataTransfer();
  dt.items.add(file);
  input.files = dt.files;
  input.dispatchEvent(new Event('change'));
  await settle(el);
}

const stored = async (adapter: MemoryAdapter, id: string, side: 'front' | 'back') => {
  const photo = await adapter.getInsuranceCardPhoto(id, side);
  return photo && btoa(String.fromCharCode(...photo.content));
};

describe('<patient-profile>: insurance card photos', () => {
  afterEach(async () => {
    resetBackends();
    await setPageLocale('en');
    await setViewport({width: 800, height: 600});
  });

  it('stores a photo of the front as chosen and draws it; accessible in English and Spanish, fits 320 px', async () => {
    const adapter = demo();
    await signIn(adapter);
    await setViewport({width: 320, height: 640});
    const {el, id} = await loaded(adapter);
    expect(text(el)).to.match(
      /Member number: GMM-4471-0923 Edit Remove JPEG, PNG or WebP, up to 5 MB\. Front of the card No photo yet\. Add a photo of the front Back of the card No photo yet\. Add a photo of the back/,
    );
    await expectAccessible(el, 'card photos none en');

    const file = await cardPng('rgb(255,0,0)', 'rgb(0,0,255)');
    await choose(el, fileField(el, id, 'front'), file);
    const canvas = await until(
      () => section(el)!.querySelector<HTMLCanvasElement>('canvas.card-photo'),
      'drawn',
    );
    await until(() => near(pixel(canvas, 40, 100), RED) && near(pixel(canvas, 280, 100), BLUE), 'its pixels');
    expect(canvas.height).to.equal(Math.round((320 * 380) / 600));
    expect(canvas.getAttribute('aria-label')).to.equal('Front of the card: “Seguros Monterrey”');
    expect(text(el)).to.contain('Photo saved. Replace the front photo Remove photo');
    expect(deepActive()).to.equal(fileField(el, id, 'front'));
    // Stored as chosen (not re-encoded), and only that side.
    const bytes = new Uint8Array(await file.arrayBuffer());
    expect(await stored(adapter, id, 'front')).to.equal(btoa(String.fromCharCode(...bytes)));
    expect(await stored(adapter, id, 'back')).to.equal(undefined);
    // No URL of any kind and no inline style anywhere in the element.
    expect(root(el).querySelector('img, [style]')).to.equal(null);
    if (ENGINE !== 'webkit')
      expect(getComputedStyle($(el, `label[for=ins-photo-${id}-front]`)).outlineStyle).to.equal('solid');
    fitsTheWindow(el, 'card photos en 320');
    await expectAccessible(el, 'card photos en');

    await setPageLocale('es-MX');
    await localeReady();
    await settle(el);
    expect(text(el)).to.match(
      /Frente de la tarjeta.*Cambiar la foto del frente Quitar foto Reverso de la tarjeta Aún no hay foto\. Agregar una foto del reverso/,
    );
    fitsTheWindow(el, 'card photos es 320');
    await expectAccessible(el, 'card photos es');

    // A new visit reads it from the backend and draws it again.
    el.remove();
    await setPageLocale('en');
    const again = await loaded(adapter);
    const redrawn = await until(
      () => section(again.el)!.querySelector<HTMLCanvasElement>('canvas.card-photo'),
      'drawn',
    );
    await until(() => near(pixel(redrawn, 40, 100), RED), 'drawn again');
    expect(JSON.stringify({...localStorage, ...sessionStorage}) + location.href).to.not.match(/photo|blob:/i);
  });

  it('refuses a PDF renamed .jpg, an SVG with a script and a 20 MB photo at the field, nothing sent', async () => {
    const adapter = demo();
    await signIn(adapter);
    const {el, id} = await loaded(adapter);
    const events: Event[] = [];
    for (const type of ['portal-profile-saved', 'portal-error'])
      el.addEventListener(type, (e) => events.push(e));
    const input = () => fileField(el, id, 'back');
    const error = () => section(el)!.querySelector(`#ins-photo-${id}-back-error`);

    await choose(el, input(), new File(['%PDF-1.7\n%%EOF\n'], 'card.jpg', {type: 'image/jpeg'}));
    await until(error, 'pdf refused');
    expect(squash(error()!.textContent)).to.equal(
      'This file isn’t a photo we can use. Please choose a JPEG, PNG or WebP photo.',
    );
    expect(input().getAttribute('aria-invalid')).to.equal('true');
    expect(input().getAttribute('aria-describedby')).to.contain(`ins-photo-${id}-back-error`);
    expect(fileField(el, id, 'front').getAttribute('aria-invalid')).to.equal('false');
    expect(deepActive()).to.equal(input());
    await expectAccessible(el, 'card photo refused en');

    await choose(
      el,
      input(),
      new File(['<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'], 'card.jpg', {
        type: 'image/jpeg',
      }),
    );
    await until(() => /isn’t a photo we can use/.test(text(el)), 'svg refused');

    const big = new Uint8Array(20 * 1024 * 1024);
    big.set(Uint8Array.from(atob(DEMO_PHOTO_PNG_BASE64), (c) => c.charCodeAt(0)));
    await choose(el, input(), new File([big], 'big.png', {type: 'image/png'}));
    await until(() => /larger than 5 MB/.test(text(el)), '20 MB refused');
    expect(squash(error()!.textContent)).to.equal(
      'This photo is larger than 5 MB. Please choose a smaller one.',
    );

    await setPageLocale('es-MX');
    await localeReady();
    await settle(el);
    expect(squash(error()!.textContent)).to.equal('Esta foto pesa más de 5 MB. Elija una más pequeña.');
    await choose(el, input(), new File(['%PDF-1.7\n%%EOF\n'], 'tarjeta.jpg'));
    await until(() => /no es una foto que podamos usar/.test(text(el)), 'pdf refused es');
    await expectAccessible(el, 'card photo refused es');

    expect(await stored(adapter, id, 'back')).to.equal(undefined);
    expect(await stored(adapter, id, 'front')).to.equal(undefined);
    expect(events).to.deep.equal([]);
  });

  it('a failed save is said at the field; replaces and removes by keyboard, removing asks first', async () => {
    const adapter = demo();
    await signIn(adapter);
    const {el, id} = await loaded(adapter);
    const events: Event[] = [];
    for (const type of ['portal-profile-saved', 'portal-error'])
      el.addEventListener(type, (e) => events.push(e));

    adapter.failures.failNext(new NetworkError('network'), {operation: 'uploadInsuranceCardPhoto'});
    await choose(el, fileField(el, id, 'front'), await cardPng('rgb(255,0,0)', 'rgb(255,0,0)'));
    await until(() => section(el)!.querySelector(`#ins-photo-${id}-front-error`), 'failed');
    expect(deepActive()).to.equal(fileField(el, id, 'front'));
    expect(await stored(adapter, id, 'front')).to.equal(undefined);
    expect(section(el)!.querySelector('canvas')).to.equal(null);

    await choose(el, fileField(el, id, 'front'), await cardPng('rgb(255,0,0)', 'rgb(255,0,0)'));
    await until(() => section(el)!.querySelector('canvas.card-photo'), 'saved');
    expect(section(el)!.querySelector(`#ins-photo-${id}-front-error`)).to.equal(null);
    // Replaced: the new one stored and drawn.
    const blue = await cardPng('rgb(0,0,255)', 'rgb(0,0,255)');
    await choose(el, fileField(el, id, 'front'), blue);
    await until(() => near(pixel($(el, 'canvas.card-photo'), 40, 100), BLUE), 'replaced');
    const bytes = new Uint8Array(await blue.arrayBuffer());
    expect(await stored(adapter, id, 'front')).to.equal(btoa(String.fromCharCode(...bytes)));

    // By keyboard: from the file field to "Remove photo", which asks first; "Keep it" keeps it.
    expect(deepActive()).to.equal(fileField(el, id, 'front'));
    await sendKeys({press: 'Tab'});
    expect(deepActive()).to.equal($(el, '[data-card-photo-remove]'));
    await sendKeys({press: 'Enter'});
    await settle(el);
    expect(text(el)).to.contain('Remove the photo of the front of “Seguros Monterrey”?');
    expect(deepActive()).to.equal($(el, '[data-card-photo-confirm]'));
    await expectAccessible(el, 'card photo remove confirmation');
    button(el, 'Keep it').click();
    await settle(el);
    expect(deepActive()).to.equal($(el, '[data-card-photo-remove]'));
    expect(await stored(adapter, id, 'front')).to.not.equal(undefined);
    await sendKeys({press: 'Enter'});
    await settle(el);
    await sendKeys({press: 'Enter'});
    await until(() => /Photo removed\./.test(text(el)), 'removed');
    expect(section(el)!.querySelector('canvas')).to.equal(null);
    expect(text(el)).to.contain('Front of the card No photo yet. Photo removed. Add a photo of the front');
    expect(deepActive()).to.equal(fileField(el, id, 'front'));
    expect(await stored(adapter, id, 'front')).to.equal(undefined);
    // Only the failed save's error, with its code and operation (never the photo).
    expect(
      events.map((e) => [e.type, (e as PortalErrorEvent).code, (e as PortalErrorEvent).operation]),
    ).to.deep.equal([['portal-error', 'network', 'uploadInsuranceCardPhoto']]);
  });

  it('forgets the photos on sign-out', async () => {
    const adapter = demo();
    await signIn(adapter);
    const {el, id} = await loaded(adapter);
    await choose(el, fileField(el, id, 'back'), await cardPng('rgb(255,0,0)', 'rgb(0,0,255)'));
    await until(() => section(el)!.querySelector('canvas.card-photo'), 'saved');
    await sessionFor(adapter).signOut('user');
    await until(() => !root(el).querySelector('canvas'), 'cleared');
  });
});
