// Plain Vite + TypeScript: register only the tags this page uses, then talk to them through the
// DOM, typed by HTMLElementTagNameMap and HTMLElementEventMap.
import 'patient-portal-elements/define/patient-portal.js';
import 'patient-portal-elements/define/patient-login.js';
import 'patient-portal-elements/define/booking-widget.js';
import {PortalAppointmentEvent, type AppointmentSummary} from 'patient-portal-elements';

const status = document.querySelector<HTMLOutputElement>('#host-status')!;
const login = document.querySelector('patient-login')!; // PatientLogin
const widget = document.querySelector('booking-widget')!; // BookingWidget

widget.compact = false;
widget.startDate = undefined;

login.addEventListener('portal-signed-in', (event) => {
  status.value = `signed in (${event.method})`; // PortalSignedInEvent
});

function booked(appointment: AppointmentSummary): void {
  status.value = `booked ${appointment.id} at ${appointment.start}`;
}

widget.addEventListener('portal-booked', (event) => {
  // `instanceof` narrows whether or not HTMLElementEventMap declares `portal-booked`.
  if (event instanceof PortalAppointmentEvent) booked(event.appointment);
});
