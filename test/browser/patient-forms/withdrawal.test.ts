/**
 * <patient-forms>: withdrawing a signed consent where the clinic allows it (issue #18 item 3) — the
 * chemical-peel consent, withdrawable before the visit: "Withdraw consent" after signing, a
 * confirmation that says what it means for the visit (focus on it, "Keep my consent" returns to
 * the button), then the note of the withdrawal above the form to sign again; the event carries ids
 * only; a consent the clinic does not let the patient withdraw shows no button; English and
 * Spanish, axe, 320 px.
 */
import {expect} from '@open-wc/testing';
import {sendKeys, setViewport} from '@web/test-runner-commands';
import '../../../src/define/patient-forms.js';
import type {PatientForms} from '../../../src/elements/patient-forms/patient-forms.js';
import {PortalConsentWithdrawnEvent} from '../../../src/elements/patient-forms/patient-forms.js';
import {resetBackends} from '../../../src/adapters/registry.js';
import {setPageLocale} from '../../../src/localization/localization.js';
import {expectAccessible} from '../helpers/a11y.js';
import {root, spanish, text} from '../helpers/records.js';
import {buttonIn, deepActive, fitsTheWindow, until} from '../helpers/dom.js';
import {consentOpen, withPeelConsent} from './forms-fixture.js';

const NOW = Date.UTC(2026, 2, 2, 16, 0);

async function signAs(el: PatientForms, name: string) {
  root(el).querySelector<HTMLInputElement>('#q-agreed')!.click();
  const input = root(el).querySelector<HTMLInputElement>('#q-typedName')!;
  input.value = name;
  input.dispatchEvent(new Event('input'));
  await el.updateComplete;
  buttonIn(root(el), 'Sign')!.click();
  await until(() => new RegExp(`Signed by ${name}`).test(text(el)), 'signed');
}

describe('<patient-forms> withdrawing a consent', () => {
  afterEach(async () => {
    resetBackends();
    await setPageLocale('en');
    await setViewport({width: 800, height: 600});
  });

  it('withdraws after a confirmation, then the consent can be signed again', async () => {
    const {adapter, sent} = await withPeelConsent(NOW);
    const el = await consentOpen(adapter);
    // Not signed yet: nothing to withdraw.
    expect(buttonIn(root(el), 'Withdraw consent')).to.equal(undefined);
    await signAs(el, 'Ana García');
    const withdraw = await until(() => buttonIn(root(el), 'Withdraw consent'), 'withdraw offered');
    await expectAccessible(el, 'signed, withdrawable en');

    // Asked first; "Keep my consent" changes nothing and returns to the button.
    withdraw.click();
    await until(() => deepActive()?.id === 'withdraw-confirm', 'focus on "Yes, withdraw"');
    expect(text(el)).to.contain('Withdraw your consent to “Informed consent for a chemical peel”?');
    expect(text(el)).to.contain(
      'unless you sign again before your visit. Your appointment is not cancelled.',
    );
    await expectAccessible(el, 'confirmation en');
    buttonIn(root(el), 'Keep my consent')!.click();
    await until(() => deepActive()?.id === 'withdraw', 'focus back on "Withdraw consent"');
    expect(text(el)).to.contain('Signed by Ana García');

    const events: PortalConsentWithdrawnEvent[] = [];
    el.addEventListener(PortalConsentWithdrawnEvent.type, (e) =>
      events.push(e as PortalConsentWithdrawnEvent),
    );
    // By keyboard this time: Enter on the focused button, then on "Yes, withdraw".
    await sendKeys({press: 'Enter'});
    await until(() => deepActive()?.id === 'withdraw-confirm', 'confirmation again');
    await sendKeys({press: 'Enter'});
    await until(() => deepActive()?.id === 'withdrawn-note', 'focus on the withdrawal note');
    expect(text(el)).to.match(
      /You withdrew your consent on .+ \(signed by Ana García, version 2\)\. You can sign it again below\./,
    );
    expect(text(el)).not.to.contain('Signed by Ana García on');
    expect(root(el).querySelector('#q-typedName'), 'the form to sign again').to.not.equal(null);
    expect(events).to.have.length(1);
    expect(
      Object.keys(events[0])
        .filter((k) => k !== 'isTrusted')
        .sort(),
    ).to.deep.equal(['appointmentId', 'itemId']);
    await expectAccessible(el, 'withdrawn en');

    await spanish(el);
    expect(text(el)).to.contain('Retiró su consentimiento el');
    expect(text(el)).to.contain('Puede volver a firmarlo abajo.');
    await expectAccessible(el, 'withdrawn es');
    await setPageLocale('en');
    await el.updateComplete;

    await signAs(el, 'Ana García López');
    expect(sent.map((r) => r.typedName)).to.deep.equal(['Ana García', 'Ana García López']);
    await until(() => buttonIn(root(el), 'Withdraw consent'), 'withdrawable again');
  });

  it('reads well in Spanish at 320 px', async () => {
    await setViewport({width: 320, height: 640});
    const {adapter} = await withPeelConsent(NOW);
    const el = await consentOpen(adapter);
    await signAs(el, 'Ana García');
    (await until(() => buttonIn(root(el), 'Withdraw consent'), 'withdraw offered')).click();
    await until(() => deepActive()?.id === 'withdraw-confirm', 'confirmation');
    await spanish(el);
    expect(text(el)).to.contain(
      '¿Retirar su consentimiento para «Consentimiento informado para peeling químico»?',
    );
    expect(buttonIn(root(el), 'Sí, retirar')).to.not.equal(undefined);
    expect(buttonIn(root(el), 'Mantener mi consentimiento')).to.not.equal(undefined);
    fitsTheWindow(el, 'confirmation at 320 px');
    await expectAccessible(el, 'confirmation es 320');
  });

  it('offers no withdrawal where the clinic does not allow it', async () => {
    const {adapter} = await withPeelConsent(NOW, {withdrawable: false});
    const el = await consentOpen(adapter);
    await signAs(el, 'Ana Sin Retiro');
    // What the backend says of it (the element reads it again after signing, then renders).
    const peel = (await adapter.listForms()).filter(
      (t) => t.item.formId === 'chemical-peel' && t.item.state === 'done',
    );
    const forms = await Promise.all(
      peel.map((t) => adapter.getConsentForm({appointmentId: t.appointmentId, itemId: t.item.id})),
    );
    const form = forms.find((f) => f.signature?.typedName === 'Ana Sin Retiro');
    expect(form, 'the consent just signed').to.not.equal(undefined);
    expect(form!.withdrawable).to.equal(undefined);
    await el.updateComplete;
    expect(buttonIn(root(el), 'Withdraw consent')).to.equal(undefined);
  });
});
