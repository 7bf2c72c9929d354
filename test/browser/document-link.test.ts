/**
 * The "new document" email's link (issue #19 item 5): `#portal/documents&lang=es` opens the portal
 * on its Documents section in the patient's language, with the document the clinic added marked
 * New. Its own file, like `link-language.test.ts`: the page's locale is chosen when the first
 * element loads, so the link is in the address before any element module is imported.
 */
import {expect, fixture, html} from '@open-wc/testing';
import type {PatientPortal} from '../../src/elements/patient-portal/patient-portal.js';
import {
  createDemoAdapter,
  DEMO_PATIENT_EMAIL,
  DEMO_PATIENT_PASSWORD,
} from '../../src/adapters/memory/index.js';
import {resetBackends, sessionFor} from '../../src/adapters/registry.js';
import {currentLanguage, localeReady, setPageLocale} from '../../src/localization/localization.js';
import {expectAccessible} from './helpers/a11y.js';
import {squash, until} from './helpers/dom.js';

const PDF = new TextEncoder().encode('%PDF-1.4\n%%EOF\n');

describe('the emailed link to a new document', () => {
  after(async () => {
    resetBackends();
    history.replaceState(null, '', `${location.pathname}${location.search}`);
    document.documentElement.lang = 'en';
    await setPageLocale('en');
  });

  it('opens an English page on the Documents section in her language (es), the new document marked', async () => {
    document.documentElement.lang = 'en';
    const adapter = createDemoAdapter();
    const result = await adapter.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
    if (result.status !== 'signed-in') throw new Error('not signed in');
    await adapter.addClinicDocument(result.session.patient.id, {
      folder: 'reports',
      fileName: 'informe-alta.pdf',
      content: PDF,
    });
    const mail = adapter.outbox.latest({kind: 'document-new'});
    expect(mail, 'the email').to.exist;
    const link = new URL(mail!.links.portal!);
    expect(link.hash).to.equal('#portal/documents&lang=es');
    expect(mail!.text).to.not.contain('informe');
    history.replaceState(null, '', `${location.pathname}${location.search}${link.hash}`);
    sessionFor(adapter).signedIn(result.session);
    await import('../../src/define/patient-portal.js');
    const el = await fixture<PatientPortal>(html`<patient-portal .adapter=${adapter}></patient-portal>`);
    await localeReady();
    expect(currentLanguage()).to.equal('es');
    const docs = await until(() => el.shadowRoot!.querySelector('patient-documents'), 'documents section');
    await until(() => /informe-alta\.pdf/.test(docs.shadowRoot?.textContent ?? ''), 'the new document');
    const row = [...docs.shadowRoot!.querySelectorAll('li')].find((li) =>
      /informe-alta/.test(li.textContent ?? ''),
    );
    expect(squash(row?.textContent)).to.contain('Nuevo');
    const current = el.shadowRoot!.querySelector('nav a[aria-current="page"]');
    expect(squash(current?.textContent)).to.equal('Documentos');
    await expectAccessible(el, 'documents from the emailed link, in Spanish');
  });
});
