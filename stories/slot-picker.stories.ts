import type {Meta, StoryObj} from '@storybook/web-components-vite';
import {html} from 'lit';
// Storybook's preview registers src/define.ts; the picker has its own define module.
import '../src/define/portal-slot-picker.js';
import {createDemoAdapter} from '../src/adapters/memory/index.js';
import {NetworkError, type Availability, type PortalAdapter} from '../src/adapters/adapter.js';
import type {Slot} from '../src/domain/types.js';
import type {SlotPicker} from '../src/elements/slot-picker/slot-picker.js';

/** Monday 2 March 2026, 10:00 in Mexico City: every story shows the same month. */
const NOW = Date.UTC(2026, 2, 2, 16, 0);
/** Friday 31 July 2026, 18:00 in Mexico City: no dermatology times are left that month. */
const END_OF_JULY = Date.UTC(2026, 7, 1, 0, 0);

interface Setup {
  now?: number;
  latencyMs?: number;
  services?: string[];
  patientZone?: string;
  zoneView?: 'clinic' | 'patient';
  startDate?: string;
  compact?: boolean;
  adapter?: PortalAdapter;
  /** Called with the element and its adapter once it is created (to set a slot fetched first). */
  then?: (el: SlotPicker, adapter: PortalAdapter) => Promise<void>;
}

function picker(setup: Setup = {}) {
  const now = setup.now ?? NOW;
  const adapter = setup.adapter ?? createDemoAdapter({clock: () => now, latencyMs: setup.latencyMs ?? 0});
  const el = document.createElement('portal-slot-picker');
  el.adapter = adapter;
  el.serviceIds = setup.services ?? ['svc-general'];
  el.providerId = 'any';
  el.timeZone = 'America/Mexico_City';
  el.serverNow = now;
  el.patientZone = setup.patientZone ?? 'America/Mexico_City';
  el.zoneView = setup.zoneView ?? 'clinic';
  if (setup.startDate) el.startDate = setup.startDate as SlotPicker['startDate'];
  el.compact = setup.compact ?? false;
  void setup.then?.(el, adapter);
  return el;
}

/** The demo clinic's first free general-medicine slot at or after a time. */
async function slotAt(adapter: PortalAdapter, start: string): Promise<Slot> {
  const from = Date.parse(start);
  const {slots} = await adapter.getAvailability({
    serviceIds: ['svc-general'],
    providerId: 'any',
    from: new Date(from).toISOString(),
    to: new Date(from + 3_600_000).toISOString(),
  });
  return slots[0]!;
}

const meta: Meta = {
  title: 'Internal/portal-slot-picker',
  component: 'portal-slot-picker',
  tags: ['autodocs'],
  parameters: {
    docs: {
      description: {
        component:
          'The day-and-time picker inside `<booking-widget>` and the reschedule step of `<appointment-list>`. ' +
          'All stories use the demo clinic (Mexico City) on Monday 2 March 2026 at 10:00, with a fixed clock.',
      },
    },
  },
};
export default meta;
type Story = StoryObj;

export const Month: Story = {
  name: 'Month with availability',
  render: () => picker(),
};

export const DaySelected: Story = {
  name: 'Day and time selected',
  render: () =>
    picker({
      then: async (el, adapter) => {
        el.selected = await slotAt(adapter, '2026-03-03T10:30:00-06:00');
      },
    }),
};

export const PatientZone: Story = {
  name: 'Shown in the patient’s zone (Madrid)',
  render: () =>
    picker({
      patientZone: 'Europe/Madrid',
      zoneView: 'patient',
      then: async (el, adapter) => {
        el.selected = await slotAt(adapter, '2026-03-03T10:30:00-06:00');
      },
    }),
};

export const ZoneSwitch: Story = {
  name: 'Zone switch (patient in New York)',
  render: () => picker({patientZone: 'America/New_York', startDate: '2026-03-03'}),
};

export const Compact: Story = {
  name: 'Compact (sidebar)',
  render: () =>
    html`<style>
        .sidebar {
          max-width: 22rem;
        }
      </style>
      <div class="sidebar">
        ${picker({
          compact: true,
          then: async (el, adapter) => {
            el.selected = await slotAt(adapter, '2026-03-04T16:00:00-06:00');
          },
        })}
      </div>`,
};

export const EmptyMonth: Story = {
  name: 'Empty month',
  render: () => picker({now: END_OF_JULY, services: ['svc-derm'], startDate: '2026-07-31'}),
};

export const ErrorState: Story = {
  name: 'Error (with Retry)',
  render: () => {
    const adapter = createDemoAdapter({clock: () => NOW});
    adapter.failures.failNext(new NetworkError('network'), {operation: 'getAvailability'});
    return picker({adapter});
  },
};

export const Loading: Story = {
  name: 'Loading (slow backend)',
  render: () => picker({latencyMs: 24 * 3_600_000}),
};

export const NearestAlternatives: Story = {
  name: 'Nearest free times after a conflict',
  render: () =>
    picker({
      then: async (el, adapter) => {
        const taken = await slotAt(adapter, '2026-03-03T10:00:00-06:00');
        el.excludeSlotIds = [taken.id];
        el.highlightNear = taken.start;
      },
    }),
};

export const FallBackDay: Story = {
  name: 'Fall-back day (repeated hour, New York clinic)',
  render: () => {
    const now = Date.UTC(2026, 9, 28, 12);
    const base = createDemoAdapter({clock: () => now});
    const slot = (start: string, id: string): Slot => ({
      id,
      start,
      end: start,
      providerId: 'prov-ramirez',
      serviceIds: ['svc-general'],
      mode: 'in-person',
    });
    const answer: Availability = {
      timeZone: 'America/New_York',
      slots: [
        slot('2026-11-01T01:00:00-04:00', 'a'),
        slot('2026-11-01T01:30:00-04:00', 'b'),
        slot('2026-11-01T01:00:00-05:00', 'c'),
        slot('2026-11-01T01:30:00-05:00', 'd'),
        slot('2026-11-01T09:00:00-05:00', 'e'),
        slot('2026-11-02T09:00:00-05:00', 'f'),
      ],
    };
    const adapter = new Proxy(base, {
      get(target, prop) {
        if (prop === 'getAvailability') return async () => answer;
        const value: unknown = Reflect.get(target, prop, target);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    const el = picker({adapter, now, startDate: '2026-11-01', patientZone: 'America/New_York'});
    el.timeZone = 'America/New_York';
    el.selected = answer.slots[2];
    return el;
  },
};
