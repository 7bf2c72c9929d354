// Angular (documented snippet, typechecked by `npm run examples`; Angular's CLI is not built here:
// Angular 22 needs Node 22, and Angular 20's compiler does not support TypeScript 6).
// CUSTOM_ELEMENTS_SCHEMA lets the template use the tags; Angular sets `[property]` bindings as
// properties and listens with `(event-name)`. Angular does not type-check custom elements in
// templates, so the handlers declare their event types themselves.
import {Component, CUSTOM_ELEMENTS_SCHEMA, ElementRef, viewChild} from '@angular/core';
import 'patient-portal-elements/define/patient-portal.js';
import 'patient-portal-elements/define/patient-login.js';
import 'patient-portal-elements/define/booking-widget.js';
import type {BookingWidget, PortalAppointmentEvent, PortalSignedInEvent} from 'patient-portal-elements';

@Component({
  selector: 'app-booking-page',
  standalone: true,
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <patient-portal backend="demo">
      <patient-login (portal-signed-in)="onSignedIn($event)"></patient-login>
      <booking-widget #widget [compact]="false" (portal-booked)="onBooked($event)"></booking-widget>
    </patient-portal>
    <p>
      Host page: <output>{{ status }}</output>
    </p>
  `,
})
export class BookingPageComponent {
  status = 'waiting';
  readonly widget = viewChild.required<ElementRef<BookingWidget>>('widget');

  onSignedIn(event: PortalSignedInEvent): void {
    this.status = `signed in (${event.method})`;
  }

  onBooked(event: PortalAppointmentEvent): void {
    this.status = `booked ${event.appointment.id} at ${event.appointment.start}`;
  }

  bookThisTreatment(serviceId: string): void {
    const el = this.widget().nativeElement; // BookingWidget: typed properties
    el.service = serviceId;
    el.singleService = true;
  }
}
