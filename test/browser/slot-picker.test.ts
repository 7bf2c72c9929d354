/**
 * <portal-slot-picker> in real Chromium against the demo clinic (MemoryAdapter) with a fixed clock:
 * the month grid, keyboard, choosing a day and a time, next available day, the zone switch, request
 * cancellation, errors, conflict alternatives, DST labels, server time — and axe in every state, in
 * English and Spanish.
 */
import {expect, fixture, html, nextFrame, oneEvent, waitUntil} from '@open-wc/testing';
import {sendKeys} from '@web/test-runner-commands';
import '../../src/define/portal-slot-picker.js';
import {PortalSlotSelectedEvent, type SlotPicker} from '../../src/elements/slot-picker/slot-picker.js';
import {createDemoAdapter, type MemoryAdapter} from '../../src/adapters/memory/index.js';
import {NetworkError, type PortalAdapter} from '../../src/adapters/adapter.js';
import type {Availability, AvailabilityQuery, RequestOptions} from '../../src/adapters/adapter.js';
import type {Slot} from '../../src/domain/types.js';
import {localeReady, setPageLocale} from '../../src/localization/localization.js';
import {expectAccessible} from './helpers/a11y.js';
import {itIn} from './helpers/engine.js';

const ICU72_ES_MX =
  "WebKitGTK formats with Debian's ICU 72, whose es-MX times are 24-hour (9:00, not 9:00 a.m.; the element follows Intl)";

/** Monday 2 March 2026, 10:00 in Mexico City (the demo clinic's zone and the test browser's). */
const FIXED = Date.UTC(2026, 2, 2, 16, 0);
/** Friday 31 July 2026, 18:00 in Mexico City: no dermatology times are left in July. */
const END_OF_JULY = Date.UTC(2026, 6, 32, 0, 0);

function demo(now = FIXED, latencyMs = 0): MemoryAdapter {
  return createDemoAdapter({clock: () => now, latencyMs});
}

/** The adapter, with every `getAvailability` call's query and signal recorded. */
function recording(adapter: PortalAdapter) {
  const calls: {query: AvailabilityQuery; signal?: AbortSignal}[] = [];
  const proxy = new Proxy(adapter, {
    get(target, prop) {
      if (prop === 'getAvailability') {
        return (query: AvailabilityQuery, options?: RequestOptions) => {
          calls.push({query, signal: options?.signal});
          return target.getAvailability(query, options);
        };
      }
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return {adapter: proxy, calls};
}

interface Options {
  adapter?: PortalAdapter;
  now?: number;
  services?: string[];
  startDate?: string;
  patientZone?: string;
  timeZone?: string;
  highlightNear?: string;
  exclude?: string[];
  selected?: Slot;
}

async function picker(o: Options = {}): Promise<SlotPicker> {
  const el = await fixture<SlotPicker>(
    html`<portal-slot-picker
      .adapter=${o.adapter ?? demo(o.now)}
      .serviceIds=${o.services ?? ['svc-general']}
      provider-id="any"
      time-zone=${o.timeZone ?? 'America/Mexico_City'}
      .serverNow=${o.now ?? FIXED}
      .startDate=${o.startDate}
      .patientZone=${o.patientZone ?? 'America/Mexico_City'}
      .highlightNear=${o.highlightNear}
      .excludeSlotIds=${o.exclude ?? []}
      .selected=${o.selected}
    ></portal-slot-picker>`,
  );
  return el;
}

const root = (el: SlotPicker) => el.shadowRoot!;
const grid = (el: SlotPicker) => root(el).querySelector<HTMLTableElement>('[role="grid"]')!;
const cell = (el: SlotPicker, date: string) => root(el).querySelector<HTMLElement>(`td[data-day="${date}"]`)!;
const title = (el: SlotPicker) => root(el).querySelector('[part="month-title"]')?.textContent!.trim() ?? '';
const times = (el: SlotPicker) => [
  ...root(el).querySelectorAll<HTMLButtonElement>('.panel .group button.time'),
];
const text = (el: SlotPicker) => root(el).textContent!.replace(/\s+/g, ' ');
const focused = (el: SlotPicker) => root(el).activeElement as HTMLElement | null;
const button = (el: SlotPicker, label: string) =>
  [...root(el).querySelectorAll<HTMLButtonElement>('button')].find(
    (b) => (b.getAttribute('aria-label') ?? b.textContent!.trim()) === label,
  );

/** Waits until the visible month's availability has arrived (the grid is no longer busy). */
async function loaded(el: SlotPicker) {
  await waitUntil(
    () => grid(el)?.getAttribute('aria-busy') === 'false' && !root(el).querySelector('.spinner'),
    'availability did not load',
    {timeout: 4000},
  );
  await el.updateComplete;
}

async function loadedWithTimes(el: SlotPicker) {
  await waitUntil(() => root(el).querySelector('td[part~="day-available"]'), 'no available day shown', {
    timeout: 4000,
  });
  await el.updateComplete;
}

function announced(politeness: 'polite' | 'assertive'): string {
  return document.querySelector(`[data-portal-announcer="${politeness}"]`)?.textContent ?? '';
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

afterEach(async () => {
  document.documentElement.lang = 'en';
  await setPageLocale('en-US');
});

describe('<portal-slot-picker>: the month', () => {
  it('shows the month in a grid: weekday headers, today marked, days without times disabled', async () => {
    const el = await picker();
    await loadedWithTimes(el);
    expect(title(el)).to.equal('March 2026');
    const headers = [...grid(el).querySelectorAll('th')];
    expect(headers).to.have.length(7);
    expect(
      headers[0]!.querySelector('[aria-hidden="true"]')!.textContent,
      'en-US weeks start on Sunday',
    ).to.equal('Sun');
    expect(headers[0]!.querySelector('.visually-hidden')!.textContent, 'read as the full name').to.equal(
      'Sunday',
    );
    expect(grid(el).getAttribute('aria-labelledby')).to.equal('month-title');
    expect(grid(el).querySelectorAll('tbody tr').length).to.equal(5);
    // Sunday 1 March sits in the first column.
    expect(grid(el).querySelector('tbody tr')!.firstElementChild!.getAttribute('data-day')).to.equal(
      '2026-03-01',
    );

    expect(cell(el, '2026-03-02').getAttribute('aria-current'), 'today').to.equal('date');
    expect(cell(el, '2026-03-03').hasAttribute('aria-disabled'), 'a Tuesday has times').to.be.false;
    expect(cell(el, '2026-03-03').getAttribute('aria-label')).to.equal('Tuesday, March 3, times available');
    expect(cell(el, '2026-03-08').getAttribute('aria-disabled'), 'Sundays are closed').to.equal('true');
    expect(cell(el, '2026-03-08').getAttribute('aria-label')).to.equal('Sunday, March 8, no times');
    expect(cell(el, '2026-03-16').getAttribute('aria-disabled'), 'a holiday').to.equal('true');
    expect(cell(el, '2026-03-01').getAttribute('aria-disabled'), 'the past').to.equal('true');
    expect(cell(el, '2026-03-08').tabIndex, 'disabled days stay reachable by arrow keys').to.equal(-1);

    const previous = button(el, 'Previous month')!;
    // aria-disabled, not disabled: a focused button that became disabled would drop focus to the page.
    expect(previous.getAttribute('aria-disabled'), 'no going back before this month').to.equal('true');
    previous.click();
    await el.updateComplete;
    expect(title(el)).to.equal('March 2026');
    expect(button(el, 'Next month')!.getAttribute('aria-disabled')).to.equal('false');
    expect(text(el)).to.contain('Choose a day to see its times.');
    expect(text(el)).to.contain('Times are in Mexico City time');
    await expectAccessible(el, 'month en');
  });

  it('is complete by keyboard: arrows, Home/End, PageUp/PageDown, Enter', async () => {
    const el = await picker();
    await loadedWithTimes(el);
    el.focus();
    expect(focused(el)?.dataset['day'], 'focus() lands on today').to.equal('2026-03-02');
    expect(grid(el).querySelectorAll('td[tabindex="0"]')).to.have.length(1);

    await sendKeys({press: 'ArrowRight'});
    expect(focused(el)?.dataset['day']).to.equal('2026-03-03');
    await sendKeys({press: 'ArrowDown'});
    expect(focused(el)?.dataset['day']).to.equal('2026-03-10');
    await sendKeys({press: 'Home'});
    expect(focused(el)?.dataset['day'], 'start of the week (Sunday)').to.equal('2026-03-08');
    await sendKeys({press: 'End'});
    expect(focused(el)?.dataset['day'], 'end of the week (Saturday)').to.equal('2026-03-14');
    await sendKeys({press: 'ArrowUp'});
    await sendKeys({press: 'ArrowUp'});
    await sendKeys({press: 'ArrowUp'});
    expect(focused(el)?.dataset['day'], 'not before the first day of this month').to.equal('2026-03-01');
    await sendKeys({press: 'ArrowLeft'});
    expect(focused(el)?.dataset['day']).to.equal('2026-03-01');

    await sendKeys({press: 'PageDown'});
    await el.updateComplete;
    expect(title(el)).to.equal('April 2026');
    expect(focused(el)?.dataset['day']).to.equal('2026-04-01');
    await sendKeys({press: 'PageUp'});
    await el.updateComplete;
    expect(title(el)).to.equal('March 2026');
    await loaded(el);

    // Enter on a day without times does nothing; on a day with times it shows them.
    await sendKeys({press: 'Home'});
    await sendKeys({press: 'Enter'});
    await el.updateComplete;
    expect(times(el)).to.have.length(0);
    await sendKeys({press: 'ArrowRight'});
    await sendKeys({press: 'ArrowRight'});
    await sendKeys({press: ' '});
    await el.updateComplete;
    expect(focused(el)?.dataset['day']).to.equal('2026-03-03');
    expect(cell(el, '2026-03-03').getAttribute('aria-selected')).to.equal('true');
    expect(times(el).length).to.be.greaterThan(0);
    // Tab leaves the grid for the next control (one tab stop for the whole grid).
    await sendKeys({press: 'Tab'});
    expect(focused(el)?.localName).to.equal('button');
  });

  it('choosing a day then a time fires portal-slot-selected with that slot', async () => {
    const adapter = demo();
    const el = await picker({adapter});
    await loadedWithTimes(el);
    cell(el, '2026-03-03').click();
    await el.updateComplete;
    expect(text(el)).to.contain('Times on Tuesday, March 3');
    const groups = [...root(el).querySelectorAll('.panel [role="group"]')].map(
      (g) => root(el).getElementById(g.getAttribute('aria-labelledby')!)!.textContent,
    );
    expect(groups).to.deep.equal(['Morning', 'Afternoon', 'Evening']);
    const first = times(el)[0]!;
    expect(first.textContent!.trim()).to.equal('9:00 AM');
    expect(first.getAttribute('aria-label')).to.equal('Tuesday, March 3 at 9:00 AM, Mexico City time');
    expect(first.getBoundingClientRect().height, 'target size').to.be.at.least(44);
    await expectAccessible(el, 'day en');

    const {slots} = await adapter.getAvailability({
      serviceIds: ['svc-general'],
      providerId: 'any',
      from: '2026-03-03T09:00:00-06:00',
      to: '2026-03-03T09:01:00-06:00',
    });
    const picked = oneEvent(el, PortalSlotSelectedEvent.type);
    first.click();
    const event = (await picked) as unknown as PortalSlotSelectedEvent;
    expect(event).to.be.instanceOf(PortalSlotSelectedEvent);
    expect(event.bubbles && event.composed).to.be.true;
    expect(event.slot).to.deep.equal(slots[0]);
    expect(Object.keys(event.slot).sort()).to.deep.equal(
      ['end', 'id', 'locationId', 'mode', 'providerId', 'serviceIds', 'start'],
      'a slot carries no patient data',
    );
    await el.updateComplete;
    expect(first.getAttribute('aria-pressed')).to.equal('true');
    expect(el.selected?.id).to.equal(slots[0]!.id);
  });

  itIn(['chromium', 'firefox'], ICU72_ES_MX)(
    'groups times by the language’s parts of the day: Spanish afternoon runs to 8 p.m. (issue #23 item 11)',
    async () => {
      const el = await picker();
      await loadedWithTimes(el);
      cell(el, '2026-03-03').click();
      await el.updateComplete;
      /** Each group's label and the 24-hour hours of its times (from the accessible names' times). */
      const grouped = () =>
        [...root(el).querySelectorAll('.panel .group')].map((g) => ({
          label: root(el).getElementById(g.getAttribute('aria-labelledby')!)!.textContent!.trim(),
          hours: [...g.querySelectorAll<HTMLElement>('.time')].map((b) => {
            const [, h, pm] = /(\d+):\d\d\s?([ap])/i.exec(b.textContent!.replace(/\./g, ''))!;
            return (Number(h) % 12) + (/p/i.test(pm!) ? 12 : 0);
          }),
        }));
      const en = grouped();
      expect(en.map((g) => g.label)).to.deep.equal(['Morning', 'Afternoon', 'Evening']);
      expect(en[1]!.hours, 'English: 5 p.m. is afternoon').to.include(17);
      expect(Math.max(...en[1]!.hours)).to.be.below(18);
      expect(Math.min(...en[2]!.hours), 'English: evening from 6 p.m.').to.equal(18);
      await setPageLocale('es-MX');
      await localeReady();
      await el.updateComplete;
      const es = grouped();
      expect(
        es.map((g) => g.label),
        'no times after 8 p.m.: no "Noche"',
      ).to.deep.equal(['Mañana', 'Tarde']);
      expect(es[1]!.hours, 'Spanish: 5 and 6 p.m. are "tarde"').to.include.members([17, 18]);
      await expectAccessible(el, 'day es');
    },
  );

  it('the times are one Tab stop: arrows, Home and End move among them (issue #23 item 11)', async () => {
    const el = await picker();
    await loadedWithTimes(el);
    cell(el, '2026-03-03').click();
    await el.updateComplete;
    const all = () => [...root(el).querySelectorAll<HTMLButtonElement>('.panel button.time')];
    const stops = () => all().filter((b) => b.tabIndex === 0);
    expect(all().length).to.be.greaterThan(5);
    expect(stops(), 'one Tab stop for the whole list').to.deep.equal([all()[0]]);
    all()[0]!.focus();
    await sendKeys({press: 'ArrowRight'});
    expect(focused(el)).to.equal(all()[1]);
    await sendKeys({press: 'ArrowDown'});
    expect(focused(el)).to.equal(all()[2]);
    await sendKeys({press: 'ArrowUp'});
    expect(focused(el)).to.equal(all()[1]);
    await sendKeys({press: 'End'});
    expect(focused(el), 'End crosses the parts of the day').to.equal(all().at(-1));
    await sendKeys({press: 'ArrowRight'});
    expect(focused(el), 'stays on the last').to.equal(all().at(-1));
    await sendKeys({press: 'Home'});
    expect(focused(el)).to.equal(all()[0]);
    await sendKeys({press: 'ArrowRight'});
    await sendKeys({press: 'Enter'});
    await el.updateComplete;
    expect(all()[1]!.getAttribute('aria-pressed')).to.equal('true');
    expect(stops(), 'the chosen time is the Tab stop').to.deep.equal([all()[1]]);
    // Tab leaves the list at once (before: one stop per time) for what follows on the page. (With
    // nothing after it, Tab leaves the document, and where Shift+Tab re-enters is the engine's
    // choice: Firefox 153 picks the calendar's button, not the list.)
    const after = Object.assign(document.createElement('button'), {textContent: 'after'});
    el.after(after);
    await sendKeys({press: 'Tab'});
    expect(document.activeElement, 'Tab leaves the list').to.equal(after);
    await sendKeys({down: 'Shift'});
    await sendKeys({press: 'Tab'});
    await sendKeys({up: 'Shift'});
    expect(focused(el), 'Shift+Tab comes back to the chosen time').to.equal(all()[1]);
    await expectAccessible(el, 'time chosen by keyboard');
  });

  // The day's first two slots are asked for the whole day, not "9:00–10:00 at -06:00": WebKitGTK on
  // Debian formats with ICU 72 (time-zone data 2022e), from before Mexico dropped summer time
  // (2022f), so there April's 9:00 in Mexico City is 14:00 UTC, not 15:00, and a fixed-offset query
  // for 9:00–10:00 got 10:00–11:00 (issue #25: a test artefact, not a picker bug).
  it('opens on a given selected slot, shown pressed; excluded slots are not offered', async () => {
    const adapter = demo();
    const {slots} = await adapter.getAvailability({
      serviceIds: ['svc-general'],
      providerId: 'any',
      from: '2026-04-07T00:00:00-06:00',
      to: '2026-04-08T00:00:00-06:00',
    });
    const el = await picker({adapter, selected: slots[1], exclude: [slots[0]!.id]});
    await loadedWithTimes(el);
    expect(title(el)).to.equal('April 2026');
    expect(cell(el, '2026-04-07').getAttribute('aria-selected')).to.equal('true');
    const labels = times(el).map((b) => b.textContent!.trim());
    expect(labels[0], '9:00 is excluded').to.equal('9:15 AM');
    expect(times(el)[0]!.getAttribute('aria-pressed')).to.equal('true');
  });

  it('stops at the month of the booking horizon (90 days ahead)', async () => {
    const el = await picker({startDate: '2026-05-20'});
    await loadedWithTimes(el);
    expect(title(el)).to.equal('May 2026');
    expect(button(el, 'Next month')!.getAttribute('aria-disabled')).to.equal('true');
    button(el, 'Next month')!.click();
    await el.updateComplete;
    expect(title(el)).to.equal('May 2026');
    expect(cell(el, '2026-05-29').hasAttribute('aria-disabled'), 'Friday 29 May is bookable').to.be.false;
  });

  it('offers nothing that has started by the server’s clock, even when the device clock is behind', async () => {
    // The backend's clock is 12:05 in Mexico City; the device's (and the demo clinic's own) is 10:00.
    const serverNow = FIXED + 2 * 3_600_000 + 5 * 60_000;
    const el = await fixture<SlotPicker>(
      html`<portal-slot-picker
        .adapter=${demo(FIXED)}
        .serviceIds=${['svc-general']}
        time-zone="America/Mexico_City"
        .patientZone=${'America/Mexico_City'}
        .serverNow=${serverNow}
        start-date="2026-03-02"
      ></portal-slot-picker>`,
    );
    await loadedWithTimes(el);
    cell(el, '2026-03-02').click();
    await el.updateComplete;
    expect(times(el)[0]!.textContent!.trim()).to.equal('12:15 PM');
  });
});

describe('<portal-slot-picker>: next available day and empty months', () => {
  it('an empty month says so; "Next available day" fetches on and opens the first day with times', async () => {
    const el = await picker({now: END_OF_JULY, services: ['svc-derm'], startDate: '2026-07-31'});
    await loaded(el);
    expect(title(el)).to.equal('July 2026');
    expect(text(el)).to.contain('No times this month.');
    expect(root(el).querySelector('td[part~="day-available"]')).to.be.null;
    await expectAccessible(el, 'empty en');

    button(el, 'Next available day')!.click();
    await waitUntil(() => title(el) === 'August 2026', 'did not move to August');
    await loadedWithTimes(el);
    expect(cell(el, '2026-08-03').getAttribute('aria-selected'), 'Monday 3 August').to.equal('true');
    expect(text(el)).to.contain('Times on Monday, August 3');
    await pause(80);
    expect(announced('polite')).to.equal('Next available day: Monday, August 3.');

    // Again: the next day after the chosen one, in the same month.
    button(el, 'Next available day')!.click();
    await waitUntil(() => cell(el, '2026-08-04').getAttribute('aria-selected') === 'true');
  });

  it('with no times up to the booking horizon it says so, after asking month by month, and stops', async () => {
    const {adapter, calls} = recording(demo());
    const none = new Proxy(adapter, {
      get(target, prop) {
        if (prop === 'getAvailability') {
          return async (query: AvailabilityQuery, options?: RequestOptions) => {
            await target.getAvailability(query, options);
            return {slots: [], timeZone: 'America/Mexico_City'};
          };
        }
        return Reflect.get(target, prop, target);
      },
    });
    const el = await picker({adapter: none});
    await waitUntil(() => text(el).includes('No more times are available to book online.'), 'not exhausted', {
      timeout: 4000,
    });
    // March to May, each once: the demo clinic books 90 days ahead (2 March → 31 May).
    expect(calls.map((c) => c.query.from.slice(0, 7))).to.deep.equal(['2026-03', '2026-04', '2026-05']);
    expect(button(el, 'Next available day'), 'no dead button').to.be.undefined;
    await pause(80);
    expect(announced('polite')).to.equal(
      'No more times are available to book online. Please contact the clinic.',
    );
    await expectAccessible(el, 'no times at all');
  });

  it('announces an empty month once', async () => {
    const el = await picker({now: END_OF_JULY, services: ['svc-derm'], startDate: '2026-07-31'});
    await loaded(el);
    await pause(80);
    expect(announced('polite')).to.equal('No times this month.');
  });

  it('without a start date it opens on the month of the first day with times', async () => {
    const el = await picker({now: END_OF_JULY, services: ['svc-derm']});
    await waitUntil(() => title(el) === 'August 2026', 'did not open on August', {timeout: 4000});
    await loadedWithTimes(el);
    expect(root(el).querySelector('td[tabindex="0"]')!.getAttribute('data-day')).to.equal('2026-08-03');
  });
});

describe('<portal-slot-picker>: time zones', () => {
  it('switches the times (and the days they fall on) to the patient’s own zone', async () => {
    const adapter = demo();
    const {slots} = await adapter.getAvailability({
      serviceIds: ['svc-general'],
      providerId: 'any',
      from: '2026-03-03T09:00:00-06:00',
      to: '2026-03-03T09:01:00-06:00',
    });
    const el = await picker({adapter, patientZone: 'Asia/Tokyo', selected: slots[0]});
    await loadedWithTimes(el);
    expect(text(el)).to.contain('Times are in Mexico City time');
    const [clinicButton, ownButton] = [
      ...root(el).querySelectorAll<HTMLButtonElement>('[part="zone-button"]'),
    ];
    expect(clinicButton!.getAttribute('aria-pressed')).to.equal('true');
    expect(ownButton!.textContent!.trim()).to.equal('Japan Standard Time (yours)');
    expect(times(el)[0]!.textContent!.trim()).to.equal('9:00 AM');
    await expectAccessible(el, 'zone switch en');

    ownButton!.click();
    await el.updateComplete;
    await loadedWithTimes(el);
    expect(ownButton!.getAttribute('aria-pressed')).to.equal('true');
    expect(text(el)).to.contain('Times are in Japan Standard Time');
    // 9:00 in Mexico City (UTC−6) is midnight on Wednesday the 4th in Tokyo (UTC+9).
    expect(text(el)).to.contain('Times on Wednesday, March 4');
    const pressed = root(el).querySelector<HTMLButtonElement>('button.time[aria-pressed="true"]')!;
    expect(pressed.textContent!.trim()).to.equal('12:00 AM');
    expect(pressed.getAttribute('aria-label')).to.equal(
      'Wednesday, March 4 at 12:00 AM, Japan Standard Time',
    );
    await expectAccessible(el, 'patient zone en');

    clinicButton!.click();
    await el.updateComplete;
    expect(text(el)).to.contain('Times on Tuesday, March 3');
  });

  it('hides the switch when the patient is in the clinic’s zone', async () => {
    const el = await picker();
    await loadedWithTimes(el);
    expect(root(el).querySelector('[part="zone-switch"]')).to.be.null;
  });

  it('labels the repeated hour of a fall-back day with its offset', async () => {
    const base = demo(Date.UTC(2026, 9, 28, 12));
    const slot = (start: string, id: string): Slot => ({
      id,
      start,
      end: start,
      providerId: 'prov-ramirez',
      serviceIds: ['svc-general'],
      mode: 'in-person',
    });
    const fallBack: Availability = {
      timeZone: 'America/New_York',
      slots: [
        slot('2026-11-01T01:30:00-04:00', 'edt'),
        slot('2026-11-01T01:30:00-05:00', 'est'),
        slot('2026-11-01T09:00:00-05:00', 'nine'),
      ],
    };
    const adapter = new Proxy(base, {
      get(target, prop) {
        if (prop === 'getAvailability') return async () => fallBack;
        const value: unknown = Reflect.get(target, prop, target);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    const el = await picker({
      adapter,
      now: Date.UTC(2026, 9, 28, 12),
      timeZone: 'America/New_York',
      patientZone: 'America/New_York',
      startDate: '2026-11-01',
    });
    await loadedWithTimes(el);
    cell(el, '2026-11-01').click();
    await el.updateComplete;
    const [first, second, third] = times(el);
    const shown = (b: HTMLButtonElement) => [...b.querySelectorAll('span')].map((s) => s.textContent!.trim());
    expect(shown(first!)).to.deep.equal(['1:30 AM', 'GMT−4']);
    expect(shown(second!)).to.deep.equal(['1:30 AM', 'GMT−5']);
    expect(third!.textContent!.trim()).to.equal('9:00 AM');
    expect(first!.getAttribute('aria-label')).to.not.equal(second!.getAttribute('aria-label'));
    expect(second!.getAttribute('aria-label')).to.equal('Sunday, November 1 at 1:30 AM GMT−5, Eastern Time');
    expect(text(el)).to.contain('some times happen twice');
    await expectAccessible(el, 'fall-back day');
  });
});

describe('<portal-slot-picker>: loading, cancellation, errors, conflicts', () => {
  it('shows and announces loading, and cancels the older request when the month changes', async () => {
    const {adapter, calls} = recording(demo(FIXED, 300));
    const el = await picker({adapter, startDate: '2026-03-02'});
    // Drawn on the frame after the first update (when the answer is not there within that frame).
    await nextFrame();
    await el.updateComplete;
    expect(text(el)).to.contain('Loading available times…');
    expect(grid(el).getAttribute('aria-busy')).to.equal('true');
    await expectAccessible(el, 'loading en');
    await waitUntil(() => calls.length === 1, 'no request for March', {timeout: 2000});
    expect(calls[0]!.query.from).to.equal('2026-03-02T16:00:00Z', 'from now, not from the past');

    button(el, 'Next month')!.click();
    await waitUntil(() => calls.length === 2, 'no request for April', {timeout: 2000});
    expect(calls[0]!.signal?.aborted, 'the March request was aborted').to.be.true;
    expect(calls[1]!.signal?.aborted).to.be.false;
    await loadedWithTimes(el);
    expect(title(el)).to.equal('April 2026');
    expect(announced('polite')).to.equal('Loading available times…');

    // Changing the service cancels too.
    el.serviceIds = ['svc-vaccine'];
    await waitUntil(() => calls.length === 3, 'no request after the service changed', {timeout: 2000});
    el.serviceIds = ['svc-checkup'];
    await waitUntil(() => calls.length === 4, 'no request after the second change', {timeout: 2000});
    expect(calls[2]!.signal?.aborted).to.be.true;
  });

  it('shows and announces an error with Retry, which fetches again', async () => {
    const adapter = demo();
    adapter.failures.failNext(new NetworkError('server'), {operation: 'getAvailability'});
    const el = await picker({adapter});
    await waitUntil(() => root(el).querySelector('[part="error"]'), 'no error shown');
    expect(text(el)).to.contain('The clinic’s system had a problem. Please try again in a moment.');
    expect(grid(el).getAttribute('aria-busy')).to.equal('false');
    await pause(80);
    expect(announced('assertive')).to.equal(
      'The clinic’s system had a problem. Please try again in a moment.',
    );
    await expectAccessible(el, 'error en');

    button(el, 'Retry')!.focus();
    button(el, 'Retry')!.click();
    expect(focused(el)?.localName, 'focus moves to the calendar, not lost with the Retry button').to.equal(
      'td',
    );
    await loadedWithTimes(el);
    expect(root(el).querySelector('[part="error"]')).to.be.null;
  });

  it('after a conflict, shows and announces the three free times nearest the taken one', async () => {
    const adapter = demo();
    const {slots} = await adapter.getAvailability({
      serviceIds: ['svc-general'],
      providerId: 'any',
      from: '2026-03-03T10:00:00-06:00',
      to: '2026-03-03T10:01:00-06:00',
    });
    const taken = slots[0]!;
    const el = await picker({adapter});
    await loadedWithTimes(el);
    el.excludeSlotIds = [taken.id];
    el.highlightNear = taken.start;
    el.refresh();
    await waitUntil(() => root(el).querySelector('[part="alternatives"]'), 'no alternatives');
    await el.updateComplete;
    const near = [...root(el).querySelectorAll<HTMLButtonElement>('[part="alternatives"] button')];
    expect(
      near.map((b) => b.textContent!.trim()),
      'the three closest free times, in time order (10:00 itself is taken)',
    ).to.deep.equal([
      'Tuesday, March 3 at 9:30 AM',
      'Tuesday, March 3 at 9:45 AM',
      'Tuesday, March 3 at 10:15 AM',
    ]);
    expect(near[0]!.getAttribute('aria-label')).to.equal('Tuesday, March 3 at 9:30 AM, Mexico City time');
    expect(cell(el, '2026-03-03').getAttribute('aria-selected'), 'the taken slot’s day is open').to.equal(
      'true',
    );
    await pause(80);
    expect(announced('polite')).to.equal(
      'Nearest free times: Tuesday, March 3 at 9:30 AM, Tuesday, March 3 at 9:45 AM, and Tuesday, March 3 at 10:15 AM.',
    );
    await expectAccessible(el, 'alternatives en');

    const picked = oneEvent(el, PortalSlotSelectedEvent.type);
    near[1]!.click();
    const event = (await picked) as unknown as PortalSlotSelectedEvent;
    expect(event.slot.start).to.equal('2026-03-03T09:45:00-06:00');
    expect(event.slot.id).to.not.equal(taken.id);
  });
});

describe('<portal-slot-picker> in Spanish', () => {
  beforeEach(async () => {
    document.documentElement.lang = 'es-MX';
    await setPageLocale('es-MX');
    await localeReady();
  });

  itIn(['chromium', 'firefox'], ICU72_ES_MX)(
    'month, day, empty, error and loading states pass axe; month and weekday names are Spanish',
    async () => {
      const el = await picker();
      await loadedWithTimes(el);
      expect(title(el)).to.equal('marzo de 2026');
      const firstHeader = grid(el).querySelector('th .visually-hidden')!.textContent;
      expect(firstHeader, 'es-MX: CLDR starts the week on Sunday in Mexico').to.equal('domingo');
      await expectAccessible(el, 'month es');
      cell(el, '2026-03-03').click();
      await el.updateComplete;
      expect(times(el)[0]!.textContent!.trim()).to.equal('9:00 a.m.');
      await expectAccessible(el, 'day es');

      const empty = await picker({now: END_OF_JULY, services: ['svc-derm'], startDate: '2026-07-31'});
      await loaded(empty);
      expect(title(empty)).to.equal('julio de 2026');
      await expectAccessible(empty, 'empty es');

      const failing = demo();
      failing.failures.failNext(new NetworkError('network'), {operation: 'getAvailability'});
      const error = await picker({adapter: failing});
      await waitUntil(() => root(error).querySelector('[part="error"]'), 'no error shown');
      await expectAccessible(error, 'error es');

      const slow = await picker({adapter: demo(FIXED, 500)});
      await waitUntil(() => root(slow).querySelector('.spinner'), 'no loading state');
      await expectAccessible(slow, 'loading es');
    },
  );

  it('es-ES starts the week on Monday', async () => {
    await setPageLocale('es-ES');
    const el = await picker();
    await loadedWithTimes(el);
    expect(grid(el).querySelector('th .visually-hidden')!.textContent).to.equal('lunes');
    expect(grid(el).querySelector('tbody tr')!.firstElementChild!.getAttribute('data-day')).to.equal(null);
    await nextFrame();
  });
});
