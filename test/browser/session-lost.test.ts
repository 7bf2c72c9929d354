/**
 * One session per backend on the page (issue #13): a 401 that any element meets signs out every
 * element using that backend — through the REST adapter's `onSessionLost` (wired by the registry)
 * for elements naming the same `backend`, and through the elements' one error path
 * (`reportError`) for an adapter object handed to them as a property.
 */
import {expect, fixture, html} from '@open-wc/testing';
import '../../src/define/patient-login.js';
import '../../src/define/booking-widget.js';
import '../../src/define/appointment-list.js';
import {
  createDemoAdapter,
  DEMO_PATIENT_EMAIL,
  DEMO_PATIENT_PASSWORD,
  type MemoryAdapter,
} from '../../src/adapters/memory/index.js';
import {RestAdapter} from '../../src/adapters/rest/index.js';
import {resetBackends, sessionFor} from '../../src/adapters/registry.js';
import type {Session} from '../../src/adapters/adapter.js';
import type {SessionSnapshot} from '../../src/controllers/session-store.js';
import type {PortalErrorEvent, PortalSignedOutEvent} from '../../src/events.js';
import {localeReady, setPageLocale} from '../../src/localization/localization.js';
import {installFakeRest, problem} from './helpers/fake-rest.js';
import {squash, until} from './helpers/dom.js';

const BASE = '/fake-portal-api';

/** What the patient sees in an element: its shadow root and (for the login) its light-DOM form. */
const text = (el: Element) => squash(`${el.shadowRoot?.textContent ?? ''} ${el.textContent ?? ''}`);
const status = (el: Element) => (el as unknown as {sessionState: SessionSnapshot}).sessionState.status;

async function demoSession(clinic: MemoryAdapter): Promise<Session> {
  const result = await clinic.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
  if (result.status !== 'signed-in') throw new Error('the demo patient has no second factor');
  return result.session;
}

/** A gate the test opens: until then `/appointments` waits; then it answers 401 session-expired. */
function expiringList() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return {
    open,
    route: async () => {
      await opened;
      return problem(401, 'session-expired');
    },
  };
}

describe('session lost (a 401 in one element signs out every element on its backend)', () => {
  let restore: (() => void) | undefined;

  before(async () => {
    setPageLocale('en-US');
    await localeReady();
  });

  afterEach(() => {
    restore?.();
    restore = undefined;
    resetBackends();
  });

  async function page(elements: (b: string) => ReturnType<typeof html>, backend: string) {
    const root = await fixture<HTMLDivElement>(html`<div>${elements(backend)}</div>`);
    const login = root.querySelector('patient-login')!;
    const booking = root.querySelector('booking-widget')!;
    const list = root.querySelector('appointment-list')!;
    return {root, login, booking, list};
  }

  async function expectSignedOutEverywhere(p: Awaited<ReturnType<typeof page>>, gate: {open(): void}) {
    const signedOut: PortalSignedOutEvent[] = [];
    const errors: PortalErrorEvent[] = [];
    p.root.addEventListener('portal-signed-out', (e) => signedOut.push(e));
    p.root.addEventListener('portal-error', (e) => errors.push(e));

    // Everyone shares the session the backend's cookie gave.
    await until(() => /Signed in as Ana/.test(text(p.login)), 'the login to show the patient');
    await until(() => status(p.booking) === 'signed-in', 'the booking widget signed in');
    expect(status(p.list)).to.equal('signed-in');
    await until(
      () => /Book an appointment/.test(text(p.booking)) && !/Loading/.test(text(p.booking)),
      'the booking widget',
    );
    expect(text(p.booking)).not.to.include('Phone check'); // signed in: no SMS check step

    // The list's request meets a 401 session-expired.
    gate.open();

    await until(
      () => /Please sign in to see your appointments/.test(text(p.list)),
      'the list to ask for sign-in',
    );
    await until(() => p.login.querySelector('input[autocomplete="current-password"]'), 'the sign-in form');
    expect(text(p.login)).to.include('Your session has ended. Please sign in again.');
    expect(text(p.login)).not.to.include('Signed in as');
    expect(status(p.booking)).to.equal('signed-out');
    await until(
      () => text(p.booking).includes('Phone check'),
      'the booking widget to ask a guest for the SMS check',
    );
    expect(signedOut.map((e) => e.reason)).to.deep.equal(['expired']);
    return errors.map((e) => `${e.code} ${e.operation}`);
  }

  it('through onSessionLost: elements naming the same REST backend all show signed out', async () => {
    const clinic = createDemoAdapter();
    const gate = expiringList();
    const fake = installFakeRest(BASE, clinic, {
      session: await demoSession(clinic),
      routes: {'GET /appointments': gate.route},
    });
    restore = fake.restore;
    const p = await page(
      (b) => html`
        <patient-login backend=${b}></patient-login>
        <booking-widget backend=${b}></booking-widget>
        <appointment-list backend=${b}></appointment-list>
      `,
      BASE,
    );
    // The session store heard the adapter before the list's request settled: the list was signed
    // out (its request aborted) rather than left to report the error itself.
    expect(await expectSignedOutEverywhere(p, gate)).to.deep.equal([]);
    // One shared adapter: the cookie's session was asked for once, for all three elements.
    expect(fake.requests.filter((r) => r === 'GET /session')).to.have.length(1);
  });

  it('through reportError: elements sharing an adapter object (no registry events) all show signed out', async () => {
    const clinic = createDemoAdapter();
    const gate = expiringList();
    const fake = installFakeRest(BASE, clinic, {
      session: await demoSession(clinic),
      routes: {'GET /appointments': gate.route},
    });
    restore = fake.restore;
    // Built by the host, without events: only the elements' error path can tell the session.
    const rest = new RestAdapter({baseUrl: BASE});
    sessionFor(rest);
    const p = await page(
      () => html`
        <patient-login .adapter=${rest}></patient-login>
        <booking-widget .adapter=${rest}></booking-widget>
        <appointment-list .adapter=${rest}></appointment-list>
      `,
      BASE,
    );
    expect(await expectSignedOutEverywhere(p, gate)).to.deep.equal(['session-expired listAppointments']);
  });
});
