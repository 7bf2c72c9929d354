/**
 * The clinic's own message texts (`messages` in the configuration file): checked against their
 * placeholders when loaded, used by the server when present (per kind, language and channel) and
 * its own texts otherwise, values inserted as plain text in one pass — composed here directly, and
 * end to end: a configuration stored as `npm run server:load-clinic` stores it, then a reminder, a
 * booking confirmation, an SMS code and a verification email sent through the HTTP API.
 */
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {stringify} from 'yaml';
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {
  DEMO_PATIENT_EMAIL,
  DEMO_PATIENT_PASSWORD,
  createDemoClinicData,
} from '../../src/adapters/memory/index.js';
import {RestAdapter} from '../../src/adapters/rest/index.js';
import {
  checkClinicConfig,
  loadStoredClinicConfig,
  readClinicConfig,
  storeClinicConfig,
  type ClinicConfig,
} from '../../server/clinic-config.js';
import {openDb, type Db} from '../../server/db.js';
import {startServer, type RunningServer} from '../../server/index.js';
import {
  MESSAGE_KINDS,
  MESSAGE_PLACEHOLDERS,
  fillTemplate,
  type ClinicMessages,
} from '../../server/messages.js';
import {composeMessage, type MessageChannel, type MessageKind} from '../../src/domain/message-texts.js';
import type {Language} from '../../src/domain/types.js';
import {checkedFetch} from './helpers.js';

vi.setConfig({testTimeout: 60_000});

/** Composes as a backend does, the clinic's name and phone taken from `vars`. */
function compose(
  kind: MessageKind,
  language: Language,
  vars: Record<string, string>,
  links: Record<string, string>,
  o: {templates?: ClinicMessages; channel?: MessageChannel} = {},
): {subject: string; text: string} {
  const {subject, text} = composeMessage(
    {name: vars.clinic ?? '', phone: vars.phone ?? '', messages: o.templates},
    {kind, language, channel: o.channel ?? 'email', vars, links},
  );
  return {subject, text};
}

const example = (): ClinicConfig =>
  JSON.parse(
    readFileSync(new URL('../../server/examples/clinic.demo.json', import.meta.url), 'utf8'),
  ) as ClinicConfig;

const MESSAGES: ClinicMessages = {
  reminder: {
    es: {
      subject: 'Su cita del {{when}}',
      text: 'Estimada/o {{name}}: le recordamos {{services}} con {{provider}}, {{when}} ({{zone}}). {{clinic}}, tel. {{phone}}.',
      sms: '{{clinic}}: cita {{when}}. Info: {{phone}}',
    },
  },
  'booking-confirmation': {
    es: {text: 'Reserva hecha, {{name}}: {{services}}, {{when}} ({{zone}}).'},
    en: {subject: 'Booked at {{clinic}}', text: 'Booked, {{name}}: {{services}}, {{when}} ({{zone}}).'},
  },
  'phone-code': {es: {text: 'Código de {{clinic}}: {{code}}'}},
  verification: {es: {subject: '{{name}}, confirme su correo', text: 'Hola {{name}}, confirme su correo.'}},
};

const VARS = {
  clinic: 'Clínica Norte',
  phone: '+525555550134',
  name: 'Ana',
  services: 'Consulta',
  provider: 'Dra. Ruiz',
  when: 'martes 3 de marzo, 9:30',
  zone: 'hora de la Ciudad de México',
  code: '123456',
};

describe('composing a message', () => {
  it('uses the clinic’s text for that kind and language, and the server’s own otherwise', () => {
    const own = compose('reminder', 'en', VARS, {});
    const clinic = compose('reminder', 'es', VARS, {}, {templates: MESSAGES});
    expect(clinic).toEqual({
      subject: 'Su cita del martes 3 de marzo, 9:30',
      text: 'Estimada/o Ana: le recordamos Consulta con Dra. Ruiz, martes 3 de marzo, 9:30 (hora de la Ciudad de México). Clínica Norte, tel. +525555550134.',
    });
    // No English reminder configured: the server's English text, as without templates.
    expect(compose('reminder', 'en', VARS, {}, {templates: MESSAGES})).toEqual(own);
    // A kind not configured at all: the server's text.
    expect(compose('cancellation', 'es', VARS, {}, {templates: MESSAGES})).toEqual(
      compose('cancellation', 'es', VARS, {}),
    );
    // A text without a subject keeps the server's subject.
    const booked = compose('booking-confirmation', 'es', VARS, {}, {templates: MESSAGES});
    expect(booked.subject).toBe(compose('booking-confirmation', 'es', VARS, {}).subject);
    expect(booked.text).toBe(
      'Reserva hecha, Ana: Consulta, martes 3 de marzo, 9:30 (hora de la Ciudad de México).',
    );
  });

  it('uses the short text for SMS and voice, and adds the links after the text in the patient’s language', () => {
    const sms = compose('reminder', 'es', VARS, {}, {templates: MESSAGES, channel: 'sms'});
    expect(sms.text).toBe('Clínica Norte: cita martes 3 de marzo, 9:30. Info: +525555550134');
    expect(compose('reminder', 'es', VARS, {}, {templates: MESSAGES, channel: 'voice'}).text).toBe(sms.text);
    const email = compose(
      'reminder',
      'es',
      VARS,
      {confirm: 'https://c.example/#portal-reminder=a', cancel: 'https://c.example/#portal-reminder=b'},
      {templates: MESSAGES, channel: 'email'},
    );
    expect(email.text.split('\n').slice(-2)).toEqual([
      'Confirmar asistencia: https://c.example/#portal-reminder=a&lang=es',
      'Cancelar la cita: https://c.example/#portal-reminder=b&lang=es',
    ]);
  });

  it('states the patient’s own time after the clinic’s: in its own texts, and on a line of its own after a clinic text without {{yourTime}} (#23)', () => {
    const yourTime = 'Wednesday, March 4, 2026 at 12:30 AM, Japan Standard Time';
    const own = compose('reminder', 'en', {...VARS, yourTime}, {});
    expect(own.text).toContain(`: ${VARS.when} (${VARS.zone})\nYour time: ${yourTime}\n`);
    expect(compose('reminder', 'en', {...VARS, yourTime: ''}, {}).text).not.toContain('your time');
    const clinic = compose('reminder', 'es', {...VARS, yourTime}, {}, {templates: MESSAGES, channel: 'sms'});
    expect(clinic.text.split('\n').at(-1)).toBe(`Su hora: ${yourTime}`);
    const placed = compose(
      'reminder',
      'es',
      {...VARS, yourTime},
      {},
      {
        templates: {reminder: {es: {text: 'Cita {{when}} (su hora: {{yourTime}})'}}},
      },
    );
    expect(placed.text).toBe(`Cita ${VARS.when} (su hora: ${yourTime})`);
  });

  it('inserts values as plain text, in one pass: nothing in a value is read as a template or a pattern', () => {
    const hostile = {
      ...VARS,
      name: "{{code}} <script>alert(1)</script> $& $1 $$ ${clinic} María José Ñúñez-O'Connor",
    };
    const t = '{{name}} / {{code}}';
    expect(fillTemplate(t, hostile)).toBe(
      "{{code}} <script>alert(1)</script> $& $1 $$ ${clinic} María José Ñúñez-O'Connor / 123456",
    );
    // A subject stays on one line; a text keeps line breaks but loses other control characters.
    const breaking = {...VARS, name: 'Ana\r\nBcc: someone@example.com\u0000'};
    const {subject, text} = compose('verification', 'es', breaking, {}, {templates: MESSAGES});
    expect(subject).toBe('Ana Bcc: someone@example.com , confirme su correo');
    expect([...subject].some((ch) => ch < ' ')).toBe(false);
    expect(text).toBe('Hola Ana\nBcc: someone@example.com, confirme su correo.');
    // Spacing inside the braces is allowed; a placeholder with no value stays as written.
    expect(fillTemplate('{{ code }} {{missing}}', VARS)).toBe('123456 {{missing}}');
  });

  it('documents a placeholder list for every kind, and the server’s own texts use only those values', () => {
    for (const kind of MESSAGE_KINDS) {
      expect(MESSAGE_PLACEHOLDERS[kind].length).toBeGreaterThan(0);
      for (const lang of ['es', 'en'] as const) {
        const vars = Object.fromEntries(MESSAGE_PLACEHOLDERS[kind].map((p) => [p, `«${p}»`]));
        const {subject, text} = compose(kind, lang, vars, {});
        expect(`${subject} ${text}`, `${kind} ${lang}`).not.toContain('undefined');
      }
    }
  });
});

describe('checking the messages of a configuration', () => {
  it('accepts texts with the placeholders their kind offers', () => {
    expect(checkClinicConfig({...example(), messages: MESSAGES})).toEqual([]);
  });

  it('names unknown placeholders, unknown kinds and languages, and multi-line subjects, with their paths', () => {
    const problems = checkClinicConfig({
      ...example(),
      messages: {
        reminder: {es: {text: 'Su código: {{code}}', sms: '{{patient}} {{when}}'}},
        'phone-code': {en: {text: '{{name}}: {{code}}'}},
      },
    });
    expect(problems).toEqual([
      'messages.reminder.es.text: unknown placeholder {{code}} (reminder offers {{clinic}} {{phone}} {{name}} {{services}} {{provider}} {{when}} {{zone}} {{yourTime}} {{where}} {{fee}})',
      'messages.reminder.es.sms: unknown placeholder {{patient}} (reminder offers {{clinic}} {{phone}} {{name}} {{services}} {{provider}} {{when}} {{zone}} {{yourTime}} {{where}} {{fee}})',
      'messages.phone-code.en.text: unknown placeholder {{name}} (phone-code offers {{clinic}} {{phone}} {{code}})',
    ]);
    expect(checkClinicConfig({...example(), messages: {newsletter: {es: {text: 'x'}}}})[0]).toMatch(
      /^messages\.newsletter: additionalProperties/,
    );
    expect(checkClinicConfig({...example(), messages: {reminder: {fr: {text: 'x'}}}})[0]).toMatch(
      /^messages\.reminder\.fr: additionalProperties/,
    );
    expect(
      checkClinicConfig({...example(), messages: {reminder: {es: {subject: 'a\nb', text: 'x'}}}})[0],
    ).toMatch(/^messages\.reminder\.es\.subject: pattern/);
    expect(checkClinicConfig({...example(), messages: {reminder: {es: {subject: 'x'}}}})[0]).toMatch(
      /^messages\.reminder\.es\.text: required/,
    );
  });
});

describe('a clinic’s texts, sent by the server', () => {
  let server: RunningServer;
  let loaded: RunningServer;
  let db: Db;
  let dir: string;
  const now = Date.parse('2026-03-10T16:00:00Z');

  beforeAll(async () => {
    // The demo clinic and its patients, with the clinic's texts.
    server = await startServer({
      clock: () => now,
      writesPerMinute: 0,
      data: {...createDemoClinicData(), messages: MESSAGES},
    });
    // A configuration file with texts, read and stored as `npm run server:load-clinic` does; a
    // server started on that database serves it.
    dir = mkdtempSync(join(tmpdir(), 'portal-messages-'));
    const file = join(dir, 'clinic.yaml');
    writeFileSync(file, stringify({...example(), messages: MESSAGES}));
    const config = readClinicConfig(file);
    db = await openDb();
    await db.transaction((q) => storeClinicConfig(q, config));
    loaded = await startServer({db, clock: () => now});
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    await loaded?.close();
    await db?.close();
    if (dir) rmSync(dir, {recursive: true, force: true});
  });

  it('keeps the texts of a configuration file through storing and loading it', async () => {
    expect((await loadStoredClinicConfig(db))?.messages).toEqual(MESSAGES);
    const checked = checkedFetch(loaded.url);
    const a = new RestAdapter({baseUrl: loaded.url, fetch: checked.fetch});
    const phone = '+525544332200';
    await a.sendPhoneCode({phone, language: 'es'});
    const sms = (await loaded.portal.outbox()).filter((m) => m.to === phone).pop();
    expect(sms?.text).toBe(`Código de Clínica Demo Roma Norte: ${sms?.code}`);
    // English was not configured for this kind: the server's own text.
    const other = '+525544332201';
    await a.sendPhoneCode({phone: other, language: 'en'});
    const en = (await loaded.portal.outbox()).filter((m) => m.to === other).pop();
    expect(en?.text).toBe(
      `${en?.code} is your Clínica Demo Roma Norte code. It expires in 10 minutes. Do not share it with anyone.`,
    );
    expect(checked.violations).toEqual([]);
  });

  it('sends the seeded reminders with the clinic’s texts (email and SMS), links added after them', async () => {
    const sent = await server.portal.outbox();
    const email = sent.find(
      (m) => m.kind === 'reminder' && m.channel === 'email' && m.to === DEMO_PATIENT_EMAIL,
    );
    expect(email?.language).toBe('es');
    expect(email?.subject).toMatch(/^Su cita del /);
    expect(email?.text).toMatch(
      /^Estimada\/o Ana: le recordamos .+ con .+ \(hora de la Ciudad de México\)\. Clínica Demo Roma Norte, tel\. \+525555550134\./,
    );
    expect(email?.text).toMatch(/\nCancelar la cita: https:\/\/\S+#portal-reminder=[\w-]+&lang=es$/);
    const sms = sent.find((m) => m.kind === 'reminder' && m.channel === 'sms');
    expect(sms?.text).toMatch(/^Clínica Demo Roma Norte: cita .+\. Info: \+525555550134$/);
    expect(sms?.links).toEqual({});
  });

  it('sends the SMS code, the booking confirmation and the verification email with the clinic’s texts', async () => {
    const checked = checkedFetch(server.url);
    const a = new RestAdapter({baseUrl: server.url, fetch: checked.fetch});
    const phone = '+525544332211';
    const challenge = await a.sendPhoneCode({phone, language: 'es'});
    const code = (await server.portal.outbox()).filter((m) => m.to === phone).pop();
    expect(code?.text).toBe(`Código de Clínica Demo Roma Norte: ${code?.code}`);
    await a.verifyPhoneCode(challenge.id, code?.code ?? '');

    await a.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
    const {slots} = await a.getAvailability({
      serviceIds: ['svc-general'],
      providerId: 'prov-ramirez',
      from: new Date(now + 86_400_000).toISOString(),
      to: new Date(now + 8 * 86_400_000).toISOString(),
    });
    const booked = await a.book({
      slot: slots[0],
      serviceIds: ['svc-general'],
      idempotencyKey: 'messages-test-1',
      privacyConsent: true,
      policyAccepted: true,
      language: 'en',
    });
    expect(booked.status).toBe('booked');
    const confirmation = (await server.portal.outbox()).filter(
      (m) => m.kind === 'booking-confirmation' && m.channel === 'email',
    );
    expect(confirmation.at(-1)?.subject).toBe('Booked at Clínica Demo Roma Norte');
    expect(confirmation.at(-1)?.text).toMatch(
      /^Booked, Ana: General medicine visit, .+ \(Mexico City time\)\.\n\nhttps:/,
    );
    await a.signOut();

    // A new patient whose name holds what looks like markup and a placeholder: sent verbatim.
    const name = 'Zoë {{code}} <b>Núñez</b>';
    await a.register({
      patient: {
        givenName: name,
        familyName: 'Prueba',
        email: 'mensajes.prueba@example.com',
        phone: '+525511112222',
        dateOfBirth: '1990-05-01',
        language: 'es',
      },
      password: 'Un paseo por Chapultepec 2026',
      privacyConsent: true,
    });
    const verification = (await server.portal.outbox()).filter((m) => m.kind === 'verification').pop();
    expect(verification?.subject).toBe(`${name}, confirme su correo`);
    expect(verification?.text.split('\n')[0]).toBe(`Hola ${name}, confirme su correo.`);
    expect(verification?.text).toMatch(/#portal-verify=[\w-]+&lang=(es|en)$/);
    expect(checked.violations).toEqual([]);
  });
});
