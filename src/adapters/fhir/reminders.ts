/**
 * Reminder preferences on FHIR, in a chunk of its own (loaded on the first reminders call): the
 * email on file is `Patient.telecom` (email); the preferences are **one standing
 * `CommunicationRequest` per channel** (email, and SMS and voice where the clinic offers them) —
 * `status` active, `category` reminder, `medium` the channel, `subject` and `recipient` the
 * Patient, `doNotPerform` true when she turned the channel off, the reminder times as extensions
 * `reminder-hour` and, on a phone channel, the phones it goes to as extensions `reminder-phone`
 * (number, country, order). What the EHR's own reminder system reads. The rules are the shared
 * ones (`rules/reminders.ts`).
 */
import {checkReminderPreferences, reminderPreferencesOf} from '../../domain/rules/reminders.js';
import type {Clinic, E164, ReminderPhone, ReminderPreferences} from '../../domain/types.js';
import {NetworkError, type RequestOptions} from '../adapter.js';
import type {FhirHttp} from './http.js';
import type {Extension, Resource} from './profile.js';

export type ReminderChannel = 'email' | 'sms' | 'voice';

export interface RemindersHost {
  readonly http: FhirHttp;
  clinic(signal?: AbortSignal): Promise<Clinic>;
  /** The phone channels this backend offers (`capabilities.reminderChannels`). */
  channelOn(clinic: Clinic): (c: 'sms' | 'voice') => boolean;
  /** The Patient whose preferences these are (`NotSignedInError` without a session). */
  patientId(): string;
  nowInstant(): string;
  /** `EXT.reminderHour`, `EXT.reminderPhone`, `EXT.reminderPreferences`, `SYSTEM.reminderChannel`. */
  readonly urls: {hour: string; phone: string; legacy: string; channel: string};
}

const CATEGORY = 'http://terminology.hl7.org/CodeSystem/communication-category';
/** v3-ParticipationMode where it has a code (it has none for SMS). */
const V3_MODE: Partial<Record<ReminderChannel, string>> = {email: 'EMAILWRIT', voice: 'PHONE'};

type Urls = RemindersHost['urls'];

const channelOf = (u: Urls, r: Resource): ReminderChannel | undefined =>
  (r.medium as {coding?: {system?: string; code?: string}[]}[] | undefined)
    ?.flatMap((m) => m.coding ?? [])
    .find((c) => c.system === u.channel)?.code as ReminderChannel | undefined;

/** The standing reminder CommunicationRequests for `preferences` (as saved): one per channel. */
export function reminderRequests(
  u: Urls,
  patientId: string,
  preferences: ReminderPreferences,
  channels: readonly ReminderChannel[],
  authoredOn: string,
): Resource[] {
  const patient = {reference: `Patient/${patientId}`};
  return channels.map((channel) => {
    const phones = preferences.phones
      .map((p, order) => ({p, order}))
      .filter(({p}) => channel !== 'email' && p[channel]);
    const mode = V3_MODE[channel];
    const extension = [
      ...preferences.hours.map((h): Extension => ({url: u.hour, valueInteger: h})),
      ...phones.map(({p, order}): Extension => ({
        url: u.phone,
        extension: [
          {url: 'number', valueString: p.number},
          {url: 'country', valueCode: p.country},
          {url: 'order', valueInteger: order},
        ],
      })),
    ];
    return {
      resourceType: 'CommunicationRequest',
      status: 'active',
      category: [{coding: [{system: CATEGORY, code: 'reminder'}]}],
      medium: [
        {
          coding: [
            {system: u.channel, code: channel},
            ...(mode
              ? [{system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationMode', code: mode}]
              : []),
          ],
        },
      ],
      subject: patient,
      recipient: [patient],
      authoredOn,
      ...(channel !== 'email' && phones.length === 0 ? {doNotPerform: true} : {}),
      ...(extension.length > 0 ? {extension} : {}),
    };
  });
}

/** The preferences the standing requests hold (`null` when there are none yet). */
export function fromRequests(u: Urls, found: readonly Resource[], email: string): ReminderPreferences | null {
  const mine = found.filter((r) => r.status === 'active' && channelOf(u, r));
  if (mine.length === 0) return null;
  const phones = new Map<string, ReminderPhone & {order: number}>();
  for (const r of mine) {
    const channel = channelOf(u, r);
    if (channel === 'email' || r.doNotPerform === true) continue;
    for (const e of (r.extension ?? []).filter((x) => x.url === u.phone)) {
      const part = (n: string) => e.extension?.find((x) => x.url === n);
      const number = (part('number')?.valueString ?? '') as E164;
      const phone = phones.get(number) ?? {
        number,
        country: part('country')?.valueCode ?? '',
        sms: false,
        voice: false,
        order: part('order')?.valueInteger ?? phones.size,
      };
      phones.set(number, {...phone, [channel as 'sms' | 'voice']: true});
    }
  }
  const hours = (mine.find((r) => channelOf(u, r) === 'email') ?? mine[0]).extension ?? [];
  return {
    email,
    phones: [...phones.values()].sort((a, b) => a.order - b.order).map(({order: _, ...p}) => p),
    hours: hours.filter((e) => e.url === u.hour).map((e) => Number(e.valueInteger)),
  };
}

/** Before the standing requests: the preferences an earlier version kept on the Patient. */
function legacy(u: Urls, patient: Resource, email: string): ReminderPreferences | null {
  const stored = patient.extension?.find((e) => e.url === u.legacy);
  if (!stored) return null;
  return {
    email,
    hours: (stored.extension ?? []).filter((e) => e.url === 'hour').map((e) => Number(e.valueInteger)),
    phones: (stored.extension ?? [])
      .filter((e) => e.url === 'phone')
      .map((e) => {
        const part = (n: string) => e.extension?.find((x) => x.url === n);
        return {
          number: (part('number')?.valueString ?? '') as E164,
          country: part('country')?.valueCode ?? '',
          sms: part('sms')?.valueBoolean === true,
          voice: part('voice')?.valueBoolean === true,
        };
      }),
  };
}

async function read(host: RemindersHost, signal?: AbortSignal) {
  const id = host.patientId();
  const [clinic, patient, found] = await Promise.all([
    host.clinic(signal),
    host.http.request('GET', `Patient/${id}`, {signal}),
    host.http.searchAll('CommunicationRequest', {subject: `Patient/${id}`, category: 'reminder'}, signal),
  ]);
  const tel = (patient.body.telecom as {system?: string; value?: string}[] | undefined) ?? [];
  const email = tel.find((t) => t.system === 'email')?.value ?? '';
  const phone = tel.find((t) => t.system === 'sms')?.value ?? tel.find((t) => t.system === 'phone')?.value;
  const prefs = fromRequests(host.urls, found, email) ?? legacy(host.urls, patient.body, email);
  return {id, clinic, patient, found, email, phone: phone ?? null, prefs};
}

export async function getReminderPreferences(
  host: RemindersHost,
  options: RequestOptions = {},
): Promise<ReminderPreferences> {
  const r = await read(host, options.signal);
  return reminderPreferencesOf(r.clinic, host.channelOn(r.clinic), r);
}

/**
 * Checked by the shared rule, then each channel's standing request updated in place (`If-Match`,
 * its other elements kept) or created (conditional on subject, category and medium, so two
 * devices saving at once make one each). A phone with no channel on receives nothing and is not
 * kept. The preferences an earlier version kept on the Patient are then removed.
 */
export async function saveReminderPreferences(
  host: RemindersHost,
  preferences: ReminderPreferences,
  options: RequestOptions = {},
): Promise<ReminderPreferences> {
  const signal = options.signal;
  // Another device saving at the same moment changes a request under us (412, or a conditional
  // create that found one): read again and write again, so the last save is what stays.
  for (let attempt = 0; attempt < 4; attempt++) {
    const r = await read(host, signal);
    const on = host.channelOn(r.clinic);
    const checked = checkReminderPreferences(r.clinic, on, r.email, preferences);
    const saved = {...checked, phones: checked.phones.filter((p) => p.sms || p.voice)};
    const channels: ReminderChannel[] = ['email', ...(['sms', 'voice'] as const).filter(on)];
    signal?.throwIfAborted();
    if (await write(host, r, reminderRequests(host.urls, r.id, saved, channels, host.nowInstant())))
      return saved;
  }
  throw new NetworkError('server');
}

/** Writes each channel's request, then drops the old Patient extension; `false` on a conflict. */
async function write(
  host: RemindersHost,
  r: Awaited<ReturnType<typeof read>>,
  bodies: readonly Resource[],
): Promise<boolean> {
  for (const body of bodies) {
    const channel = channelOf(host.urls, body);
    const existing = r.found.find((x) => x.status === 'active' && channelOf(host.urls, x) === channel);
    let res;
    if (existing) {
      // Its other elements and extensions (the EHR's) kept; ours replaced.
      const extension = [
        ...(existing.extension ?? []).filter((e) => e.url !== host.urls.hour && e.url !== host.urls.phone),
        ...(body.extension ?? []),
      ];
      const {extension: _, ...rest} = existing;
      res = await host.http.request('PUT', `CommunicationRequest/${existing.id}`, {
        body: {
          ...rest,
          ...body,
          id: existing.id,
          doNotPerform: body.doNotPerform === true,
          ...(extension.length > 0 ? {extension} : {}),
        },
        ...(existing.meta?.versionId ? {headers: {'If-Match': `W/"${existing.meta.versionId}"`}} : {}),
        allowConflict: true,
      });
    } else {
      res = await host.http.request('POST', 'CommunicationRequest', {
        body,
        headers: {
          'If-None-Exist': `subject=Patient/${r.id}&category=reminder&medium=${encodeURIComponent(`${host.urls.channel}|${channel}`)}`,
        },
        allowConflict: true,
      });
      // 200: another device created it first; ours was not written.
      if (res.status === 200) return false;
    }
    if (res.status === 409 || res.status === 412) return false;
  }
  const extensions = r.patient.body.extension ?? [];
  if (extensions.some((e) => e.url === host.urls.legacy)) {
    const res = await host.http.request('PUT', `Patient/${r.id}`, {
      body: {...r.patient.body, extension: extensions.filter((e) => e.url !== host.urls.legacy)},
      ...(r.patient.version ? {headers: {'If-Match': `W/"${r.patient.version}"`}} : {}),
      allowConflict: true,
    });
    if (res.status === 409 || res.status === 412) return false;
  }
  return true;
}
