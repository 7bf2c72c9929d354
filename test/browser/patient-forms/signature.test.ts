/**
 * <patient-forms>: a consent signed with an optional drawn signature (issue #18) — drawn with real
 * pointer input on the pad's canvas and sent; signed by keyboard alone without drawing; the pad
 * closed with Esc; the pad at 320 px.
 */
import {expect} from '@open-wc/testing';
import {sendKeys, sendMouse, setViewport} from '@web/test-runner-commands';
import {itIn} from '../helpers/engine.js';
import '../../../src/define/patient-forms.js';
import type {PatientForms} from '../../../src/elements/patient-forms/patient-forms.js';
import {resetBackends} from '../../../src/adapters/registry.js';
import {consentOpen, withPeelConsent} from './forms-fixture.js';
import {setPageLocale} from '../../../src/localization/localization.js';
import {expectAccessible} from '../helpers/a11y.js';
import {root, spanish, text} from '../helpers/records.js';
import {buttonIn, deepActive, fitsTheWindow, until} from '../helpers/dom.js';

const NOW = Date.UTC(2026, 2, 2, 16, 0);
const withConsent = () => withPeelConsent(NOW);

const pad = (el: Element) => root(el).querySelector('portal-signature-pad');
const padRoot = (el: Element) => pad(el)?.shadowRoot;

/** A stroke with the real mouse (trusted pointer events) across the pad's canvas. */
async function drawStroke(canvas: HTMLCanvasElement) {
  canvas.scrollIntoView({block: 'center'});
  const r = canvas.getBoundingClientRect();
  const at = (fx: number, fy: number): [number, number] => [
    Math.round(r.left + r.width * fx),
    Math.round(r.top + r.height * fy),
  ];
  await sendMouse({type: 'move', position: at(0.1, 0.7)});
  await sendMouse({type: 'down'});
  for (let i = 1; i <= 12; i++)
    await sendMouse({type: 'move', position: at(0.1 + i * 0.06, 0.7 - Math.sin(i / 2) * 0.4)});
  await sendMouse({type: 'up'});
}

function fillAndAgree(el: PatientForms, name: string) {
  root(el).querySelector<HTMLInputElement>('#q-agreed')!.click();
  const input = root(el).querySelector<HTMLInputElement>('#q-typedName')!;
  input.value = name;
  input.dispatchEvent(new Event('input'));
}

/**
 * The tests that draw need the real mouse (`sendMouse`: trusted pointer events), which
 * web-test-runner's WebKit launcher (WebDriver) does not offer.
 */
const withMouse = itIn(
  ['chromium', 'firefox'],
  "web-test-runner's WebKit launcher (WebDriver) has no sendMouse; drawing runs in Chromium and Firefox",
);

describe('<patient-forms> drawn signature', () => {
  afterEach(async () => {
    resetBackends();
    await setPageLocale('en');
    await setViewport({width: 800, height: 600});
  });

  it('signs by keyboard alone, without drawing: the typed name is enough', async () => {
    const {adapter, sent} = await withConsent();
    const el = await consentOpen(adapter);
    root(el).querySelector<HTMLInputElement>('#q-agreed')!.focus();
    await sendKeys({press: 'Space'});
    await sendKeys({press: 'Tab'});
    expect(deepActive()?.id).to.equal('q-typedName');
    await sendKeys({type: 'Ana García'});
    // Past "Draw a signature (optional)" to Sign.
    await sendKeys({press: 'Tab'});
    expect(deepActive()?.id).to.equal('draw-signature');
    await sendKeys({press: 'Tab'});
    expect(deepActive()?.textContent?.trim()).to.equal('Sign');
    await sendKeys({press: 'Enter'});
    await until(() => /Signed by Ana García/.test(text(el)), 'signed');
    expect(sent).to.have.length(1);
    expect(sent[0].signatureImage).to.equal(undefined);
    // (This file's first test: the pad's chunk was never loaded.)
    expect(customElements.get('portal-signature-pad'), 'the pad was never loaded').to.equal(undefined);
  });

  withMouse('draws a signature with the pointer, shows it, and sends it with the typed name', async () => {
    const {adapter, sent} = await withConsent();
    const el = await consentOpen(adapter);
    await expectAccessible(el, 'consent form en');
    buttonIn(root(el), 'Draw a signature (optional)')!.click();
    await until(() => padRoot(el)?.querySelector('canvas'), 'the pad');
    await until(() => deepActive()?.localName === 'h4', 'focus on the pad');
    expect(deepActive()!.textContent).to.contain('Draw your signature');
    await expectAccessible(el, 'pad open en');
    // Done with nothing drawn: told to draw first.
    buttonIn(padRoot(el), 'Done')!.click();
    await until(() => /Draw your signature in the box first/.test(padRoot(el)!.textContent ?? ''), 'empty');
    await drawStroke(padRoot(el)!.querySelector('canvas')!);
    buttonIn(padRoot(el), 'Done')!.click();
    await until(() => root(el).querySelector('canvas.signature'), 'preview');
    expect(pad(el), 'pad closed').to.equal(null);
    await until(() => deepActive()?.id === 'remove-signature', 'focus on Remove');
    // The preview shows the drawing (painted from the PNG, not a data: URL).
    const preview = root(el).querySelector<HTMLCanvasElement>('canvas.signature')!;
    await until(() => preview.height !== 150, 'preview painted'); // a blank canvas is 300 × 150
    const pixels = preview.getContext('2d')!.getImageData(0, 0, preview.width, preview.height).data;
    expect(
      pixels.some((v, i) => i % 4 === 3 && v > 0),
      'ink in the preview',
    ).to.equal(true);
    expect(root(el).querySelector('img')).to.equal(null);
    await expectAccessible(el, 'drawn en');
    fillAndAgree(el, 'Ana García López');
    await el.updateComplete;
    buttonIn(root(el), 'Sign')!.click();
    await until(() => /Signed by Ana García López/.test(text(el)), 'signed');
    expect(sent).to.have.length(1);
    const png = Uint8Array.from(atob(sent[0].signatureImage!), (c) => c.charCodeAt(0));
    expect([...png.slice(0, 8)]).to.deep.equal([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.length).to.be.below(100 * 1024);
    expect(root(el).querySelector('canvas.signature'), 'drawn signature shown when signed').to.not.equal(
      null,
    );
    await spanish(el);
    expect(text(el)).to.contain('Firmado por Ana García López');
    await expectAccessible(el, 'signed with drawing es');
  });

  withMouse(
    'closes the pad with Esc (focus back on the button), and removes a drawing; Spanish',
    async () => {
      const {adapter, sent} = await withConsent();
      const el = await consentOpen(adapter);
      await spanish(el);
      buttonIn(root(el), 'Dibujar una firma (opcional)')!.click();
      await until(() => padRoot(el)?.querySelector('canvas'), 'the pad');
      await until(() => deepActive()?.localName === 'h4', 'focus on the pad');
      expect(padRoot(el)!.textContent).to.contain('Dibuje su firma');
      await expectAccessible(el, 'pad open es');
      await sendKeys({press: 'Escape'});
      await until(() => pad(el) === null && deepActive()?.id === 'draw-signature', 'closed, focus back');
      buttonIn(root(el), 'Dibujar una firma (opcional)')!.click();
      await until(() => padRoot(el)?.querySelector('canvas'), 'the pad again');
      await drawStroke(padRoot(el)!.querySelector('canvas')!);
      buttonIn(padRoot(el), 'Listo')!.click();
      await until(() => deepActive()?.id === 'remove-signature', 'drawn');
      await expectAccessible(el, 'drawn es');
      await sendKeys({press: 'Enter'});
      await until(() => deepActive()?.id === 'draw-signature', 'removed, focus back');
      expect(root(el).querySelector('canvas.signature')).to.equal(null);
      fillAndAgree(el, 'Ana');
      await el.updateComplete;
      buttonIn(root(el), 'Firmar')!.click();
      await until(() => sent.length === 1, 'sent');
      expect(sent[0].signatureImage).to.equal(undefined);
    },
  );

  withMouse('fits a 320 px screen, and drawing works there', async () => {
    await setViewport({width: 320, height: 640});
    const {adapter, sent} = await withConsent();
    const el = await consentOpen(adapter);
    buttonIn(root(el), 'Draw a signature (optional)')!.click();
    await until(() => padRoot(el)?.querySelector('canvas'), 'the pad');
    fitsTheWindow(el, 'pad at 320 px');
    const canvas = padRoot(el)!.querySelector('canvas')!;
    expect(canvas.getBoundingClientRect().width).to.be.at.least(240);
    await drawStroke(canvas);
    buttonIn(padRoot(el), 'Done')!.click();
    await until(() => root(el).querySelector('canvas.signature'), 'preview');
    fitsTheWindow(el, 'preview at 320 px');
    fillAndAgree(el, 'Ana');
    await el.updateComplete;
    buttonIn(root(el), 'Sign')!.click();
    await until(() => sent.length === 1, 'sent');
    expect(sent[0].signatureImage).to.be.a('string');
  });
});
