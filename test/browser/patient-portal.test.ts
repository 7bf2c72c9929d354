import {expect, fixture, html, nextFrame, oneEvent} from '@open-wc/testing';
import {html as litHtml} from 'lit';
import '../../src/define.js';
import {PortalElement} from '../../src/elements/base/portal-element.js';
import type {PatientPortal} from '../../src/elements/patient-portal/patient-portal.js';
import {
  adapterForBackend,
  configureSessions,
  resetBackends,
  sessionFor,
} from '../../src/adapters/registry.js';
import {isUnavailable} from '../../src/adapters/unavailable.js';
import {ManualClock} from '../../src/controllers/clock.js';
import {localeReady, setPageLocale} from '../../src/localization/localization.js';
import type {Session} from '../../src/domain/types.js';
import {PortalSignedOutEvent} from '../../src/events.js';
import {expectAccessible} from './helpers/a11y.js';
import {DEMO_PATIENT_EMAIL, DEMO_PATIENT_PASSWORD} from '../../src/adapters/memory/index.js';
import {fakeAdapter} from './helpers/fake-adapter.js';

/** A bare element on the base class, to observe what it resolved. */
class ProbeElement extends PortalElement {
  get adapterInUse() {
    return this.resolvedAdapter;
  }
  get sessionInUse() {
    return this.sessionStore;
  }
  get status() {
    return this.backendState.status;
  }
  override render() {
    return litHtml`${this.renderDemoMarker()}${this.renderSessionWarning()}${
      this.backendState.status === 'unavailable' ? this.renderUnavailable() : ''
    }`;
  }
}
customElements.define('test-probe', ProbeElement);

const session: Session = {
  id: 's1',
  method: 'password',
  patient: {
    id: 'p1',
    givenName: 'Zed',
    familyName: 'Sentinel',
    email: 'zed@example.test',
    dateOfBirth: '1990-05-01',
    language: 'en',
    onboardingDone: true,
  },
};

async function settle(el: Element) {
  for (let i = 0; i < 5; i++) {
    await nextFrame();
    await (el as PortalElement).updateComplete;
  }
}

describe('adapter resolution (base element)', () => {
  afterEach(() => resetBackends());

  it('elements naming the same backend share one adapter and one session', async () => {
    const page = await fixture<HTMLDivElement>(
      html`<div>
        <test-probe backend="hl7v2://ehr.example/R4"></test-probe>
        <test-probe backend="hl7v2://ehr.example/R4"></test-probe>
        <test-probe backend="http://127.0.0.1:9/portal-api"></test-probe>
      </div>`,
    );
    const [a, b, c] = [...page.querySelectorAll<ProbeElement>('test-probe')];
    await settle(c!);
    expect(a!.adapterInUse).to.exist;
    expect(a!.adapterInUse).to.equal(b!.adapterInUse);
    expect(a!.adapterInUse).to.not.equal(c!.adapterInUse);
    expect(await adapterForBackend(' hl7v2://ehr.example/R4 ')).to.equal(a!.adapterInUse);
  });

  it('backend="demo" loads the demo clinic once; a sign-in through one element is seen by the other', async () => {
    const page = await fixture<HTMLDivElement>(
      html`<div>
        <test-probe id="header" backend="demo"></test-probe>
        <test-probe id="body" backend="demo"></test-probe>
      </div>`,
    );
    const header = page.querySelector<ProbeElement>('#header')!;
    const body = page.querySelector<ProbeElement>('#body')!;
    await settle(body);
    expect(header.adapterInUse?.demo).to.be.true;
    expect(header.adapterInUse).to.equal(body.adapterInUse);
    expect(header.sessionInUse).to.equal(body.sessionInUse);
    expect(header.shadowRoot!.querySelector('[part="demo-marker"]')).to.exist;

    const adapter = header.adapterInUse!;
    const result = await adapter.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
    expect(result.status).to.equal('signed-in');
    if (result.status === 'signed-in') header.sessionInUse!.signedIn(result.session);
    expect(body.sessionInUse!.state.status).to.equal('signed-in');
    await body.sessionInUse!.signOut();
    expect(header.sessionInUse!.state.session).to.be.null;
    await expectAccessible(page);
  });

  it('own adapter property wins over backend, which wins over the enclosing portal', async () => {
    const portalAdapter = fakeAdapter();
    const ownAdapter = fakeAdapter();
    const page = await fixture<PatientPortal>(
      html`<patient-portal .adapter=${portalAdapter}>
        <test-probe id="inherits"></test-probe>
        <test-probe id="own" .adapter=${ownAdapter} backend="hl7v2://x.example/R4"></test-probe>
        <test-probe id="named" backend="hl7v2://x.example/R4"></test-probe>
      </patient-portal>`,
    );
    const inherits = page.querySelector<ProbeElement>('#inherits')!;
    const own = page.querySelector<ProbeElement>('#own')!;
    const named = page.querySelector<ProbeElement>('#named')!;
    await settle(named);
    expect(inherits.adapterInUse).to.equal(portalAdapter);
    expect(inherits.sessionInUse).to.equal(sessionFor(portalAdapter));
    expect(own.adapterInUse).to.equal(ownAdapter);
    expect(own.sessionInUse).to.not.equal(inherits.sessionInUse);
    expect(named.adapterInUse).to.not.equal(portalAdapter);
    expect(isUnavailable(named.adapterInUse!)).to.be.true;
  });

  it('changing the backend attribute at run time switches the adapter', async () => {
    const el = await fixture<ProbeElement>(html`<test-probe backend="hl7v2://one.example/R4"></test-probe>`);
    await settle(el);
    const first = el.adapterInUse;
    el.backend = 'hl7v2://two.example/R4';
    await settle(el);
    expect(el.adapterInUse).to.exist.and.not.equal(first);
  });

  it('backend="fhir:…" loads the FHIR adapter (a lazy chunk), one per value; "fhir:" with a non-loopback http URL stays unavailable', async () => {
    const {FhirAdapter} = await import('../../src/adapters/fhir/index.js');
    const a = await adapterForBackend('fhir:https://ehr.example/fhir/R4');
    expect(a).to.be.instanceOf(FhirAdapter);
    expect(isUnavailable(a)).to.be.false;
    expect(await adapterForBackend(' fhir:https://ehr.example/fhir/R4')).to.equal(a);
    expect(isUnavailable(await adapterForBackend('fhir:http://ehr.example/fhir/R4'))).to.be.true;
  });

  for (const value of [
    'hl7v2://ehr.example/R4',
    'javascript:alert(1)',
    'http://evil.example/api',
    'ftp://x',
  ]) {
    it(`backend="${value}" shows a clear "not available" state, not a crash`, async () => {
      const el = await fixture<ProbeElement>(html`<test-probe backend=${value}></test-probe>`);
      await settle(el);
      expect(el.status).to.equal('unavailable');
      const alert = el.shadowRoot!.querySelector('[role="alert"]');
      expect(alert?.textContent).to.contain('aren’t available');
      await expectAccessible(el);
    });
  }
});

describe('<patient-portal>', () => {
  afterEach(async () => {
    resetBackends();
    configureSessions({});
    document.documentElement.lang = 'en';
    await setPageLocale('en');
  });

  it('shows the demo marker for a demo backend and passes axe in English and Spanish', async () => {
    const el = await fixture<PatientPortal>(
      html`<patient-portal .adapter=${fakeAdapter({demo: true})}><p>Clinic content</p></patient-portal>`,
    );
    await settle(el);
    const marker = el.shadowRoot!.querySelector('[part="demo-marker"]');
    expect(marker?.textContent).to.contain('Demo clinic');
    await expectAccessible(el, 'portal en');
    const pageLang = document.documentElement.lang;
    el.lang = 'es-MX';
    // The portal asks for the language as it updates: wait for that, then for the catalog.
    await el.updateComplete;
    await localeReady();
    await settle(el);
    expect(document.documentElement.lang).to.equal(pageLang, 'the page lang attribute is left alone');
    expect(el.shadowRoot!.querySelector('[part="demo-marker"]')?.textContent).to.contain(
      'Clínica de demostración',
    );
    await expectAccessible(el, 'portal es');
  });

  it('follows <html lang> when it has no lang of its own', async () => {
    const el = await fixture<PatientPortal>(
      html`<patient-portal .adapter=${fakeAdapter({demo: true})}></patient-portal>`,
    );
    document.documentElement.lang = 'es';
    await new Promise((r) => setTimeout(r, 0));
    await localeReady();
    await settle(el);
    expect(el.shadowRoot!.querySelector('[part="demo-marker"]')?.textContent).to.contain(
      'Clínica de demostración',
    );
  });

  it('warns before idle sign-out, "Stay signed in" extends, and signs out at 15 minutes', async () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 22, 16, 0));
    configureSessions({clock});
    const adapter = fakeAdapter({session});
    const el = await fixture<PatientPortal>(html`<patient-portal .adapter=${adapter}></patient-portal>`);
    el.clock = clock;
    await settle(el);
    const store = sessionFor(adapter);
    expect(store.state.status).to.equal('signed-in');

    clock.advance(12 * 60_000);
    await settle(el);
    expect(el.shadowRoot!.querySelector('[part="session-warning"]'), 'no warning before 13 min').to.be.null;

    clock.advance(60_000 + 1);
    await settle(el);
    const warning = el.shadowRoot!.querySelector('[part="session-warning"]');
    expect(warning, 'warning 2 min before').to.exist;
    await expectAccessible(el, 'session warning');
    const stay = [...el.shadowRoot!.querySelectorAll('button')].find((b) =>
      b.textContent?.includes('Stay signed in'),
    )!;
    stay.click();
    await settle(el);
    expect(adapter.calls).to.include('extendSession');
    expect(el.shadowRoot!.querySelector('[part="session-warning"]')).to.be.null;

    const signedOut = oneEvent(el, PortalSignedOutEvent.type);
    clock.advance(15 * 60_000);
    const event = (await signedOut) as unknown as PortalSignedOutEvent;
    expect(event.reason).to.equal('idle');
    expect(store.state.status).to.equal('signed-out');
    expect(adapter.calls).to.include('signOut');
  });

  it('a tab hidden past the limit signs out as soon as it is visible again', async () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 22, 16, 0));
    configureSessions({clock});
    const adapter = fakeAdapter({session});
    const el = await fixture<PatientPortal>(html`<patient-portal .adapter=${adapter}></patient-portal>`);
    await settle(el);
    const store = sessionFor(adapter);
    expect(store.state.status).to.equal('signed-in');
    clock.jump(20 * 60_000); // timers were throttled while hidden
    document.dispatchEvent(new Event('visibilitychange'));
    expect(store.state.status).to.equal('signed-out');
    expect(store.state.lastSignOut).to.equal('idle');
  });
});
