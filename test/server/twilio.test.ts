/**
 * SMS and voice through Twilio's REST API (server/twilio.ts), against a local stand-in for
 * api.twilio.com on 127.0.0.1 that checks each request's shape as Twilio documents it (path,
 * Basic auth, form encoding, parameters) and answers as Twilio does — 201, or a 4xx/5xx error
 * document. Then the server end to end: its SMS reminders and a voice test reminder delivered
 * through it by the dispatcher, once each, and a refused message tried again on the next run.
 */
import {createServer, type IncomingMessage, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {afterAll, beforeAll, beforeEach, describe, expect, it, vi} from 'vitest';
import {DEMO_PATIENT_EMAIL, DEMO_PATIENT_PASSWORD} from '../../src/adapters/memory/index.js';
import {RestAdapter} from '../../src/adapters/rest/index.js';
import type {OutboxMessage} from '../../src/domain/types.js';
import {startServer, type RunningServer} from '../../server/index.js';
import {
  TwilioError,
  TwilioSms,
  TwilioVoice,
  sayTwiml,
  twilioFromEnv,
  xmlEscape,
} from '../../server/twilio.js';
import {checkedFetch, testDatabase} from './helpers.js';

vi.setConfig({testTimeout: 60_000});

const SID = `AC${'0123456789abcdef'.repeat(2)}`;
const TOKEN = 'test-auth-token';
const FROM = '+15005550006';

interface Received {
  readonly method: string;
  readonly path: string;
  readonly auth: string;
  readonly contentType: string;
  readonly form: Record<string, string>;
  /** Repeated or unexpected parameters. */
  readonly duplicates: string[];
}

/** What the stand-in answers next (default: Twilio's 201 with a resource). */
type Reply = {status: number; body: unknown} | 'hang';

let stub: Server;
let stubUrl: string;
const received: Received[] = [];
const replies: Reply[] = [];

function read(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (data += chunk));
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}

beforeAll(async () => {
  stub = createServer((req, res) => {
    void read(req).then((raw) => {
      const params = new URLSearchParams(raw);
      const form: Record<string, string> = {};
      const duplicates: string[] = [];
      for (const [k, v] of params) {
        if (k in form) duplicates.push(k);
        form[k] = v;
      }
      received.push({
        method: req.method ?? '',
        path: req.url ?? '',
        auth: req.headers.authorization ?? '',
        contentType: req.headers['content-type'] ?? '',
        form,
        duplicates,
      });
      const reply = replies.shift() ?? {
        status: 201,
        body: {sid: 'SM00000000000000000000000000000000', status: 'queued'},
      };
      if (reply === 'hang') return; // never answers: the client's timeout must end it
      res.writeHead(reply.status, {'Content-Type': 'application/json'});
      res.end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', () => resolve()));
  stubUrl = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`;
});

afterAll(async () => {
  stub.closeAllConnections();
  await new Promise<void>((resolve) => stub.close(() => resolve()));
});

beforeEach(() => {
  received.length = 0;
  replies.length = 0;
});

const message = (over: Partial<OutboxMessage>): OutboxMessage => ({
  id: 'msg_1',
  channel: 'sms',
  to: '+525512345678',
  at: '2026-03-10T10:00:00-06:00',
  language: 'es',
  kind: 'reminder',
  subject: 'Recordatorio',
  text: 'Te esperamos: consulta, martes 10 de marzo, 11:00 (hora de la Ciudad de México).',
  links: {},
  ...over,
});

const basic = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;

describe('the Twilio transports', () => {
  // The stand-in's URL is known once it listens: each transport below is given it.
  const options = {accountSid: SID, username: SID, password: TOKEN, from: FROM};

  it('sends an SMS as Twilio’s Messages resource documents it', async () => {
    const sms = new TwilioSms({...options, apiBase: stubUrl});
    const m = message({text: 'Línea 1\nAcentos: ñ, é — y símbolos & <>'});
    await sms.send(m);
    expect(received).toEqual([
      {
        method: 'POST',
        path: `/2010-04-01/Accounts/${SID}/Messages.json`,
        auth: basic(SID, TOKEN),
        contentType: 'application/x-www-form-urlencoded',
        form: {To: '+525512345678', From: FROM, Body: m.text},
        duplicates: [],
      },
    ]);
    // Through a Messaging Service instead of a number, with an API key.
    await new TwilioSms({
      ...options,
      apiBase: stubUrl,
      username: 'SK0123',
      password: 'secret',
      messagingServiceSid: 'MG0123',
    }).send(m);
    expect(received[1].form).toEqual({To: '+525512345678', MessagingServiceSid: 'MG0123', Body: m.text});
    expect(received[1].auth).toBe(basic('SK0123', 'secret'));
  });

  it('places a voice call whose TwiML says the text, escaped, in the message’s language', async () => {
    const voice = new TwilioVoice({...options, apiBase: stubUrl, voiceFrom: '+15005550001'});
    const text = 'Cita con "Dra. O\'Brien" & <equipo> a las 11:00.';
    await voice.send(message({channel: 'voice', text}));
    await voice.send(message({channel: 'voice', text: 'See you at 11.', language: 'en'}));
    expect(received.map((r) => r.path)).toEqual([
      `/2010-04-01/Accounts/${SID}/Calls.json`,
      `/2010-04-01/Accounts/${SID}/Calls.json`,
    ]);
    expect(received[0].form).toEqual({
      To: '+525512345678',
      From: '+15005550001',
      Twiml:
        '<Response><Say language="es-MX" voice="Polly.Mia" loop="2">Cita con &quot;Dra. O&apos;Brien&quot; &amp; &lt;equipo&gt; a las 11:00.</Say></Response>',
    });
    expect(received[1].form.Twiml).toBe(
      '<Response><Say language="en-US" voice="Polly.Joanna" loop="2">See you at 11.</Say></Response>',
    );
    expect(xmlEscape('<Say>&')).toBe('&lt;Say&gt;&amp;');
    expect(sayTwiml('x', {language: 'es-ES', voice: 'Polly.Lucia'})).toContain(
      'language="es-ES" voice="Polly.Lucia"',
    );
  });

  it('rejects on Twilio’s errors, a dead connection and a timeout, naming neither the number nor the text', async () => {
    const sms = new TwilioSms({...options, apiBase: stubUrl, timeoutMs: 300});
    const m = message({});
    replies.push({
      status: 400,
      body: {code: 21211, message: "The 'To' number +525512345678 is not a valid phone number.", status: 400},
    });
    const refused = await sms.send(m).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TwilioError);
    expect((refused as TwilioError).message).toBe('Twilio answered 400 (error 21211)');
    replies.push({status: 503, body: 'busy'});
    expect(((await sms.send(m).catch((e: unknown) => e)) as Error).message).toBe('Twilio answered 503');
    replies.push('hang');
    const slow = await sms.send(m).catch((e: unknown) => e);
    expect((slow as Error).message).toBe('Twilio could not be reached');
    const dead = new TwilioSms({...options, apiBase: 'http://127.0.0.1:9'});
    expect(((await dead.send(m).catch((e: unknown) => e)) as Error).message).toBe(
      'Twilio could not be reached',
    );
    for (const e of [refused, slow])
      for (const secret of [m.to, m.text, TOKEN]) expect(String((e as Error).message)).not.toContain(secret);
  });

  it('is configured from the environment, refusing incomplete or unsafe settings', () => {
    expect(twilioFromEnv({})).toEqual({});
    const both = twilioFromEnv({TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: TOKEN, TWILIO_FROM: FROM});
    expect(both.sms).toBeInstanceOf(TwilioSms);
    expect(both.voice).toBeInstanceOf(TwilioVoice);
    const smsOnly = twilioFromEnv({
      TWILIO_ACCOUNT_SID: SID,
      TWILIO_AUTH_TOKEN: TOKEN,
      TWILIO_MESSAGING_SERVICE_SID: 'MG1',
      TWILIO_CHANNELS: 'sms',
    });
    expect(Object.keys(smsOnly)).toEqual(['sms']);
    const bad: [Record<string, string>, RegExp][] = [
      [{TWILIO_ACCOUNT_SID: 'AC123'}, /TWILIO_ACCOUNT_SID/],
      [{TWILIO_ACCOUNT_SID: SID, TWILIO_FROM: FROM}, /TWILIO_AUTH_TOKEN/],
      [{TWILIO_ACCOUNT_SID: SID, TWILIO_API_KEY: 'SK1', TWILIO_FROM: FROM}, /TWILIO_API_SECRET/],
      [{TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: TOKEN, TWILIO_FROM: '5512345678'}, /E\.164/],
      [{TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: TOKEN}, /sender/],
      [
        {
          TWILIO_ACCOUNT_SID: SID,
          TWILIO_AUTH_TOKEN: TOKEN,
          TWILIO_FROM: FROM,
          TWILIO_API_BASE: 'http://twilio.example',
        },
        /https/,
      ],
      [
        {TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: TOKEN, TWILIO_FROM: FROM, TWILIO_CHANNELS: 'sms,fax'},
        /TWILIO_CHANNELS/,
      ],
      [
        {TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: TOKEN, TWILIO_FROM: FROM, TWILIO_VOICE_ES: 'Mia'},
        /locale:voice/,
      ],
    ];
    for (const [env, error] of bad) expect(() => twilioFromEnv(env), JSON.stringify(env)).toThrow(error);
  });
});

describe('the server’s SMS and voice messages through Twilio', () => {
  const database = testDatabase('twilio');
  const now = Date.parse('2026-03-10T16:00:00Z');
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer({
      clock: () => now,
      delivery: twilioFromEnv({
        TWILIO_ACCOUNT_SID: SID,
        TWILIO_AUTH_TOKEN: TOKEN,
        TWILIO_FROM: FROM,
        TWILIO_API_BASE: stubUrl,
      }),
      ...database.options,
    });
  }, 120_000);

  afterAll(async () => {
    if (server) await database.drop(server.db);
    await server?.close();
  });

  it('delivers the seeded SMS reminders through Twilio once each, and a voice test reminder as a call', async () => {
    const sms = (await server.portal.outbox()).filter((m) => m.channel === 'sms');
    expect(sms.length).toBeGreaterThan(0);
    // The first is refused once: it stays in the outbox and goes out on the next run.
    replies.push({status: 429, body: {code: 20429, message: 'Too Many Requests', status: 429}});
    const first = await server.dispatcher.deliver(now);
    expect(first).toBe(sms.length - 1);
    const second = await server.dispatcher.deliver(now);
    expect(second).toBe(1);
    expect(await server.dispatcher.deliver(now)).toBe(0);
    const posted = received.filter((r) => r.path.endsWith('/Messages.json'));
    expect(posted.length).toBe(sms.length + 1);
    for (const r of posted) {
      expect(r.auth).toBe(basic(SID, TOKEN));
      expect(r.duplicates).toEqual([]);
      expect(Object.keys(r.form).sort()).toEqual(['Body', 'From', 'To']);
    }
    expect(new Set(posted.map((r) => `${r.form.To} ${r.form.Body}`))).toEqual(
      new Set(sms.map((m) => `${m.to} ${m.text}`)),
    );

    // Voice: the demo patient turns on calls for her phone and asks for a test call.
    const checked = checkedFetch(server.url);
    const a = new RestAdapter({baseUrl: server.url, fetch: checked.fetch});
    await a.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
    const prefs = await a.getReminderPreferences();
    await a.saveReminderPreferences({...prefs, phones: prefs.phones.map((p) => ({...p, voice: true}))});
    await a.sendTestReminder('voice');
    received.length = 0;
    // Read before delivery: a delivered message's contents are wiped (issue 14 item 11).
    const call = (await server.portal.outbox()).filter((m) => m.channel === 'voice').pop();
    expect(await server.dispatcher.deliver(now)).toBe(1);
    expect((await server.portal.outbox()).filter((m) => m.channel === 'voice').pop()?.text).toBe('');
    expect(received).toHaveLength(1);
    expect(received[0].path).toBe(`/2010-04-01/Accounts/${SID}/Calls.json`);
    expect(received[0].form).toEqual({
      To: call?.to,
      From: FROM,
      Twiml: `<Response><Say language="es-MX" voice="Polly.Mia" loop="2">${xmlEscape(call?.text ?? '')}</Say></Response>`,
    });
    expect(checked.violations).toEqual([]);
  });
});
