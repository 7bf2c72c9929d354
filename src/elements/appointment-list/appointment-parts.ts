/**
 * Pieces the appointment list, its dialogs and its reminder-link panel share: how an appointment's
 * time, place and status read, and its compact summary.
 */
import {html, svg, nothing, type TemplateResult} from 'lit';
import {msg, str} from '@lit/localize';
import type {Appointment, AppointmentStatus, Clinic, VisitItem} from '../../domain/types.js';
import {formatDate, formatTimeRange, pickText, timeZoneLabel} from '../../localization/format.js';

/** The status in words ("fulfilled" reads "Completed", as patients say it). */
export function statusLabel(status: AppointmentStatus): string {
  switch (status) {
    case 'pending':
      return msg('Awaiting the clinic’s approval', {id: 'apt-status-pending'});
    case 'booked':
      return msg('Booked', {id: 'apt-status-booked'});
    case 'confirmed':
      return msg('Confirmed', {id: 'apt-status-confirmed'});
    case 'cancelled':
      return msg('Cancelled', {id: 'apt-status-cancelled'});
    case 'fulfilled':
      return msg('Completed', {id: 'apt-status-fulfilled'});
    case 'no-show':
      return msg('Missed', {id: 'apt-status-no-show'});
  }
}

const ICON_PATHS: Readonly<Record<AppointmentStatus, TemplateResult>> = {
  // An hourglass: waiting.
  pending: svg`<path d="M7 3h10M7 21h10M8 3c0 5 8 5 8 9s-8 4-8 9M16 3c0 5-8 5-8 9s8 4 8 9" />`,
  // A calendar page.
  booked: svg`<rect x="4" y="5" width="16" height="15" rx="2" /><path d="M4 10h16M9 3v4M15 3v4" />`,
  // A tick in a circle.
  confirmed: svg`<circle cx="12" cy="12" r="9" /><path d="m8 12.5 2.5 2.5L16 9.5" />`,
  // A cross in a circle.
  cancelled: svg`<circle cx="12" cy="12" r="9" /><path d="m9 9 6 6M15 9l-6 6" />`,
  // A double tick: done.
  fulfilled: svg`<path d="m3 12.5 4 4L15 8M11 15.5l1 1L21 8" />`,
  // An exclamation mark in a triangle.
  'no-show': svg`<path d="M12 3 2 20h20L12 3Z" /><path d="M12 10v4M12 17h.01" />`,
};

/** The status as a badge: an icon (decorative) and the word, so it never relies on colour. */
export function statusBadge(status: AppointmentStatus): TemplateResult {
  return html`<span class="status status-${status}" part="status status-${status}"
    ><svg
      class="icon"
      viewBox="0 0 24 24"
      width="18"
      height="18"
      aria-hidden="true"
      focusable="false"
      fill="none"
      stroke="currentColor"
      stroke-width="2"
      stroke-linecap="round"
      stroke-linejoin="round"
    >
      ${ICON_PATHS[status]}</svg
    >${statusLabel(status)}</span
  >`;
}

/** "Tuesday, November 24, 2026". */
export function appointmentDate(a: Appointment, locale: string, zone: string): string {
  return formatDate(a.start, locale, zone, 'full');
}

/** "11:00 – 11:45 AM, Mexico City time". */
export function appointmentTime(a: Appointment, locale: string, zone: string): string {
  const range = formatTimeRange(a.start, a.end, locale, zone);
  const place = timeZoneLabel(zone, locale, a.start);
  return msg(str`${range}, ${place}`, {id: 'apt-time-with-zone'});
}

export function serviceNames(a: Appointment, locale: string, clinic?: Clinic): string {
  const names = a.services.map((s) => pickText(s.name, locale, clinic?.languages));
  return new Intl.ListFormat(locale, {type: 'conjunction'}).format(names);
}

/** Where: the location's name and address, or "Video visit". */
export function placeText(a: Appointment, locale: string, clinic?: Clinic): string {
  if (a.mode === 'video') return msg('Video visit', {id: 'apt-video-visit'});
  if (!a.location) return '';
  const name = pickText(a.location.name, locale, clinic?.languages);
  return a.location.address ? `${name} · ${a.location.address}` : name;
}

/** The appointment in a few lines: what, when, with whom, where (dialogs and the link panel). */
export function appointmentSummary(
  a: Appointment,
  locale: string,
  zone: string,
  clinic?: Clinic,
): TemplateResult {
  const place = placeText(a, locale, clinic);
  return html`<div class="summary" part="summary">
    <p class="summary-service"><strong>${serviceNames(a, locale, clinic)}</strong></p>
    <p>${appointmentDate(a, locale, zone)}</p>
    <p>${appointmentTime(a, locale, zone)}</p>
    <p>${msg(str`With ${a.providerName}`, {id: 'apt-with-provider'})}</p>
    ${place ? html`<p>${place}</p>` : nothing}
  </div>`;
}

export function itemKindLabel(item: VisitItem): string {
  switch (item.kind) {
    case 'questionnaire':
      return msg('Questionnaire', {id: 'apt-item-questionnaire'});
    case 'consent':
      return msg('Consent', {id: 'apt-item-consent'});
    case 'instructions':
      return msg('Instructions', {id: 'apt-item-instructions'});
  }
}

export function itemStateLabel(item: VisitItem): string {
  switch (item.state) {
    case 'to-do':
      return msg('To do', {id: 'apt-item-to-do'});
    case 'done':
      return msg('Done', {id: 'apt-item-done'});
    case 'info':
      return msg('To read', {id: 'apt-item-info'});
  }
}
