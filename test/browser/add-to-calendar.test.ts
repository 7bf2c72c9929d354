import {expect, fixture, html, nextFrame, waitUntil} from '@open-wc/testing';
import '../../src/define/portal-add-to-calendar.js';
import type {
  AddToCalendar,
  PortalCalendarAddedEvent,
} from '../../src/elements/add-to-calendar/add-to-calendar.js';
import {
  createDemoAdapter,
  DEMO_PATIENT_EMAIL,
  DEMO_PATIENT_PASSWORD,
  type MemoryAdapter,
} from '../../src/adapters/memory/index.js';
import type {Appointment, Clinic} from '../../src/domain/types.js';
import {localeReady, setPageLocale} from '../../src/localization/localization.js';
import {expectAccessible} from './helpers/a11y.js';

/** Tuesday 3 March 2026, 09:00 in Mexico City. */
const NOW = Date.UTC(2026, 2, 3, 15, 0);
/** The demo patient's identity: none of it may leave in a link, a file or an event. */
const IDENTITY = ['García López', 'ana@demo.clinic', '+525512345678', '1990-05-01', 'Ana García'];

let adapter: MemoryAdapter;
let clinic: Clinic;
let inPerson: Appointment;
let videoVisit: Appointment;

async function demoData() {
  adapter = createDemoAdapter({clock: () => NOW});
  const result = await adapter.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
  expect(result.status).to.equal('signed-in');
  clinic = await adapter.getClinic();
  const upcoming = (await adapter.listAppointments({when: 'upcoming'})).items;
  inPerson = upcoming.find((a) => a.mode === 'in-person' && a.location)!;
  videoVisit = upcoming.find((a) => a.mode === 'video')!;
  expect(inPerson, 'the demo patient has an upcoming in-person visit').to.exist;
  expect(videoVisit, 'the demo patient has an upcoming video visit').to.exist;
}

async function settle(el: AddToCalendar) {
  for (let i = 0; i < 4; i++) {
    await nextFrame();
    await el.updateComplete;
  }
}

function parts(el: AddToCalendar) {
  const root = el.shadowRoot!;
  return {
    group: root.querySelector<HTMLElement>('[role="group"]'),
    button: root.querySelector<HTMLButtonElement>('[part~="ics-button"]'),
    link: root.querySelector<HTMLAnchorElement>('[part~="google-link"]'),
  };
}

function expectNoIdentity(text: string, where: string) {
  const decoded = decodeURIComponent(text);
  for (const value of IDENTITY) expect(decoded, `${where} must not contain "${value}"`).to.not.contain(value);
}

/** Catches the element's download: the object URL's Blob and the <a download> click (prevented). */
function interceptDownload() {
  const originalCreate = URL.createObjectURL;
  const originalRevoke = URL.revokeObjectURL;
  const seen = {
    blobs: [] as Blob[],
    revoked: [] as string[],
    clicks: [] as {href: string; download: string}[],
  };
  URL.createObjectURL = (obj: Blob | MediaSource) => {
    seen.blobs.push(obj as Blob);
    return `blob:${location.origin}/fake-${seen.blobs.length}`;
  };
  URL.revokeObjectURL = (url: string) => {
    seen.revoked.push(url);
  };
  const onClick = (e: Event) => {
    const target = e.composedPath()[0];
    if (target instanceof HTMLAnchorElement && target.hasAttribute('download')) {
      seen.clicks.push({href: target.href, download: target.download});
      e.preventDefault();
    }
  };
  document.addEventListener('click', onClick, true);
  return {
    seen,
    restore() {
      URL.createObjectURL = originalCreate;
      URL.revokeObjectURL = originalRevoke;
      document.removeEventListener('click', onClick, true);
    },
  };
}

describe('<portal-add-to-calendar>', () => {
  beforeEach(demoData);
  afterEach(async () => {
    document.documentElement.lang = 'en';
    await setPageLocale('en');
  });

  it('offers a calendar file and a Google Calendar link that opens safely in a new tab', async () => {
    const el = await fixture<AddToCalendar>(
      html`<portal-add-to-calendar .appointment=${inPerson} .clinic=${clinic}></portal-add-to-calendar>`,
    );
    await settle(el);
    const {group, button, link} = parts(el);
    expect(group?.getAttribute('aria-labelledby')).to.equal('title');
    expect(el.shadowRoot!.getElementById('title')?.textContent).to.equal('Add to calendar');
    expect(button?.textContent?.trim()).to.equal('Download calendar file (.ics)');
    expect(link?.textContent).to.contain('Google Calendar');
    expect(link?.textContent).to.contain('(opens in a new tab)');
    expect(link?.target).to.equal('_blank');
    expect(link?.rel.split(' ')).to.include.members(['noopener', 'noreferrer']);

    const url = new URL(link!.href);
    expect(url.origin + url.pathname).to.equal('https://calendar.google.com/calendar/render');
    expect(url.searchParams.get('action')).to.equal('TEMPLATE');
    expect(url.searchParams.get('ctz')).to.equal('America/Mexico_City');
    expect(url.searchParams.get('location')).to.equal(inPerson.location!.address);
    const [start, end] = url.searchParams.get('dates')!.split('/');
    expect(start).to.equal(new Date(inPerson.start).toISOString().replace(/[-:]|\.\d{3}/g, ''));
    expect(end).to.equal(new Date(inPerson.end).toISOString().replace(/[-:]|\.\d{3}/g, ''));
    expectNoIdentity(link!.href, 'the Google link');
    await expectAccessible(el, 'add-to-calendar en');
  });

  it('says "Video visit" for a video visit', async () => {
    const el = await fixture<AddToCalendar>(
      html`<portal-add-to-calendar .appointment=${videoVisit} .clinic=${clinic}></portal-add-to-calendar>`,
    );
    await settle(el);
    const url = new URL(parts(el).link!.href);
    expect(url.searchParams.get('location')).to.equal('Video visit');
  });

  it('downloads an .ics Blob through a temporary <a download>, revokes the URL and fires portal-calendar-added', async () => {
    const download = interceptDownload();
    try {
      const el = await fixture<AddToCalendar>(
        html`<portal-add-to-calendar .appointment=${inPerson} .clinic=${clinic}></portal-add-to-calendar>`,
      );
      await settle(el);
      const events: PortalCalendarAddedEvent[] = [];
      document.addEventListener('portal-calendar-added', (e) => events.push(e as PortalCalendarAddedEvent), {
        once: true,
      });
      parts(el).button!.click();
      await waitUntil(() => download.seen.clicks.length === 1, 'the file is offered for download');

      expect(download.seen.blobs).to.have.length(1);
      const blob = download.seen.blobs[0]!;
      expect(blob.type).to.equal('text/calendar;charset=utf-8');
      const text = await blob.text();
      expect(text.startsWith('BEGIN:VCALENDAR\r\n')).to.be.true;
      expect(text).to.contain('\r\nBEGIN:VEVENT\r\n');
      expect(text).to.contain(`\r\nUID:${inPerson.id}@`);
      expect(text).to.contain(
        `\r\nDTSTART:${new Date(inPerson.start).toISOString().replace(/[-:]|\.\d{3}/g, '')}\r\n`,
      );
      expectNoIdentity(text, 'the .ics file');

      const click = download.seen.clicks[0]!;
      expect(click.href).to.equal(`blob:${location.origin}/fake-1`);
      expect(click.download).to.match(/^appointment-\d{4}-\d{2}-\d{2}\.ics$/);
      expect(el.shadowRoot!.querySelector('a[download]'), 'the temporary link is removed').to.be.null;

      expect(events).to.have.length(1);
      expect(events[0]!.appointmentId).to.equal(inPerson.id);
      expect(events[0]!.kind).to.equal('ics');
      expect(events[0]!.bubbles && events[0]!.composed).to.be.true;
      expectNoIdentity(JSON.stringify({...events[0]}), 'the event');

      await waitUntil(() => download.seen.revoked.length === 1, 'the object URL is revoked', {timeout: 3000});
      expect(download.seen.revoked[0]).to.equal(click.href);
      await expectAccessible(el, 'after download');
    } finally {
      download.restore();
    }
  });

  it('fires portal-calendar-added (google) when the patient follows the Google link', async () => {
    const el = await fixture<AddToCalendar>(
      html`<portal-add-to-calendar .appointment=${inPerson} .clinic=${clinic}></portal-add-to-calendar>`,
    );
    await settle(el);
    const events: PortalCalendarAddedEvent[] = [];
    const listener = (e: Event) => events.push(e as PortalCalendarAddedEvent);
    // Keep the test page from opening a tab; the element has handled the click by then.
    const stop = (e: Event) => e.preventDefault();
    document.addEventListener('portal-calendar-added', listener);
    document.addEventListener('click', stop);
    try {
      parts(el).link!.click();
    } finally {
      document.removeEventListener('portal-calendar-added', listener);
      document.removeEventListener('click', stop);
    }
    expect(events.map((e) => [e.appointmentId, e.kind])).to.deep.equal([[inPerson.id, 'google']]);
  });

  it('reads the clinic from its backend when none is given', async () => {
    const el = await fixture<AddToCalendar>(
      html`<portal-add-to-calendar .adapter=${adapter} .appointment=${inPerson}></portal-add-to-calendar>`,
    );
    await waitUntil(() => parts(el).link, 'the actions appear once the clinic is loaded');
    expect(new URL(parts(el).link!.href).searchParams.get('text')).to.contain(clinic.name);
    await expectAccessible(el, 'with the demo backend');
  });

  it('renders nothing without an appointment', async () => {
    const el = await fixture<AddToCalendar>(
      html`<portal-add-to-calendar .clinic=${clinic}></portal-add-to-calendar>`,
    );
    await settle(el);
    expect(parts(el).button).to.be.null;
  });

  it('passes axe in Spanish, with the services named in Spanish', async () => {
    await setPageLocale('es-MX');
    await localeReady();
    const el = await fixture<AddToCalendar>(
      html`<portal-add-to-calendar .appointment=${inPerson} .clinic=${clinic}></portal-add-to-calendar>`,
    );
    await settle(el);
    const text = new URL(parts(el).link!.href).searchParams.get('text')!;
    expect(text).to.contain(inPerson.services[0]!.name['es']!);
    await expectAccessible(el, 'add-to-calendar es');
  });
});
