/**
 * The clinic's messages speak like its screens (issue #23 item 7): Spanish in "usted", never "tú",
 * and a cancellation says the appointment is cancelled rather than "we cancelled it" (the patient
 * did). Every kind of message, both languages, from the reference server's texts.
 */
import {describe, expect, it} from 'vitest';
import {MESSAGE_KINDS} from '../../server/messages.js';
import {composeMessage, type MessageChannel, type MessageKind} from '../../src/domain/message-texts.js';
import type {Language} from '../../src/domain/types.js';

/** Composes as a backend does, the clinic's name and phone taken from `vars`. */
function compose(
  kind: MessageKind,
  language: Language,
  vars: Record<string, string>,
  links: Record<string, string>,
  o: {channel?: MessageChannel} = {},
): {subject: string; text: string} {
  const {subject, text} = composeMessage(
    {name: vars.clinic ?? '', phone: vars.phone ?? ''},
    {kind, language, channel: o.channel ?? 'email', vars, links},
  );
  return {subject, text};
}

const vars = {
  clinic: 'Clínica Demo',
  name: 'Ana',
  code: '123456',
  services: 'Consulta',
  provider: 'Dra. Ruiz',
  when: 'martes 10 de marzo, 10:00',
  zone: 'hora de la Ciudad de México',
  phone: '+52 55 5555 0134',
  where: 'Roma Norte',
  fee: 'MXN 300',
};

/** Words of the informal "tú" that a message in "usted" never uses. */
const TU = /\b(tu|tus|te|tú|ti|contigo|entra|crea|confirma|elige|restablece|ignora|inicia|tienes|fuiste)\b/i;

describe('message texts', () => {
  it.each([...MESSAGE_KINDS])('%s in Spanish speaks in usted', (kind) => {
    for (const channel of ['email', 'sms'] as const) {
      const {subject, text} = compose(kind, 'es', vars, {}, {channel});
      expect(`${subject}\n${text}`).not.toMatch(TU);
    }
  });

  it('a cancellation says the appointment is cancelled, not that the clinic cancelled it', () => {
    for (const language of ['es', 'en'] as const) {
      const {subject, text} = compose('cancellation', language, vars, {});
      expect(`${subject} ${text}`).not.toMatch(/Cancelamos|We cancelled/);
    }
  });
});

describe('the booking confirmation states the deposit paid (#23 item 7)', () => {
  it('in both languages, formatted once by Intl, and not at all without a deposit', async () => {
    const {appointmentMessageVars} = await import('../../src/domain/message-texts.js');
    const {createDemoClinicData} = await import('../../src/adapters/memory/demo-data.js');
    const data = createDemoClinicData();
    const apt = {
      startMs: Date.UTC(2026, 11, 7, 16),
      serviceIds: ['svc-peel'],
      providerId: 'prov-chen',
      mode: 'in-person' as const,
      depositPaid: {amountMinor: 50000, currency: 'MXN'},
    };
    const en = compose('booking-confirmation', 'en', appointmentMessageVars(data, apt, 'en', 'Ana'), {});
    expect(en.text).toContain('Deposit paid: MX$500.00');
    const es = compose('booking-confirmation', 'es', appointmentMessageVars(data, apt, 'es', 'Ana'), {});
    expect(es.text).toContain('Anticipo pagado: $500.00');
    const none = {...apt, depositPaid: null};
    expect(
      compose('booking-confirmation', 'en', appointmentMessageVars(data, none, 'en', 'Ana'), {}).text,
    ).not.toMatch(/Deposit/);
  });
});
