/**
 * The adult's own invitation (family members, #21), through what the patients see: in
 * `<patient-profile>`, "Family and shared access" — her own address refused at the field and in a
 * summary, an invitation sent and listed as waiting, then withdrawn; someone who accepted listed
 * with what they may see and since when, and "Remove access" ends it at once. In `<patient-portal>`,
 * the emailed link (`#portal-proxy-invitation=…`, taken out of the address bar) asks the invited
 * account "Ana García invited you…" — Accept, and Ana is offered in the person switcher. English
 * and Spanish, axe; nothing of it in storage.
 */
import {expect, fixture, html} from '@open-wc/testing';
import '../../../src/define/patient-profile.js';
import '../../../src/define/patient-portal.js';
import type {PatientProfile} from '../../../src/elements/patient-profile/patient-profile.js';
import type {PatientPortal} from '../../../src/elements/patient-portal/patient-portal.js';
import {
  createDemoAdapter,
  DEMO_PATIENT_EMAIL,
  DEMO_PATIENT_PASSWORD,
  type MemoryAdapter,
} from '../../../src/adapters/memory/index.js';
import {resetBackends, sessionFor} from '../../../src/adapters/registry.js';
import {localeReady, setPageLocale} from '../../../src/localization/localization.js';
import {expectAccessible} from '../helpers/a11y.js';
import {buttonIn, deepActive, squash, until} from '../helpers/dom.js';
import {profileSection, root, settle} from './sections.js';

const {section, text, button} = profileSection('section[part~=family]');
const NOW = Date.UTC(2026, 2, 2, 16, 0);
const CARMEN = 'carmen.lopez@example.com';
const PASSWORD = 'Un paseo por Chapultepec 2026';

const tokenIn = (link: string, key: string) => new URLSearchParams(new URL(link).hash.slice(1)).get(key)!;

async function signInAs(adapter: MemoryAdapter, email: string, password: string) {
  await adapter.signOut().catch(() => undefined);
  const result = await adapter.signIn({email, password});
  if (result.status === 'signed-in') sessionFor(adapter).signedIn(result.session);
  else throw new Error('a second factor was asked for');
}

/** The demo clinic with Carmen's own account beside Ana's. */
async function withCarmen(): Promise<MemoryAdapter> {
  const adapter = createDemoAdapter({clock: () => NOW});
  await adapter.ready;
  await adapter.register({
    patient: {
      givenName: 'Carmen',
      familyName: 'López',
      email: CARMEN,
      phone: '+525511112222',
      dateOfBirth: '1961-04-02',
      language: 'es',
    },
    password: PASSWORD,
    privacyConsent: true,
  });
  const verify = adapter.outbox.latest({to: CARMEN});
  await adapter.verifyEmail(tokenIn(Object.values(verify!.links)[0]!, 'portal-verify'), PASSWORD);
  return adapter;
}

/** Ana invites Carmen; the token of the link the email carries. */
async function anaInvitesCarmen(adapter: MemoryAdapter): Promise<string> {
  await signInAs(adapter, DEMO_PATIENT_EMAIL, DEMO_PATIENT_PASSWORD);
  await adapter.inviteProxy({email: CARMEN, scope: 'full', relationship: 'daughter'});
  const mail = adapter.outbox.latest({to: CARMEN});
  return tokenIn(mail!.links['accept-invitation']!, 'portal-proxy-invitation');
}

describe('family and shared access (the adult’s own invitation)', () => {
  afterEach(async () => {
    resetBackends();
    await setPageLocale('en');
    history.replaceState(null, '', location.pathname + location.search);
  });

  it('invites: her own address refused, then sent and listed as waiting, then withdrawn; axe in English and Spanish', async () => {
    const adapter = createDemoAdapter({clock: () => NOW});
    await signInAs(adapter, DEMO_PATIENT_EMAIL, DEMO_PATIENT_PASSWORD);
    const el = await fixture<PatientProfile>(html`<patient-profile .adapter=${adapter}></patient-profile>`);
    await until(() => /Nobody but you/.test(text(el)), 'the family section loaded');
    expect(text(el)).to.match(
      /Family and shared access.*People who can see your information Nobody but you\./,
    );
    await expectAccessible(el, 'family en');

    button(el, 'Invite someone').click();
    await settle(el);
    const email = section(el)!.querySelector<HTMLInputElement>('#family-email')!;
    expect(deepActive()).to.equal(email);
    email.value = 'ANA@demo.clinic';
    button(el, 'Send invitation').click();
    await until(() => /not your own/.test(text(el)), 'her own address refused');
    expect(email.getAttribute('aria-invalid')).to.equal('true');
    expect(deepActive()?.getAttribute('data-summary')).to.equal('family');
    expect(adapter.outbox.list({to: 'ana@demo.clinic'}).some((m) => 'accept-invitation' in m.links)).to.equal(
      false,
    );
    await expectAccessible(el, 'family error en');

    email.value = 'carmen@example.com';
    section(el)!.querySelector<HTMLInputElement>('input[name=scope][value=appointments]')!.click();
    button(el, 'Send invitation').click();
    await until(() => /Invitation sent to carmen@example\.com/.test(text(el)), 'sent');
    expect(text(el)).to.match(
      /Invitations waiting carmen@example\.com Your appointments only · Expires March 9, 2026/,
    );
    expect(adapter.outbox.latest({to: 'carmen@example.com'})?.links['accept-invitation']).to.match(
      /#portal-proxy-invitation=/,
    );
    await setPageLocale('es-MX');
    await localeReady();
    await settle(el);
    expect(text(el)).to.match(
      /Familia y acceso compartido.*Invitaciones pendientes carmen@example\.com Solo sus citas/,
    );
    await expectAccessible(el, 'family es');
    button(el, 'Retirar invitación').click();
    await until(() => /Se retiró la invitación/.test(text(el)), 'withdrawn');
    expect((await adapter.listProxyAccess()).invitations).to.deep.equal([]);
    expect(JSON.stringify({...localStorage, ...sessionStorage})).not.to.contain('carmen');
  });

  it('lists who accepted, with what they may see and since when; "Remove access" ends it at once', async () => {
    const adapter = await withCarmen();
    const token = await anaInvitesCarmen(adapter);
    await signInAs(adapter, CARMEN, PASSWORD);
    await adapter.answerProxyInvitation(token, 'accept');
    await signInAs(adapter, DEMO_PATIENT_EMAIL, DEMO_PATIENT_PASSWORD);
    const el = await fixture<PatientProfile>(html`<patient-profile .adapter=${adapter}></patient-profile>`);
    await until(() => /Carmen López/.test(text(el)), 'Carmen listed');
    expect(text(el)).to.match(/Carmen López All your information · Since March 2, 2026 Remove access/);
    await expectAccessible(el, 'family grant en');
    button(el, 'Remove access').click();
    await until(() => /can no longer see your information/.test(text(el)), 'revoked');
    expect(text(el)).to.match(/Nobody but you\./);
    await signInAs(adapter, CARMEN, PASSWORD);
    expect((await adapter.listPeople()).map((p) => p.givenName)).to.deep.equal(['Carmen']);
  });

  it('the portal answers the emailed link for the invited account: Accept, and Ana is in the switcher', async () => {
    const adapter = await withCarmen();
    const token = await anaInvitesCarmen(adapter);
    await signInAs(adapter, CARMEN, PASSWORD);
    history.replaceState(null, '', `${location.pathname}#portal-proxy-invitation=${token}`);
    const el = await fixture<PatientPortal>(html`<patient-portal .adapter=${adapter}></patient-portal>`);
    const all = () => squash(root(el).textContent);
    await until(() => /invited you to see their information/.test(all()), 'the invitation shown');
    expect(location.hash, 'the token leaves the address bar').to.equal('');
    expect(all()).to.match(/Ana García .*invited you to see their information/);
    expect(all()).to.match(/appointments, forms, documents, bills and messages/);
    await expectAccessible(el, 'invitation en');
    await setPageLocale('es-MX');
    await localeReady();
    await settle(el);
    expect(all()).to.match(/le invitó a ver su información/);
    await expectAccessible(el, 'invitation es');
    buttonIn(root(el), 'Aceptar')!.click();
    await until(() => /Ahora puede ver la información de Ana/.test(all()), 'accepted');
    await until(
      () => [...root(el).querySelectorAll('[part~="person"]')].some((b) => /Ana/.test(b.textContent ?? '')),
      'Ana in the person switcher',
    );
    expect(deepActive()?.id).to.equal('proxy-invitation-title');
    await expectAccessible(el, 'accepted es');
  });

  it('another address’s account is told so, with nothing about the inviter', async () => {
    const adapter = await withCarmen();
    const token = await anaInvitesCarmen(adapter);
    // Ana herself opens the link meant for Carmen.
    history.replaceState(null, '', `${location.pathname}#portal-proxy-invitation=${token}`);
    const el = await fixture<PatientPortal>(html`<patient-portal .adapter=${adapter}></patient-portal>`);
    const all = () => squash(root(el).textContent);
    await until(() => /sent to another email address/.test(all()), 'refused');
    expect(all()).not.to.match(/invited you/);
    expect(buttonIn(root(el), 'Accept')).to.equal(undefined);
    await expectAccessible(el, 'other account en');
  });
});
