import '../src/define/portal-add-to-calendar.js';
import type {Meta, StoryObj} from '@storybook/web-components-vite';
import {createDemoAdapter, DEMO_PATIENT_EMAIL, DEMO_PATIENT_PASSWORD} from '../src/adapters/memory/index.js';
import type {Appointment} from '../src/domain/types.js';
import type {AddToCalendar} from '../src/elements/add-to-calendar/add-to-calendar.js';

const meta: Meta = {
  title: 'Elements/portal-add-to-calendar',
  component: 'portal-add-to-calendar',
  tags: ['autodocs'],
  parameters: {
    docs: {
      description: {
        component:
          'Add an appointment to a calendar: a calendar file (.ics, made on the device when asked for) and a Google Calendar link. Neither carries the patient’s identity. Used by the booking confirmation and the appointment list.',
      },
    },
  },
};
export default meta;
type Story = StoryObj;

/** One of the demo patient's upcoming appointments, given to the element once the demo clinic answers. */
function withDemoAppointment(
  pick: (upcoming: readonly Appointment[]) => Appointment | undefined,
  own = false,
) {
  const el = document.createElement('portal-add-to-calendar') as AddToCalendar;
  const adapter = createDemoAdapter();
  void (async () => {
    const result = await adapter.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
    if (result.status !== 'signed-in') return;
    const upcoming = (await adapter.listAppointments({when: 'upcoming'})).items;
    if (own) el.adapter = adapter;
    else el.clinic = await adapter.getClinic();
    el.appointment = pick(upcoming);
  })();
  return el;
}

export const InPerson: Story = {
  name: 'In-person visit',
  render: () => withDemoAppointment((list) => list.find((a) => a.mode === 'in-person')),
};

export const VideoVisit: Story = {
  name: 'Video visit',
  render: () => withDemoAppointment((list) => list.find((a) => a.mode === 'video')),
};

export const ClinicFromBackend: Story = {
  name: 'Clinic read from the backend (no clinic property)',
  render: () => withDemoAppointment((list) => list[0], true),
};

export const Dark: Story = {
  render: () => {
    const el = withDemoAppointment((list) => list.find((a) => a.mode === 'in-person'));
    return el;
  },
  globals: {scheme: 'dark'},
};
