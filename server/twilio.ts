/**
 * SMS and voice through Twilio's REST API (API version 2010-04-01), with `fetch` — no SDK:
 *
 * - SMS: `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`, form-encoded `To`, `From` (or
 *   `MessagingServiceSid`) and `Body`.
 * - Voice: `POST /2010-04-01/Accounts/{AccountSid}/Calls.json`, form-encoded `To`, `From` and
 *   `Twiml`: `<Response><Say language=… voice=…>the text</Say></Response>`, the text XML-escaped,
 *   said twice (`loop="2"`).
 *
 * Both authenticate with HTTP Basic: the Account SID and Auth Token, or an API key's SID and
 * secret. A non-2xx answer, a network error or a timeout rejects, so the dispatcher tries the
 * message again later (`delivery.ts`); the error names Twilio's status and error code only, never
 * the recipient or the text. Configured from the environment by {@link twilioFromEnv}.
 */
import type {Language, OutboxMessage} from '../src/domain/types.js';
import type {Transport} from './delivery.js';

export const TWILIO_API_BASE = 'https://api.twilio.com';

/** How `<Say>` speaks a language: its locale and one of Twilio's voices for it. */
export interface TwilioVoiceChoice {
  readonly language: string;
  readonly voice: string;
}

export const DEFAULT_VOICES: Readonly<Record<Language, TwilioVoiceChoice>> = {
  es: {language: 'es-MX', voice: 'Polly.Mia'},
  en: {language: 'en-US', voice: 'Polly.Joanna'},
};

export interface TwilioOptions {
  /** `AC…`: the account the messages are sent from (in the request path). */
  readonly accountSid: string;
  /** Basic-auth user and password: the Account SID and Auth Token, or an API key's SID and secret. */
  readonly username: string;
  readonly password: string;
  /** The sender number (E.164); SMS may use a Messaging Service instead. */
  readonly from?: string;
  /** `MG…`: SMS through this Messaging Service instead of `from`. */
  readonly messagingServiceSid?: string;
  /** The caller number for voice calls (default `from`). */
  readonly voiceFrom?: string;
  readonly voices?: Partial<Record<Language, TwilioVoiceChoice>>;
  /** Default {@link TWILIO_API_BASE}; tests point it at a local stub. */
  readonly apiBase?: string;
  readonly fetch?: typeof fetch;
  /** Milliseconds before a request gives up (default 10 000). */
  readonly timeoutMs?: number;
}

/** `&`, `<`, `>`, `"` and `'` as XML entities: the text is said, never read as TwiML. */
export function xmlEscape(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => `&${{'&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos'}[c]};`,
  );
}

/** The TwiML of a voice message: the text said twice in the message's language. */
export function sayTwiml(text: string, choice: TwilioVoiceChoice): string {
  return `<Response><Say language="${xmlEscape(choice.language)}" voice="${xmlEscape(choice.voice)}" loop="2">${xmlEscape(text)}</Say></Response>`;
}

/** Thrown when Twilio refuses or cannot be reached: its status and error code, nothing else. */
export class TwilioError extends Error {
  constructor(
    readonly status: number | undefined,
    readonly twilioCode: number | undefined,
  ) {
    super(
      status === undefined
        ? 'Twilio could not be reached'
        : `Twilio answered ${status}${twilioCode !== undefined ? ` (error ${twilioCode})` : ''}`,
    );
    this.name = 'TwilioError';
  }
}

class TwilioClient {
  private readonly base: string;
  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;

  constructor(readonly options: TwilioOptions) {
    this.base = (options.apiBase ?? TWILIO_API_BASE).replace(/\/+$/, '');
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  async create(resource: 'Messages' | 'Calls', form: Record<string, string>): Promise<void> {
    const url = `${this.base}/2010-04-01/Accounts/${encodeURIComponent(this.options.accountSid)}/${resource}.json`;
    const auth = Buffer.from(`${this.options.username}:${this.options.password}`, 'utf8').toString('base64');
    let response: Response;
    try {
      response = await this.fetchImpl(url, {
        method: 'POST',
        headers: {
          Authorization: `Basic ${auth}`,
          'Content-Type': 'application/x-www-form-urlencoded',
          Accept: 'application/json',
        },
        body: new URLSearchParams(form).toString(),
        redirect: 'error',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch {
      throw new TwilioError(undefined, undefined);
    }
    const text = await response.text().catch(() => '');
    if (response.ok) return;
    let code: number | undefined;
    try {
      const body = JSON.parse(text) as {code?: unknown};
      if (typeof body.code === 'number') code = body.code;
    } catch {
      // Not JSON: the status says enough.
    }
    throw new TwilioError(response.status, code);
  }
}

/** SMS through Twilio's Messages resource. */
export class TwilioSms implements Transport {
  private readonly client: TwilioClient;
  constructor(options: TwilioOptions) {
    if (!options.from && !options.messagingServiceSid)
      throw new Error('Twilio SMS needs a sender: TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID');
    this.client = new TwilioClient(options);
  }
  send(m: OutboxMessage): Promise<void> {
    const o = this.client.options;
    return this.client.create('Messages', {
      To: m.to,
      ...(o.messagingServiceSid ? {MessagingServiceSid: o.messagingServiceSid} : {From: o.from as string}),
      Body: m.text,
    });
  }
}

/** Voice calls through Twilio's Calls resource, the text said by `<Say>` in the message's language. */
export class TwilioVoice implements Transport {
  private readonly client: TwilioClient;
  private readonly from: string;
  constructor(options: TwilioOptions) {
    const from = options.voiceFrom ?? options.from;
    if (!from) throw new Error('Twilio voice needs a caller number: TWILIO_VOICE_FROM or TWILIO_FROM');
    this.from = from;
    this.client = new TwilioClient(options);
  }
  send(m: OutboxMessage): Promise<void> {
    const lang: Language = m.language === 'en' ? 'en' : 'es';
    const choice = this.client.options.voices?.[lang] ?? DEFAULT_VOICES[lang];
    return this.client.create('Calls', {To: m.to, From: this.from, Twiml: sayTwiml(m.text, choice)});
  }
}

type Env = Readonly<Record<string, string | undefined>>;

function voiceChoice(
  value: string | undefined,
  fallback: TwilioVoiceChoice,
  name: string,
): TwilioVoiceChoice {
  if (!value) return fallback;
  const m = /^([A-Za-z]{2,3}-[A-Za-z]{2,4}):(\S+)$/.exec(value.trim());
  if (!m) throw new Error(`${name} must be "locale:voice", e.g. "es-ES:Polly.Lucia"`);
  return {language: m[1], voice: m[2]};
}

/**
 * The SMS and voice transports from the environment: with `TWILIO_ACCOUNT_SID` set, SMS and voice
 * messages go through Twilio (`TWILIO_CHANNELS`, default `sms,voice`, picks which); without it,
 * none (they stay in the outbox). Throws on an incomplete or unsafe configuration.
 *
 * `TWILIO_AUTH_TOKEN` (or `TWILIO_API_KEY` + `TWILIO_API_SECRET`), `TWILIO_FROM` (E.164),
 * `TWILIO_MESSAGING_SERVICE_SID`, `TWILIO_VOICE_FROM`, `TWILIO_VOICE_ES` / `TWILIO_VOICE_EN`
 * (`locale:voice`), `TWILIO_API_BASE` (https, or http on the loopback interface for a local fake).
 */
export function twilioFromEnv(env: Env, fetchImpl?: typeof fetch): {sms?: Transport; voice?: Transport} {
  const accountSid = env.TWILIO_ACCOUNT_SID?.trim();
  if (!accountSid) return {};
  if (!/^AC[0-9a-fA-F]{32}$/.test(accountSid))
    throw new Error('TWILIO_ACCOUNT_SID must be AC followed by 32 hex digits');
  const apiKey = env.TWILIO_API_KEY?.trim();
  const username = apiKey || accountSid;
  const password = (apiKey ? env.TWILIO_API_SECRET : env.TWILIO_AUTH_TOKEN)?.trim();
  if (!password)
    throw new Error(
      apiKey ? 'TWILIO_API_KEY needs TWILIO_API_SECRET' : 'TWILIO_ACCOUNT_SID needs TWILIO_AUTH_TOKEN',
    );
  const apiBase = env.TWILIO_API_BASE?.trim() || TWILIO_API_BASE;
  const base = new URL(apiBase);
  const loopback = ['127.0.0.1', '[::1]', 'localhost'].includes(base.hostname);
  if (base.protocol !== 'https:' && !(base.protocol === 'http:' && loopback))
    throw new Error('TWILIO_API_BASE must be https (or http on the loopback interface, for a local fake)');
  const e164 = (value: string | undefined, name: string) => {
    const v = value?.trim();
    if (v !== undefined && v !== '' && !/^\+[1-9]\d{6,14}$/.test(v))
      throw new Error(`${name} must be an E.164 number`);
    return v || undefined;
  };
  const options: TwilioOptions = {
    accountSid,
    username,
    password,
    from: e164(env.TWILIO_FROM, 'TWILIO_FROM'),
    voiceFrom: e164(env.TWILIO_VOICE_FROM, 'TWILIO_VOICE_FROM'),
    messagingServiceSid: env.TWILIO_MESSAGING_SERVICE_SID?.trim() || undefined,
    voices: {
      es: voiceChoice(env.TWILIO_VOICE_ES, DEFAULT_VOICES.es, 'TWILIO_VOICE_ES'),
      en: voiceChoice(env.TWILIO_VOICE_EN, DEFAULT_VOICES.en, 'TWILIO_VOICE_EN'),
    },
    apiBase,
    ...(fetchImpl ? {fetch: fetchImpl} : {}),
  };
  const channels = (env.TWILIO_CHANNELS ?? 'sms,voice').split(',').map((c) => c.trim());
  for (const c of channels)
    if (c !== 'sms' && c !== 'voice') throw new Error('TWILIO_CHANNELS lists sms and/or voice');
  return {
    ...(channels.includes('sms') ? {sms: new TwilioSms(options)} : {}),
    ...(channels.includes('voice') ? {voice: new TwilioVoice(options)} : {}),
  };
}
