/**
 * Reading the clinic from FHIR: Organization (+ the `portal-clinic-settings` extension), Location,
 * HealthcareService, Practitioner + PractitionerRole, Schedule and the cancellation-reasons ValueSet
 * become the {@link ClinicData} the shared rules work on. The README's "FHIR backend" table lists
 * every mapping; `scripts/fhir-seed.ts` writes the demo clinic the same way.
 */
import type {ProviderSchedule} from '../../domain/schedule.js';
import type {ClinicData, VisitForms} from '../../domain/rules/index.js';
import type {
  CancellationReason,
  Clinic,
  ClinicLocation,
  E164,
  LocalizedText,
  Provider,
  ProviderTerms,
  Service,
  ServiceCategory,
  VisitMode,
} from '../../domain/types.js';
import {NetworkError} from '../adapter.js';
import type {FhirHttp} from './http.js';
import {
  EXT,
  REASONS_VALUESET,
  SYSTEM,
  ext,
  fromPrimitive,
  moneyFromFhir,
  type CodeableConcept,
  type Element,
  type Extension,
  type Reference,
  type Resource,
} from './profile.js';

/** The clinic as the adapter keeps it: the rules' data plus where each provider's slots are. */
export interface FhirClinic {
  readonly data: ClinicData;
  /** Provider (Practitioner id) → their Schedules (id and the Location they are at). */
  readonly schedules: ReadonlyMap<string, readonly {id: string; locationId?: string}[]>;
  /** The clinic's first language: the language of FHIR's primitive strings. */
  readonly lang: string;
  /**
   * The scheduling operations the server's CapabilityStatement offers on Appointment (`hold`,
   * `book`, `find`): where `book` is offered the adapter books through it, where `hold` is, it holds.
   */
  readonly operations: ReadonlySet<string>;
}

/** The operations the CapabilityStatement names on Appointment (none if it can't be read). */
async function appointmentOperations(http: FhirHttp, signal?: AbortSignal): Promise<Set<string>> {
  try {
    const statement = (await http.request('GET', 'metadata', {signal, allow404: true})).body;
    const rest = (statement.rest as {resource?: {type?: string; operation?: {name?: string}[]}[]}[]) ?? [];
    return new Set(
      rest
        .flatMap((r) => r.resource ?? [])
        .filter((r) => r.type === 'Appointment')
        .flatMap((r) => r.operation ?? [])
        .map((o) => String(o.name ?? '').replace(/^\$/, '')),
    );
  } catch {
    // No statement (or an unreadable one): the plain REST interactions every server has.
    signal?.throwIfAborted();
    return new Set();
  }
}

interface Settings extends Omit<Clinic, 'id' | 'name' | 'phone' | 'email' | 'website' | 'locations'> {
  readonly stepMinutes?: number;
  readonly bufferMinutes?: number;
  readonly closures?: ClinicData['closures'];
  readonly timeZoneLabel?: LocalizedText;
  readonly videoRoomBase?: string;
  readonly messaging?: ClinicData['messaging'];
}

const idOf = (ref: Reference | undefined, type: string): string | undefined => {
  const m = /^(?:.*\/)?([A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/.*)?$/.exec(ref?.reference ?? '');
  return m && m[1] === type ? m[2] : undefined;
};

const str = (r: Resource, name: string): string | undefined =>
  typeof r[name] === 'string' ? (r[name] as string) : undefined;

function localized(r: Resource | Extension, name: string, lang: string): LocalizedText {
  const value = (r as Record<string, unknown>)[name];
  const element = (r as Record<string, unknown>)[`_${name}`] as Element | undefined;
  return fromPrimitive(typeof value === 'string' ? value : undefined, element, lang);
}

function textExt(r: Resource, url: string, lang: string): LocalizedText | undefined {
  const e = ext(r, url);
  return e && typeof e.valueString === 'string' ? localized(e, 'valueString', lang) : undefined;
}

function telecom(r: Resource, system: string): string | undefined {
  const list = (r.telecom as {system?: string; value?: string}[] | undefined) ?? [];
  return list.find((t) => t.system === system)?.value;
}

/** Loads the clinic (one round of parallel searches). */
export async function loadClinic(http: FhirHttp, signal?: AbortSignal): Promise<FhirClinic> {
  const [orgs, locations, services, practitioners, roles, schedules, valueSets, operations] =
    await Promise.all([
      http.searchAll('Organization', {_count: '50'}, signal),
      http.searchAll('Location', {}, signal),
      http.searchAll('HealthcareService', {}, signal),
      http.searchAll('Practitioner', {}, signal),
      http.searchAll('PractitionerRole', {}, signal),
      http.searchAll('Schedule', {}, signal),
      http.searchAll('ValueSet', {url: REASONS_VALUESET}, signal),
      appointmentOperations(http, signal),
    ]);
  const org = orgs.find((o) => ext(o, EXT.settings));
  let settings: Settings;
  try {
    settings = JSON.parse(ext(org, EXT.settings)?.valueString ?? '') as Settings;
  } catch {
    // No clinic configured for the portal on this server: nothing the patient can do about it.
    throw new NetworkError('server');
  }
  const orgRes = org as Resource;
  const lang = settings.languages?.[0] ?? 'en';

  const clinicLocations: ClinicLocation[] = locations
    .filter((l) => l.status !== 'inactive')
    .map((l) => {
      const phone = telecom(l, 'phone');
      return {
        id: l.id as string,
        name: localized(l, 'name', lang),
        address: (l.address as {text?: string} | undefined)?.text ?? '',
        ...(phone ? {phone: phone as E164} : {}),
      };
    });

  const activeRoles = roles.filter(
    (r) => r.active !== false && idOf(r.practitioner as Reference, 'Practitioner'),
  );
  const byPractitioner = new Map(practitioners.map((p) => [p.id as string, p]));
  const scheduleIndex = new Map<string, {id: string; locationId?: string}[]>();
  for (const s of schedules) {
    if (s.active === false) continue;
    const actors = (s.actor as Reference[] | undefined) ?? [];
    const provider = actors.map((a) => idOf(a, 'Practitioner')).find(Boolean);
    if (!provider) continue;
    const locationId = actors.map((a) => idOf(a, 'Location')).find(Boolean);
    scheduleIndex.set(provider, [
      ...(scheduleIndex.get(provider) ?? []),
      {id: s.id as string, ...(locationId ? {locationId} : {})},
    ]);
  }

  const providers: Provider[] = [];
  for (const role of activeRoles) {
    const id = idOf(role.practitioner as Reference, 'Practitioner') as string;
    const p = byPractitioner.get(id);
    if (!p || p.active === false || providers.some((x) => x.id === id)) continue;
    const name = (p.name as {text?: string; given?: string[]; family?: string}[] | undefined)?.[0];
    const code = (role.code as CodeableConcept[] | undefined)?.[0];
    const photo = (p.photo as {url?: string}[] | undefined)?.find((x) => x.url?.startsWith('https://'))?.url;
    const bio = textExt(p, EXT.bio, lang);
    providers.push({
      id,
      name: name?.text ?? [...(name?.given ?? []), name?.family ?? ''].join(' ').trim(),
      title: code ? fromPrimitive(code.text, code._text, lang) : {},
      languages: ((p.communication as CodeableConcept[] | undefined) ?? [])
        .map((c) => c.coding?.[0]?.code)
        .filter((c): c is string => typeof c === 'string'),
      ...(photo ? {photoUrl: photo} : {}),
      ...(bio ? {bio} : {}),
      locationIds: ((role.location as Reference[] | undefined) ?? [])
        .map((l) => idOf(l, 'Location'))
        .filter((l): l is string => !!l),
    });
  }

  const categories: ServiceCategory[] = [];
  const catalogServices: Service[] = [];
  const visitForms: Record<string, VisitForms> = {};
  for (const s of services) {
    if (s.active === false) continue;
    const id = s.id as string;
    const coding = (s.category as CodeableConcept[] | undefined)
      ?.flatMap((c) => c.coding ?? [])
      .find((c) => c.system === SYSTEM.category);
    const categoryId = coding?.code ?? 'general';
    if (!categories.some((c) => c.id === categoryId)) {
      categories.push({
        id: categoryId,
        name: coding ? fromPrimitive(coding.display, coding._display, lang) : {[lang]: categoryId},
      });
    }
    const providerTerms: Record<string, ProviderTerms> = {};
    const providerIds: string[] = [];
    for (const role of activeRoles) {
      const pid = idOf(role.practitioner as Reference, 'Practitioner') as string;
      const offers = ((role.healthcareService as Reference[] | undefined) ?? []).some(
        (r) => idOf(r, 'HealthcareService') === id,
      );
      if (!offers || !providers.some((p) => p.id === pid)) continue;
      if (!providerIds.includes(pid)) providerIds.push(pid);
      for (const t of (role.extension ?? []).filter((e) => e.url === EXT.providerTerms)) {
        const part = (name: string) => t.extension?.find((e) => e.url === name);
        if (idOf(part('service')?.valueReference, 'HealthcareService') !== id) continue;
        const minutes = part('duration')?.valueDuration?.value;
        const price = part('price')?.valueMoney;
        if (typeof minutes === 'number')
          providerTerms[pid] = {durationMinutes: minutes, ...(price ? {price: moneyFromFhir(price)} : {})};
      }
    }
    const price = ext(s, EXT.price)?.valueMoney;
    const deposit = ext(s, EXT.deposit)?.valueMoney;
    const description = str(s, 'comment') !== undefined ? localized(s, 'comment', lang) : undefined;
    const pre = textExt(s, EXT.preVisit, lang);
    const post = textExt(s, EXT.postVisit, lang);
    // A questionnaire answered (its QuestionnaireResponse) and a consent signed (its Consent)
    // before the visit: each listed only with the resource it names.
    const questionnaire = textExt(s, EXT.questionnaireTitle, lang);
    const questionnaireId = ext(s, EXT.questionnaire)?.valueCanonical;
    const consent = textExt(s, EXT.consentTitle, lang);
    const consentId = idOf(ext(s, EXT.consent)?.valueReference, 'DocumentReference');
    if ((questionnaire && questionnaireId) || (consent && consentId))
      visitForms[id] = {
        ...(questionnaire && questionnaireId ? {questionnaire, questionnaireId} : {}),
        ...(consent && consentId ? {consent, consentId} : {}),
      };
    catalogServices.push({
      id,
      categoryId,
      name: localized(s, 'name', lang),
      ...(description ? {description} : {}),
      mode: (ext(s, EXT.visitMode)?.valueCode === 'video' ? 'video' : 'in-person') as VisitMode,
      durationMinutes: ext(s, EXT.duration)?.valueDuration?.value ?? 30,
      ...(price ? {price: moneyFromFhir(price)} : {}),
      ...(Object.keys(providerTerms).length > 0 ? {providerTerms} : {}),
      providerIds,
      ...(deposit ? {deposit: moneyFromFhir(deposit)} : {}),
      ...(pre ? {preVisitInstructions: pre} : {}),
      ...(post ? {postVisitInstructions: post} : {}),
      ...(ext(s, EXT.confidential)?.valueBoolean ? {confidential: true} : {}),
      locationIds: ((s.location as Reference[] | undefined) ?? [])
        .map((l) => idOf(l, 'Location'))
        .filter((l): l is string => !!l),
    });
  }

  const reasons: CancellationReason[] = [];
  const include = (valueSets[0]?.compose as {include?: {system?: string; concept?: Resource[]}[]} | undefined)
    ?.include;
  for (const inc of include ?? []) {
    for (const c of inc.concept ?? []) {
      const label: Record<string, string> = {};
      if (typeof c.display === 'string') label[lang] = c.display;
      for (const d of (c.designation as {language?: string; value?: string}[] | undefined) ?? [])
        if (d.language && typeof d.value === 'string') label[d.language] = d.value;
      reasons.push({id: c.code as string, label, needsText: ext(c, EXT.needsText)?.valueBoolean === true});
    }
  }

  const phone = telecom(orgRes, 'phone');
  const email = telecom(orgRes, 'email');
  const website = telecom(orgRes, 'url');
  const {stepMinutes, bufferMinutes, closures, timeZoneLabel, videoRoomBase, messaging, ...clinicSettings} =
    settings;
  const clinic: Clinic = {
    ...clinicSettings,
    id: orgRes.id as string,
    name: str(orgRes, 'name') ?? '',
    phone: (phone ?? '') as E164,
    ...(email ? {email} : {}),
    ...(website ? {website} : {}),
    locations: clinicLocations,
  };
  // The rules need a schedule per bookable provider; their free time comes from Slots at query time.
  const ruleSchedules: ProviderSchedule[] = providers
    .filter((p) => scheduleIndex.has(p.id))
    .map((p) => ({providerId: p.id, weekly: {}}));
  return {
    lang,
    operations,
    schedules: scheduleIndex,
    data: {
      clinic,
      catalog: {categories, services: catalogServices, providers},
      schedules: ruleSchedules,
      ...(closures ? {closures} : {}),
      stepMinutes: stepMinutes ?? 15,
      bufferMinutes: bufferMinutes ?? 0,
      cancellationReasons: reasons,
      visitForms,
      ...(timeZoneLabel ? {timeZoneLabel} : {}),
      ...(videoRoomBase ? {videoRoomBase} : {}),
      ...(messaging ? {messaging} : {}),
    },
  };
}
