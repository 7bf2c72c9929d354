import {describe, expect, it} from 'vitest';
// @ts-expect-error -- the analyzer ships no types for its CLI module
import {cli} from '@custom-elements-manifest/analyzer/cli.js';
import type {PortalAppointmentEvent, PortalBeforeEvent} from '../../../src/events.js';
import type {BookingWidget} from '../../../src/define/booking-widget.js';

interface ManifestEvent {
  name?: string;
  type?: {text: string};
}
interface Declaration {
  tagName?: string;
  customElement?: boolean;
  events?: ManifestEvent[];
}

// Compile-time: the events a host listens for are typed, and a define module carries its class's type.
const typed: Array<(el: HTMLElement) => void> = [
  (el) =>
    el.addEventListener(
      'portal-booked',
      (e) => e.appointment satisfies PortalAppointmentEvent['appointment'],
    ),
  (el) =>
    el.addEventListener(
      'portal-before-book',
      (e) => e.detailSummary satisfies PortalBeforeEvent['detailSummary'],
    ),
  (el) => el.addEventListener('portal-before-cancel', (e) => e.preventDefault()),
  (el) => el.addEventListener('portal-before-reschedule', (e) => e.preventDefault()),
];
const tagType: BookingWidget | undefined = undefined as HTMLElementTagNameMap['booking-widget'] | undefined;

describe('custom-elements.json events (issue #13 leftover, issue #23 item 17)', async () => {
  const manifest = (await cli({argv: ['analyze', '--quiet'], cwd: process.cwd(), noWrite: true})) as {
    modules: {declarations?: Declaration[]}[];
  };
  const elements = manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.customElement);
  const events = (tag: string) => elements.find((d) => d.tagName === tag)?.events ?? [];

  it('lists only real events, each named and with its class (no names inferred from constructor arguments)', () => {
    const junk = elements.flatMap((d) =>
      (d.events ?? [])
        .filter((e) => !e.name || !e.type?.text || !/^portal-[a-z-]+$|^(input|change)$/.test(e.name))
        .map((e) => `${d.tagName}: ${JSON.stringify(e)}`),
    );
    expect(junk).toEqual([]);
    expect(typed).toHaveLength(4);
    expect(tagType).toBeUndefined();
  });

  it('lists the events that reach the page from an element’s parts, and portal-signed-out everywhere', () => {
    expect(events('booking-widget').map((e) => e.name)).toContain('portal-slot-selected');
    for (const tag of [
      'patient-login',
      'booking-widget',
      'appointment-list',
      'reminder-prefs',
      'telehealth-join',
    ])
      expect(events(tag).find((e) => e.name === 'portal-signed-out')?.type?.text, tag).toBe(
        'PortalSignedOutEvent',
      );
  });
});
