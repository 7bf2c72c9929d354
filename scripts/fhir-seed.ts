/**
 * The demo clinic as FHIR R4 resources: the seed of the FHIR test server (`scripts/fhir-server.ts`)
 * and the documented example of how a clinic's FHIR server is read by the FHIR adapter (README,
 * "FHIR backend"). Built from the same data as `backend="demo"` (`createDemoClinicData()`), with the
 * adapter's own extension URLs and code systems (`src/adapters/fhir/profile.ts`).
 *
 * What it writes, all with fixed ids except the slots:
 * - Organization `<clinic id>` (name, phone, email, website) with the `portal-clinic-settings`
 *   extension (time zone, policies, reminder offer, booking rules: what FHIR has no element for);
 * - a Location per clinic location; a HealthcareService per service (category, name, description,
 *   mode, duration, price, deposit, instructions, its questionnaire (title, canonical URL) and
 *   consent (title, DocumentReference), locations);
 * - a Practitioner and a PractitionerRole (`role-<id>`) per provider (title, languages, services,
 *   locations, the provider's own durations and prices);
 * - a Schedule per provider and location (`sch-<provider>-<location>`) and free 15-minute Slots
 *   over the provider's working hours from yesterday for five weeks (holidays left out), in the
 *   clinic's zone;
 * - the ValueSet of cancellation reasons; the demo patient Ana García López (`Patient/pat-ana`);
 * - the clinic's questionnaires the services name (`Questionnaire` with its canonical `url`) and
 *   consent documents (`DocumentReference` `consent-<id>`, its text per language, its version).
 */
import {computeAvailability} from '../src/domain/availability.js';
import {addDays, instantToPlainDate, toZonedInstantString, wallTimeToInstant} from '../src/domain/time.js';
import {
  createDemoClinicData,
  DEMO_PATIENT_DATE_OF_BIRTH,
  DEMO_PATIENT_EMAIL,
} from '../src/adapters/memory/index.js';
import {demoForms} from '../src/adapters/memory/demo-forms.js';
import {demoDocuments} from '../src/adapters/memory/demo-documents.js';
import {sanitizeFileName, sniffContentType} from '../src/domain/rules/documents.js';
import type {DocumentContentType} from '../src/domain/documents.js';
import type {LocalizedText, PlainDate} from '../src/domain/types.js';
import type {ProxyScope, Relationship} from '../src/domain/rules/proxy.js';
import {reminderRequests} from '../src/adapters/fhir/reminders.js';
import {demoConversations} from '../src/adapters/memory/demo-conversations.js';
import {messageOf, threadHeader, type CommunicationResource} from '../src/adapters/fhir/messages.js';
import {
  EXT,
  PPE,
  REASONS_VALUESET,
  SYSTEM,
  minutes,
  moneyToFhir,
  toPrimitive,
  type Extension,
  type Resource,
} from '../src/adapters/fhir/profile.js';

const DAY = 86_400_000;
/**
 * Days of slots from yesterday on: five weeks (about 2,700 slots). Medplum's in-memory search scans
 * every resource, so the seed stays this size to keep the tests quick.
 */
const SLOT_DAYS = 36;

/** The canonical URL of the demo clinic's questionnaire `id`. */
export const questionnaireUrl = (id: string): string => `${PPE}/Questionnaire/${id}`;

/** The id of the demo patient's Patient resource. */
export const FHIR_DEMO_PATIENT_ID = 'pat-ana';
/** Her daughter Sofía's Patient (family members, #21), and the RelatedPerson that is Ana for her. */
export const FHIR_DEMO_DEPENDENT_ID = 'pat-sofia';
export const FHIR_DEMO_RELATED_PERSON_ID = 'rp-ana-sofia';

/**
 * A grant as the clinic records it in FHIR (family members, #21): the holder's role towards the
 * dependent (v3 RoleCode) for the dependent's relationship to her, and the dependent's gender.
 */
export const RELATED_AS: Record<Relationship, {code?: string; gender?: string}> = {
  daughter: {code: 'PRN', gender: 'female'},
  son: {code: 'PRN', gender: 'male'},
  child: {code: 'PRN'},
  mother: {code: 'CHILD', gender: 'female'},
  father: {code: 'CHILD', gender: 'male'},
  partner: {code: 'SPS'},
  other: {},
};

/** The RelatedPerson that is the holder for a dependent, with the grant's scope. */
export function relatedPerson(
  id: string,
  holder: {givenName: string; familyName: string; email: string},
  dependentId: string,
  grant: {relationship: Relationship; scope: ProxyScope},
  code = RELATED_AS[grant.relationship].code,
): Resource {
  return {
    resourceType: 'RelatedPerson',
    id,
    active: true,
    patient: {reference: `Patient/${dependentId}`},
    ...(code
      ? {relationship: [{coding: [{system: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode', code}]}]}
      : {}),
    name: [{given: holder.givenName.split(' '), family: holder.familyName}],
    telecom: [{system: 'email', value: holder.email}],
    extension: [{url: EXT.proxyScope, valueCode: grant.scope}],
  };
}
export {
  DEMO_PATIENT_DATE_OF_BIRTH as FHIR_DEMO_PATIENT_BIRTH_DATE,
  DEMO_PATIENT_EMAIL as FHIR_DEMO_PATIENT_EMAIL,
};

/** The demo clinic as FHIR resources, slots from the day before `nowMs` on. */
export function demoClinicResources(nowMs: number): Resource[] {
  const data = createDemoClinicData();
  const {clinic, catalog} = data;
  const lang = clinic.languages[0] ?? 'es';
  const text = (t: LocalizedText, name: string): Record<string, unknown> => {
    const p = toPrimitive(t, lang);
    return {[name]: p.value, ...(p.element ? {[`_${name}`]: p.element} : {})};
  };
  const textExt = (url: string, t: LocalizedText | undefined): Extension[] => {
    if (!t) return [];
    const p = toPrimitive(t, lang);
    return [{url, valueString: p.value, ...(p.element ? {_valueString: p.element} : {})} as Extension];
  };
  const out: Resource[] = [];

  const settings = {
    timeZone: clinic.timeZone,
    country: clinic.country,
    currency: clinic.currency,
    languages: clinic.languages,
    cancellation: clinic.cancellation,
    deposit: clinic.deposit,
    reminders: clinic.reminders,
    telehealth: clinic.telehealth,
    privacy: clinic.privacy,
    booking: clinic.booking,
    stepMinutes: data.stepMinutes,
    bufferMinutes: data.bufferMinutes ?? 0,
    closures: data.closures ?? [],
    timeZoneLabel: data.timeZoneLabel,
    videoRoomBase: data.videoRoomBase,
    ...(data.messaging ? {messaging: data.messaging} : {}),
  };
  out.push({
    resourceType: 'Organization',
    id: clinic.id,
    active: true,
    name: clinic.name,
    telecom: [
      {system: 'phone', value: clinic.phone},
      ...(clinic.email ? [{system: 'email', value: clinic.email}] : []),
      ...(clinic.website ? [{system: 'url', value: clinic.website}] : []),
    ],
    extension: [{url: EXT.settings, valueString: JSON.stringify(settings)}],
  });

  for (const l of clinic.locations) {
    out.push({
      resourceType: 'Location',
      id: l.id,
      status: 'active',
      ...text(l.name, 'name'),
      address: {text: l.address},
      ...(l.phone ? {telecom: [{system: 'phone', value: l.phone}]} : {}),
      managingOrganization: {reference: `Organization/${clinic.id}`},
    });
  }

  const categories = new Map(catalog.categories.map((c) => [c.id, c]));
  for (const s of catalog.services) {
    const category = categories.get(s.categoryId);
    const catName = category ? toPrimitive(category.name, lang) : {value: s.categoryId};
    const forms = data.visitForms?.[s.id];
    out.push({
      resourceType: 'HealthcareService',
      id: s.id,
      active: true,
      providedBy: {reference: `Organization/${clinic.id}`},
      category: [
        {
          coding: [
            {
              system: SYSTEM.category,
              code: s.categoryId,
              display: catName.value,
              ...('element' in catName && catName.element ? {_display: catName.element} : {}),
            },
          ],
        },
      ],
      ...text(s.name, 'name'),
      ...(s.description ? text(s.description, 'comment') : {}),
      location: s.locationIds.map((id) => ({reference: `Location/${id}`})),
      extension: [
        {url: EXT.visitMode, valueCode: s.mode},
        {url: EXT.duration, valueDuration: minutes(s.durationMinutes)},
        ...(s.price ? [{url: EXT.price, valueMoney: moneyToFhir(s.price)}] : []),
        ...(s.deposit ? [{url: EXT.deposit, valueMoney: moneyToFhir(s.deposit)}] : []),
        ...(s.confidential ? [{url: EXT.confidential, valueBoolean: true}] : []),
        ...textExt(EXT.preVisit, s.preVisitInstructions),
        ...textExt(EXT.postVisit, s.postVisitInstructions),
        ...(forms?.questionnaire && forms.questionnaireId
          ? [
              ...textExt(EXT.questionnaireTitle, forms.questionnaire),
              {url: EXT.questionnaire, valueCanonical: questionnaireUrl(forms.questionnaireId)},
            ]
          : []),
        ...(forms?.consent && forms.consentId
          ? [
              ...textExt(EXT.consentTitle, forms.consent),
              {url: EXT.consent, valueReference: {reference: `DocumentReference/consent-${forms.consentId}`}},
            ]
          : []),
      ],
    });
  }

  for (const p of catalog.providers) {
    out.push({
      resourceType: 'Practitioner',
      id: p.id,
      active: true,
      name: [{text: p.name}],
      communication: p.languages.map((code) => ({coding: [{system: 'urn:ietf:bcp:47', code}]})),
      ...(p.photoUrl ? {photo: [{url: p.photoUrl}]} : {}),
      ...(p.bio ? {extension: textExt(EXT.bio, p.bio)} : {}),
    });
    const offered = catalog.services.filter((s) => s.providerIds.includes(p.id));
    const title = toPrimitive(p.title, lang);
    out.push({
      resourceType: 'PractitionerRole',
      id: `role-${p.id}`,
      active: true,
      practitioner: {reference: `Practitioner/${p.id}`},
      organization: {reference: `Organization/${clinic.id}`},
      code: [{text: title.value, ...(title.element ? {_text: title.element} : {})}],
      location: p.locationIds.map((id) => ({reference: `Location/${id}`})),
      healthcareService: offered.map((s) => ({reference: `HealthcareService/${s.id}`})),
      extension: offered.flatMap((s) => {
        const terms = s.providerTerms?.[p.id];
        if (!terms) return [];
        return [
          {
            url: EXT.providerTerms,
            extension: [
              {url: 'service', valueReference: {reference: `HealthcareService/${s.id}`}},
              {url: 'duration', valueDuration: minutes(terms.durationMinutes)},
              ...(terms.price ? [{url: 'price', valueMoney: moneyToFhir(terms.price)}] : []),
            ],
          },
        ];
      }),
    });
  }

  // Schedules and 15-minute free slots over each provider's working hours.
  const tz = clinic.timeZone;
  const first = addDays(instantToPlainDate(nowMs, tz), -1);
  const last = addDays(first, SLOT_DAYS);
  const from = wallTimeToInstant(first, '00:00', tz) ?? nowMs - DAY;
  const to = wallTimeToInstant(last, '00:00', tz) ?? nowMs + SLOT_DAYS * DAY;
  for (const schedule of data.schedules) {
    const p = schedule.providerId;
    const pieces = computeAvailability({
      timeZone: tz,
      from: toZonedInstantString(from, tz),
      to: toZonedInstantString(to, tz),
      now: toZonedInstantString(from, tz),
      minNoticeMinutes: 0,
      horizonDays: SLOT_DAYS + 2,
      stepMinutes: data.stepMinutes,
      bufferMinutes: 0,
      closures: data.closures,
      providers: [{schedule, durationMinutes: data.stepMinutes}],
      busy: [],
      serviceIds: [],
      mode: 'in-person',
    });
    const offered = catalog.services.filter((s) => s.providerIds.includes(p));
    const locations = new Set(pieces.map((x) => x.locationId ?? ''));
    for (const loc of locations) {
      const id = `sch-${p}-${loc || 'none'}`;
      out.push({
        resourceType: 'Schedule',
        id,
        active: true,
        actor: [{reference: `Practitioner/${p}`}, ...(loc ? [{reference: `Location/${loc}`}] : [])],
        serviceType: offered.map((s) => ({coding: [{system: SYSTEM.service, code: s.id}]})),
      });
      for (const piece of pieces.filter((x) => (x.locationId ?? '') === loc)) {
        out.push({
          resourceType: 'Slot',
          schedule: {reference: `Schedule/${id}`},
          status: 'free',
          start: new Date(Date.parse(piece.start)).toISOString(),
          end: new Date(Date.parse(piece.end)).toISOString(),
        });
      }
    }
  }

  out.push({
    resourceType: 'ValueSet',
    id: 'cancellation-reasons',
    url: REASONS_VALUESET,
    status: 'active',
    name: 'CancellationReasons',
    compose: {
      include: [
        {
          system: SYSTEM.cancelReason,
          concept: data.cancellationReasons.map((r) => ({
            code: r.id,
            display: r.label[lang] ?? Object.values(r.label)[0],
            designation: Object.entries(r.label)
              .filter(([l]) => l !== lang)
              .map(([language, value]) => ({language, value})),
            extension: [{url: EXT.needsText, valueBoolean: r.needsText}],
          })),
        },
      ],
    },
  });

  // The clinic's questionnaires, as any FHIR tool would publish them (canonical `url`).
  for (const [id, q] of Object.entries(demoForms().questionnaires)) {
    if (!Object.values(data.visitForms ?? {}).some((f) => f.questionnaireId === id)) continue;
    out.push({...structuredClone(q), id, url: questionnaireUrl(id)} as unknown as Resource);
  }

  // The consent documents they name: one DocumentReference each, its text in each language.
  for (const [id, c] of Object.entries(demoForms().consents)) {
    if (!Object.values(data.visitForms ?? {}).some((f) => f.consentId === id)) continue;
    const title = toPrimitive(c.title, lang);
    out.push({
      resourceType: 'DocumentReference',
      id: `consent-${id}`,
      status: 'current',
      identifier: [{system: SYSTEM.consentDocument, value: id}],
      type: {coding: [{system: 'http://loinc.org', code: '59284-0', display: 'Consent Document'}]},
      description: title.value,
      ...(title.element ? {_description: title.element} : {}),
      extension: [
        {url: EXT.consentVersion, valueString: c.version},
        ...(c.withdrawal ? [{url: EXT.consentWithdrawal, valueCode: c.withdrawal}] : []),
      ],
      content: Object.entries(c.body).map(([language, body]) => ({
        attachment: {
          contentType: 'text/plain; charset=utf-8',
          language,
          title: c.title[language] ?? title.value,
          data: Buffer.from(body, 'utf8').toString('base64'),
        },
      })),
    });
  }

  const ana = data.patients?.find((x) => x.key === 'ana');
  const sofia = data.patients?.find((x) => x.dependentOf?.holderKey === 'ana');
  if (ana) {
    out.push({
      resourceType: 'Patient',
      id: FHIR_DEMO_PATIENT_ID,
      active: true,
      name: [{given: ana.givenName.split(' '), family: ana.familyName}],
      birthDate: ana.dateOfBirth,
      telecom: [
        {system: 'email', value: ana.email, use: 'home'},
        ...(ana.phone ? [{system: 'sms', value: ana.phone, use: 'mobile', rank: 1}] : []),
      ],
      communication: [
        {language: {coding: [{system: 'urn:ietf:bcp:47', code: ana.language}]}, preferred: true},
      ],
      // Her daughter's record, as the demo clinic has it (family members, #21): this link (the
      // clinic's) names the RelatedPerson that is Ana for Sofía.
      ...(sofia?.dependentOf
        ? {link: [{other: {reference: `RelatedPerson/${FHIR_DEMO_RELATED_PERSON_ID}`}, type: 'seealso'}]}
        : {}),
    });
    // Her reminder preferences as the demo clinic has them: the standing CommunicationRequests.
    if (ana.reminderPreferences) {
      const channels = (['sms', 'voice'] as const).filter((c) => clinic.reminders.channels.includes(c));
      out.push(
        ...reminderRequests(
          {
            hour: EXT.reminderHour,
            phone: EXT.reminderPhone,
            legacy: EXT.reminderPreferences,
            channel: SYSTEM.reminderChannel,
          },
          FHIR_DEMO_PATIENT_ID,
          {email: ana.email, ...ana.reminderPreferences},
          ['email', ...channels],
          new Date(nowMs).toISOString(),
        ),
      );
    }
    if (sofia?.dependentOf) {
      out.push({
        resourceType: 'Patient',
        id: FHIR_DEMO_DEPENDENT_ID,
        active: true,
        name: [{given: sofia.givenName.split(' '), family: sofia.familyName}],
        gender: RELATED_AS[sofia.dependentOf.relationship].gender ?? 'unknown',
        birthDate: sofia.dateOfBirth,
        // The clinic reaches her through her mother's email (the guardian's contact).
        telecom: [{system: 'email', value: sofia.email, use: 'home'}],
        communication: [
          {language: {coding: [{system: 'urn:ietf:bcp:47', code: sofia.language}]}, preferred: true},
        ],
      });
      // Ana is Sofía's mother (v3 RoleCode MTH), with the demo clinic's grant scope.
      out.push(
        relatedPerson(
          FHIR_DEMO_RELATED_PERSON_ID,
          ana,
          FHIR_DEMO_DEPENDENT_ID,
          sofia.dependentOf,
          sofia.dependentOf.relationship === 'daughter' ? 'MTH' : undefined,
        ),
      );
    }
    // Her conversations with the clinic (the demo clinic's: her question about fasting, answered
    // and not read yet): a thread header and a Communication per message.
    for (const c of demoConversations().filter((x) => x.patientKey === 'ana')) {
      const at = (minutesAgo: number) => new Date(nowMs - minutesAgo * 60_000).toISOString();
      const header: CommunicationResource = {
        ...threadHeader(FHIR_DEMO_PATIENT_ID, clinic.id, c.topic, at(c.messages[0]?.minutesAgo ?? 0)),
        id: `cnv-${c.key}`,
      };
      out.push(header);
      const her = {
        reference: `Patient/${FHIR_DEMO_PATIENT_ID}`,
        display: `${ana.givenName} ${ana.familyName}`,
      };
      c.messages.forEach((m, i) => {
        const provider = catalog.providers.find((p) => p.name === m.author);
        const from =
          m.role === 'patient'
            ? her
            : provider
              ? {reference: `Practitioner/${provider.id}`, display: provider.name}
              : {reference: `Organization/${clinic.id}`, display: m.author ?? clinic.name};
        const message = messageOf(
          header,
          from,
          m.body,
          at(m.minutesAgo),
          [],
          i > 0 ? `msg-${c.key}-${i}` : undefined,
        );
        out.push({
          ...message,
          id: `msg-${c.key}-${i + 1}`,
          ...(c.read && m.role === 'clinic' ? {status: 'completed', received: at(0)} : {}),
        });
      });
    }
    // Her documents from the clinic: a DocumentReference each (its folder a category), the file a Binary.
    for (const d of demoDocuments().filter((x) => x.patientKey === 'ana')) {
      const bytes = Buffer.from(d.content, 'base64');
      const type = sniffContentType(bytes) as DocumentContentType;
      const patient = {reference: `Patient/${FHIR_DEMO_PATIENT_ID}`};
      // Its day and time in the clinic's zone (a prescription is dated by the clinic's calendar).
      const added = toZonedInstantString(nowMs - d.daysAgo * 86_400_000, data.clinic.timeZone);
      const related: {reference: string}[] = [];
      if (d.results) {
        // A lab result's values: a DiagnosticReport and one Observation per value.
        const obs = d.results.values.map((v, i) => ({
          resourceType: 'Observation',
          id: `obs-${d.key}-${i + 1}`,
          status: 'final',
          category: [
            {
              coding: [
                {system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory'},
              ],
            },
          ],
          code: {text: v.name},
          subject: patient,
          ...(typeof v.value === 'number'
            ? {valueQuantity: {value: v.value, ...(v.unit ? {unit: v.unit} : {})}}
            : {valueString: v.value}),
          ...(v.referenceRange
            ? {
                referenceRange: [
                  {
                    ...(v.referenceRange.low !== undefined ? {low: {value: v.referenceRange.low}} : {}),
                    ...(v.referenceRange.high !== undefined ? {high: {value: v.referenceRange.high}} : {}),
                    ...(v.referenceRange.text ? {text: v.referenceRange.text} : {}),
                  },
                ],
              }
            : {}),
        }));
        out.push(...(obs as Resource[]));
        out.push({
          resourceType: 'DiagnosticReport',
          id: `dr-${d.key}`,
          status: 'final',
          code: {text: d.fileName},
          subject: patient,
          effectiveDateTime: added,
          result: obs.map((o) => ({reference: `Observation/${o.id}`})),
        } as Resource);
        related.push({reference: `DiagnosticReport/dr-${d.key}`});
      }
      if (d.prescription) {
        const p = d.prescription;
        const dose = /^(\d+(?:[.,]\d+)?)\s+(.+)$/.exec(p.dose);
        const day = added.slice(0, 10);
        out.push({
          resourceType: 'MedicationRequest',
          id: `mr-${d.key}`,
          status: 'active',
          intent: 'order',
          subject: patient,
          medicationCodeableConcept: {text: p.medication},
          authoredOn: day,
          requester: {display: p.prescriber},
          dosageInstruction: [
            {
              text: p.instructions,
              ...(dose
                ? {doseAndRate: [{doseQuantity: {value: Number(dose[1].replace(',', '.')), unit: dose[2]}}]}
                : {}),
            },
          ],
          dispenseRequest: {
            numberOfRepeatsAllowed: p.refillsAllowed ? p.refillsLeft : 0,
            ...(p.expiresInDays !== undefined
              ? {validityPeriod: {start: day, end: addDays(day as PlainDate, p.expiresInDays)}}
              : {}),
          },
        } as Resource);
        related.push({reference: `MedicationRequest/mr-${d.key}`});
      }
      out.push({
        resourceType: 'Binary',
        id: `doc-${d.key}`,
        contentType: type,
        securityContext: patient,
        data: d.content,
      });
      out.push({
        resourceType: 'DocumentReference',
        id: `doc-${d.key}`,
        status: 'current',
        subject: patient,
        date: added,
        ...(related.length > 0 ? {context: {related}} : {}),
        author: [{display: d.author}],
        category: [{coding: [{system: SYSTEM.documentFolder, code: d.folder}]}],
        ...(d.note ? {description: d.note} : {}),
        content: [
          {
            attachment: {
              contentType: type,
              url: `Binary/doc-${d.key}`,
              size: bytes.length,
              title: sanitizeFileName(d.fileName, type),
            },
          },
        ],
      });
    }
  }
  return out;
}
