/**
 * `<patient-profile>`'s "Photo" (#17, item 3), through what a patient sees: the demo patient's photo
 * drawn from the backend's bytes into a canvas (no URL, no inline style); the issue's bad files — a
 * PDF renamed .jpg, an SVG with a script, a 20 MB photo — each refused with its own message in
 * English and Spanish, nothing stored; a chosen photo cropped to a square by keyboard on the
 * sliders, previewed, saved as a 512 px JPEG of the square chosen; removing asks first; hidden
 * without `capabilities.photo`; a failed save said in the editor (only `portal-error` with its code
 * and operation); axe in English and Spanish; at 320 px nothing scrolls sideways; nothing in
 * storage or the URL.
 */
import {expect, fixture, html, nextFrame} from '@open-wc/testing';
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
import {NetworkError, type Capabilities} from '../../../src/adapters/adapter.js';
import {DEMO_PHOTO_PNG_BASE64} from '../../../src/adapters/memory/demo-photo.js';
import {photoProblem} from '../../../src/domain/rules/profile-image.js';
import {resetBackends, sessionFor} from '../../../src/adapters/registry.js';
import {localeReady, setPageLocale} from '../../../src/localization/localization.js';
import {expectAccessible} from '../helpers/a11y.js';
import {ENGINE} from '../helpers/engine.js';
import {buttonIn, deepActive, fitsTheWindow, squash, until} from '../helpers/dom.js';

const NOW = Date.UTC(2026, 2, 2, 16, 0);
const demo = (capabilities?: Partial<Capabilities>): MemoryAdapter =>
  createDemoAdapter({clock: () => NOW, capabilities});

async function signIn(adapter: MemoryAdapter) {
  const result = await adapter.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
  if (result.status === 'signed-in') sessionFor(adapter).signedIn(result.session);
}

const root = (el: Element) => el.shadowRoot!;
const section = (el: Element) => root(el).querySelector<HTMLElement>('section[part~=photo]');
const text = (el: Element) => squash(section(el)?.textContent ?? '');
const $ = <T extends Element>(el: Element, selector: string) => section(el)!.querySelector<T>(selector)!;
const button = (el: Element, name: string | RegExp) => {
  const b = buttonIn(section(el)!, name);
  if (!b) throw new Error(`no button ${String(name)}`);
  return b;
};

async function settle(el: PatientProfile) {
  for (let i = 0; i < 4; i++) {
    await nextFrame();
    await el.updateComplete;
  }
}

/** The colour at (x, y) of a canvas, as [r, g, b]. */
function pixel(canvas: HTMLCanvasElement | OffscreenCanvas, x: number, y: number): number[] {
  const context = canvas.getContext('2d') as CanvasRenderingContext2D;
  return [...context.getImageData(x, y, 1, 1).data.slice(0, 3)];
}
const near = (a: number[], b: number[]) => a.every((v, i) => Math.abs(v - b[i]!) < 40);
const TEAL = [0x3b, 0x6e, 0x80];
const RED = [255, 0, 0];
const BLUE = [0, 0, 255];

/** Chooses a file as the browser's picker would. */
async function choose(el: PatientProfile, file: File) {
  const input = $<HTMLInputElement>(el, '#photo-file');
  const dt = new DataTransfer();
  dt.items.add(file);
  input.files = dt.files;
  input.dispatchEvent(new Event('change'));
  await settle(el);
}

/** A 600 × 400 PNG: the left half red, the right half blue. */
async function redBlue(): Promise<File> {
  const canvas = document.createElement('canvas');
  canvas.width = 600;
  canvas.height = 400;
  const c = canvas.getContext('2d')!;
  c.fillStyle = 'rgb(255,0,0)';
  c.fillRect(0, 0, 300, 400);
  c.fillStyle = 'rgb(0,0,255)';
  c.fillRect(300, 0, 300, 400);
  const blob = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b!), 'image/png'));
  return new File([blob], 'holiday.png', {type: 'image/png'});
}

async function loaded(adapter: MemoryAdapter): Promise<PatientProfile> {
  const el = await fixture<PatientProfile>(html`<patient-profile .adapter=${adapter}></patient-profile>`);
  await until(() => section(el)?.querySelector('#photo-file'), 'photo loaded');
  await settle(el);
  return el;
}

const stored = async (adapter: MemoryAdapter) => {
  const photo = await adapter.getProfilePhoto();
  return photo && btoa(String.fromCharCode(...photo.content));
};

describe('<patient-profile>: photo', () => {
  afterEach(async () => {
    resetBackends();
    await setPageLocale('en');
    await setViewport({width: 800, height: 600});
  });

  it('draws the demo patient’s photo from the backend’s bytes; accessible in English and Spanish, fits 320 px', async () => {
    const adapter = demo();
    await signIn(adapter);
    await setViewport({width: 320, height: 640});
    const el = await loaded(adapter);
    const current = $<HTMLCanvasElement>(el, '#photo-current');
    expect(current.getAttribute('role')).to.equal('img');
    expect(current.getAttribute('aria-label')).to.equal('Your photo');
    await until(() => near(pixel(current, 96, 74), TEAL), 'the photo drawn');
    expect(near(pixel(current, 10, 10), [0xcf, 0xe3, 0xea])).to.equal(true);
    // No URL of any kind and no inline style anywhere in the element.
    expect(root(el).querySelector('img, [style]')).to.equal(null);
    expect(text(el)).to.match(/Photo .* JPEG, PNG or WebP, up to 5 MB\. .* Choose a new photo Remove photo/);
    // The file field is reached by keyboard, and its label-button shows the focus.
    $<HTMLElement>(el, '#h-photo').focus();
    await sendKeys({press: 'Tab'});
    expect(deepActive()).to.equal($(el, '#photo-file'));
    // (Not in WebKit here: the runner's MiniBrowser window has the field as activeElement, but
    // `:focus` does not match in it — measured — so no focus style can show there under test.)
    if (ENGINE !== 'webkit')
      expect(getComputedStyle($(el, 'label[for=photo-file]')).outlineStyle).to.equal('solid');
    fitsTheWindow(el, 'photo en 320');
    await expectAccessible(el, 'photo en');
    await setPageLocale('es-MX');
    await localeReady();
    await settle(el);
    expect(text(el)).to.match(/Foto .*Elegir una nueva foto.*Quitar foto/);
    await expectAccessible(el, 'photo es');
  });

  it('refuses a PDF renamed .jpg, an SVG with a script and a 20 MB photo, each with its message, nothing stored', async () => {
    const adapter = demo();
    await signIn(adapter);
    const before = await stored(adapter);
    const el = await loaded(adapter);
    const events: Event[] = [];
    for (const type of ['portal-profile-saved', 'portal-error'])
      el.addEventListener(type, (e) => events.push(e));
    const input = () => $<HTMLInputElement>(el, '#photo-file');

    await choose(el, new File(['%PDF-1.7\n%%EOF\n'], 'me.jpg', {type: 'image/jpeg'}));
    await until(() => section(el)!.querySelector('[data-summary=photo]'), 'refused');
    expect(squash($(el, '[data-summary=photo]').textContent)).to.equal(
      'This file isn’t a photo we can use. Please choose a JPEG, PNG or WebP photo.',
    );
    expect(input().getAttribute('aria-invalid')).to.equal('true');
    expect(input().getAttribute('aria-describedby')).to.contain('photo-error');
    expect(deepActive()).to.equal(input());
    expect(section(el)!.querySelector('#photo-preview')).to.equal(null);
    await expectAccessible(el, 'photo refused en');

    await choose(
      el,
      new File(['<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'], 'me.jpg', {
        type: 'image/jpeg',
      }),
    );
    await until(() => /isn’t a photo we can use/.test(text(el)), 'svg refused');

    const big = new Uint8Array(20 * 1024 * 1024);
    big.set(Uint8Array.from(atob(DEMO_PHOTO_PNG_BASE64), (c) => c.charCodeAt(0)));
    await choose(el, new File([big], 'big.png', {type: 'image/png'}));
    await until(() => /larger than 5 MB/.test(text(el)), '20 MB refused');
    expect(squash($(el, '[data-summary=photo]').textContent)).to.equal(
      'This photo is larger than 5 MB. Please choose a smaller one.',
    );

    await setPageLocale('es-MX');
    await localeReady();
    await settle(el);
    expect(squash($(el, '[data-summary=photo]').textContent)).to.equal(
      'Esta foto pesa más de 5 MB. Elija una más pequeña.',
    );
    await choose(el, new File(['%PDF-1.7\n%%EOF\n'], 'yo.jpg'));
    await until(() => /no es una foto que podamos usar/.test(text(el)), 'pdf refused es');
    await expectAccessible(el, 'photo refused es');

    expect(await stored(adapter)).to.equal(before);
    expect(events).to.deep.equal([]);
  });

  it('crops a chosen photo to a square by keyboard, previews it and saves the square chosen; removing asks first', async () => {
    const adapter = demo();
    await signIn(adapter);
    const el = await loaded(adapter);
    const events: Event[] = [];
    for (const type of ['portal-profile-saved', 'portal-error'])
      el.addEventListener(type, (e) => events.push(e));
    await choose(el, await redBlue());
    await until(() => section(el)!.querySelector('#photo-preview'), 'editor');
    const zoom = $<HTMLInputElement>(el, '#photo-zoom');
    await until(() => deepActive() === zoom, 'zoom focused');
    expect(zoom.getAttribute('aria-valuetext')).to.equal('100 %');
    const preview = $<HTMLCanvasElement>(el, '#photo-preview');
    // Centred: the largest square (400 px) from the middle — red on the left, blue on the right.
    await until(() => near(pixel(preview, 20, 128), RED) && near(pixel(preview, 236, 128), BLUE), 'centred');
    await expectAccessible(el, 'photo editor en');

    // Zoom in, then all the way right, by keyboard: the square is blue only.
    for (let i = 0; i < 50; i++) await sendKeys({press: 'ArrowRight'});
    await settle(el);
    expect(Number(zoom.value)).to.equal(150);
    await sendKeys({press: 'Tab'});
    expect(deepActive()).to.equal($(el, '#photo-x'));
    await sendKeys({press: 'End'});
    await settle(el);
    expect($<HTMLInputElement>(el, '#photo-x').value).to.equal('100');
    await until(
      () => near(pixel(preview, 20, 128), BLUE) && near(pixel(preview, 236, 128), BLUE),
      'moved right',
    );

    // The line drops on the first try: said in the editor, which stays open; nothing stored.
    adapter.failures.failNext(new NetworkError('network'), {operation: 'uploadProfilePhoto'});
    button(el, 'Save photo').click();
    await until(() => section(el)!.querySelector('.photo-editor [data-summary=photo]'), 'failed');
    expect(deepActive()).to.equal($(el, '[data-summary=photo]'));
    expect((await adapter.getProfilePhoto())?.contentType).to.equal('image/png');
    button(el, 'Save photo').click();
    await until(() => /Your new photo is saved\./.test(text(el)), 'saved');
    expect(deepActive()).to.equal(root(el).querySelector('#h-photo'));
    const photo = (await adapter.getProfilePhoto())!;
    expect(photo.contentType).to.equal('image/jpeg');
    expect(photoProblem(photo.content)).to.deep.equal({
      photo: {contentType: 'image/jpeg', width: 512, height: 512},
    });
    const saved = await createImageBitmap(new Blob([photo.content as BlobPart], {type: 'image/jpeg'}));
    const check = new OffscreenCanvas(512, 512);
    check.getContext('2d')!.drawImage(saved, 0, 0);
    expect(near(pixel(check, 10, 256), BLUE) && near(pixel(check, 500, 256), BLUE)).to.equal(true);
    const current = $<HTMLCanvasElement>(el, '#photo-current');
    await until(() => near(pixel(current, 96, 96), BLUE), 'the new photo drawn');

    // Removing asks first; "Keep it" keeps it.
    button(el, 'Remove photo').click();
    await settle(el);
    expect(text(el)).to.contain('Remove your photo? The clinic will no longer see it.');
    expect(deepActive()).to.equal($(el, '[data-photo-confirm-remove]'));
    await expectAccessible(el, 'photo remove confirmation');
    button(el, 'Keep it').click();
    await settle(el);
    expect(deepActive()).to.equal($(el, '[data-photo-remove]'));
    expect(await adapter.getProfilePhoto()).to.not.equal(undefined);
    button(el, 'Remove photo').click();
    await settle(el);
    $<HTMLButtonElement>(el, '[data-photo-confirm-remove]').click();
    await until(() => /You have no photo yet\./.test(text(el)), 'removed');
    expect(text(el)).to.contain('Your photo is removed.');
    expect(await adapter.getProfilePhoto()).to.equal(undefined);
    // Only the failed save's error, with its code and operation (never the photo).
    expect(
      events.map((e) => [e.type, (e as PortalErrorEvent).code, (e as PortalErrorEvent).operation]),
    ).to.deep.equal([['portal-error', 'network', 'uploadProfilePhoto']]);
    expect(JSON.stringify({...localStorage, ...sessionStorage}) + location.href).to.not.match(/photo|blob:/i);
  });

  it('is not shown where the backend has no photo, and leaves the DOM on sign-out', async () => {
    const without = demo({photo: false});
    await signIn(without);
    const el = await fixture<PatientProfile>(html`<patient-profile .adapter=${without}></patient-profile>`);
    await until(() => root(el).querySelector('input[name=givenName]'), 'profile loaded');
    await settle(el);
    expect(section(el)).to.equal(null);

    const adapter = demo();
    await signIn(adapter);
    const shown = await loaded(adapter);
    await sessionFor(adapter).signOut('user');
    await until(() => !root(shown).querySelector('canvas'), 'cleared');
  });
});
