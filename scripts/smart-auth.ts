/**
 * The FHIR test server's SMART on FHIR authorization server (App Launch 2.x, standalone patient
 * launch, public clients, authorization code + PKCE S256, refresh tokens) — for tests and for
 * trying the adapter by hand, not for production: there is no login form, `/auth/authorize`
 * approves at once as the test patient (`pat-ana`, or `login_hint=Patient/<id>`), and everything
 * lives in memory.
 *
 * - `GET /fhir/R4/.well-known/smart-configuration`: the endpoints and what is supported.
 * - `GET /auth/authorize?response_type=code&client_id&redirect_uri&scope&state&aud&code_challenge
 *   &code_challenge_method=S256`: 302 to `redirect_uri?code=…&state=…` (a bad request that names a
 *   redirect: `error=invalid_request`; without one: 400).
 * - `POST /auth/token` (form): `grant_type=authorization_code` (code once, within 60 s, same client
 *   and redirect, `code_verifier` whose SHA-256 is the challenge) or `refresh_token` (rotated).
 *   Answers `{access_token, token_type: 'Bearer', expires_in, scope, patient, refresh_token}`.
 *
 * Data access ({@link SmartAuth.check}): a request with a bearer token needs a live one (401
 * otherwise). Patient, Appointment, CommunicationRequest, Communication, QuestionnaireResponse, Consent,
 * DocumentReference, Binary, DiagnosticReport, Observation and MedicationRequest need a token
 * (401 without one), and a search or a Patient read only the token's own patient's (403
 * otherwise) — except what a guest's booking does: create its Patient and Appointment, and search
 * Appointment by `identifier` alone (its idempotency key).
 * The clinic's public resources (Organization, Location, Slot…) need none. With `--admin`, the
 * bearer token `admin` may do anything (tests inspect what was stored).
 *
 * Family members (#21): a patient's token also reaches the patients her live grants name — her
 * `Patient.link` to RelatedPersons, each read now and checked by the adapter's own `grantOf` (so a
 * grant the clinic ends is refused on the very next request): their Patient (read), and with a
 * `full` grant their records; with `appointments` only their Appointments and reminder
 * CommunicationRequests. She reads the RelatedPersons her links name; she never writes a
 * RelatedPerson, nor her own `Patient.link` (the clinic's).
 */
import {createHash, randomBytes} from 'node:crypto';
import {grantOf, linkedRelatedPersons, type FhirGrant} from '../src/adapters/fhir/proxy.js';
import {EXT, type Resource} from '../src/adapters/fhir/profile.js';

export interface SmartAuthOptions {
  /** A bearer token that may read and write everything (the test server's `--admin`: tests inspect what was stored). */
  readonly adminToken?: string;
  /** Seconds an access token lives (default 3600). */
  readonly accessTokenSeconds?: number;
  readonly now?: () => number;
  /** Reads a stored resource (family members' grants are checked on every request). */
  readonly read?: (type: string, id: string) => Promise<Resource | undefined>;
}

interface Code {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly challenge: string;
  readonly scope: string;
  readonly patient: string;
  readonly expires: number;
}

interface Grant {
  readonly clientId: string;
  readonly scope: string;
  readonly patient: string;
}

export type AuthAnswer =
  | {readonly kind: 'json'; readonly status: number; readonly body: unknown}
  | {readonly kind: 'redirect'; readonly location: string};

const SCOPES = [
  'openid',
  'fhirUser',
  'launch/patient',
  'offline_access',
  'patient/*.rs',
  'patient/*.read',
  'patient/Appointment.cu',
  'patient/Appointment.write',
  'patient/Patient.u',
  'patient/Patient.write',
  'patient/QuestionnaireResponse.cu',
  'patient/QuestionnaireResponse.write',
  'patient/Consent.cu',
  'patient/Consent.write',
  'patient/DocumentReference.cud',
  'patient/DocumentReference.write',
  'patient/Binary.cd',
  'patient/CommunicationRequest.cu',
  'patient/Communication.cud',
  'patient/Binary.write',
];

/** What only a patient's token reaches (a search: only that patient's). */
const PROTECTED = new Set([
  'Patient',
  'Appointment',
  'CommunicationRequest',
  'Communication',
  'QuestionnaireResponse',
  'Consent',
  'DocumentReference',
  'Binary',
  'DiagnosticReport',
  'Observation',
  'MedicationRequest',
  'RelatedPerson',
]);
/** A patient's own records: never created or found without her token. */
const PATIENT_OWN = new Set([
  'Communication',
  'QuestionnaireResponse',
  'Consent',
  'DocumentReference',
  'Binary',
  'CommunicationRequest',
  'RelatedPerson',
]);
/** What an `appointments` grant reaches of the dependent's records. */
const APPOINTMENTS_ONLY = new Set(['Appointment', 'CommunicationRequest']);

const token = (): string => randomBytes(24).toString('base64url');
const b64urlSha256 = (s: string): string => createHash('sha256').update(s).digest('base64url');

export class SmartAuth {
  private readonly codes = new Map<string, Code>();
  private readonly access = new Map<string, Grant & {expires: number}>();
  private readonly refresh = new Map<string, Grant>();
  private readonly now: () => number;
  private readonly lifetime: number;
  private readonly adminToken: string | undefined;
  private readonly read: (type: string, id: string) => Promise<Resource | undefined>;

  constructor(options: SmartAuthOptions = {}) {
    this.now = options.now ?? Date.now;
    this.lifetime = options.accessTokenSeconds ?? 3600;
    this.adminToken = options.adminToken;
    this.read = options.read ?? (async () => undefined);
  }

  /** The holder's live grants now (her Patient's links, each RelatedPerson read again). */
  private async grants(holder: string): Promise<{linked: string[]; live: FhirGrant[]}> {
    const patient = await this.read('Patient', holder);
    const linked = patient ? linkedRelatedPersons(patient) : [];
    const live: FhirGrant[] = [];
    for (const id of linked) {
      const grant = grantOf(await this.read('RelatedPerson', id), holder, this.now(), EXT.proxyScope);
      if (grant) live.push(grant);
    }
    return {linked, live};
  }

  /** May the holder reach `type` of patient `owner` (hers, or a dependent's by a live grant)? */
  private async reaches(holder: string, owner: string | undefined, type: string): Promise<boolean> {
    if (owner === holder) return true;
    if (owner === undefined) return false;
    const grant = (await this.grants(holder)).live.find((g) => g.dependentId === owner);
    return (
      grant !== undefined && (grant.scope === 'full' || type === 'Patient' || APPOINTMENTS_ONLY.has(type))
    );
  }

  /** Forgets every code and token (the test server's reset). */
  clear(): void {
    this.codes.clear();
    this.access.clear();
    this.refresh.clear();
  }

  configuration(origin: string): unknown {
    return {
      issuer: origin,
      authorization_endpoint: `${origin}/auth/authorize`,
      token_endpoint: `${origin}/auth/token`,
      grant_types_supported: ['authorization_code', 'refresh_token'],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['none'],
      response_types_supported: ['code'],
      scopes_supported: SCOPES,
      capabilities: [
        'launch-standalone',
        'client-public',
        'context-standalone-patient',
        'permission-patient',
        'permission-offline',
        'permission-v2',
      ],
    };
  }

  authorize(url: URL, fhirBase: string): AuthAnswer {
    const p = url.searchParams;
    const redirect = p.get('redirect_uri') ?? '';
    let target: URL;
    try {
      target = new URL(redirect);
    } catch {
      return {kind: 'json', status: 400, body: {error: 'invalid_request', error_description: 'redirect_uri'}};
    }
    const state = p.get('state') ?? '';
    const fail = (error: string): AuthAnswer => {
      target.searchParams.set('error', error);
      if (state) target.searchParams.set('state', state);
      return {kind: 'redirect', location: target.toString()};
    };
    if (p.get('response_type') !== 'code' || !p.get('client_id') || !state) return fail('invalid_request');
    if (
      p.get('code_challenge_method') !== 'S256' ||
      !/^[A-Za-z0-9_-]{43}$/.test(p.get('code_challenge') ?? '')
    )
      return fail('invalid_request');
    if (p.get('aud') !== fhirBase) return fail('invalid_request');
    const hint = /^Patient\/([A-Za-z0-9\-.]{1,64})$/.exec(p.get('login_hint') ?? '')?.[1];
    const code = token();
    this.codes.set(code, {
      clientId: p.get('client_id')!,
      redirectUri: redirect,
      challenge: p.get('code_challenge')!,
      scope: p.get('scope') ?? '',
      patient: hint ?? 'pat-ana',
      expires: this.now() + 60_000,
    });
    target.searchParams.set('code', code);
    target.searchParams.set('state', state);
    return {kind: 'redirect', location: target.toString()};
  }

  token(form: URLSearchParams): AuthAnswer {
    const bad = (error: string, status = 400): AuthAnswer => ({kind: 'json', status, body: {error}});
    const grantType = form.get('grant_type');
    let grant: Grant;
    if (grantType === 'authorization_code') {
      const code = this.codes.get(form.get('code') ?? '');
      this.codes.delete(form.get('code') ?? '');
      if (!code || code.expires < this.now()) return bad('invalid_grant');
      if (code.clientId !== form.get('client_id') || code.redirectUri !== form.get('redirect_uri'))
        return bad('invalid_grant');
      if (b64urlSha256(form.get('code_verifier') ?? '') !== code.challenge) return bad('invalid_grant');
      grant = {clientId: code.clientId, scope: code.scope, patient: code.patient};
    } else if (grantType === 'refresh_token') {
      const old = this.refresh.get(form.get('refresh_token') ?? '');
      this.refresh.delete(form.get('refresh_token') ?? '');
      if (!old || old.clientId !== form.get('client_id')) return bad('invalid_grant');
      grant = old;
    } else {
      return bad('unsupported_grant_type');
    }
    const accessToken = token();
    const refreshToken = token();
    this.access.set(accessToken, {...grant, expires: this.now() + this.lifetime * 1000});
    this.refresh.set(refreshToken, grant);
    return {
      kind: 'json',
      status: 200,
      body: {
        access_token: accessToken,
        token_type: 'Bearer',
        expires_in: this.lifetime,
        scope: grant.scope,
        patient: grant.patient,
        refresh_token: refreshToken,
      },
    };
  }

  /**
   * May this FHIR request (path after the base, its query, its Authorization header) go ahead?
   * `null` = yes; else the HTTP status to answer (401 or 403).
   */
  async check(
    method: string,
    path: string,
    query: URLSearchParams,
    authorization: string | undefined,
    body?: unknown,
  ): Promise<401 | 403 | null> {
    let patient: string | undefined;
    if (authorization !== undefined) {
      const t = /^Bearer (\S+)$/.exec(authorization)?.[1];
      if (t !== undefined && t === this.adminToken) return null;
      const grant = t ? this.access.get(t) : undefined;
      if (!grant || grant.expires <= this.now()) return 401;
      patient = grant.patient;
    }
    const [type, id] = path.split('/').filter(Boolean);
    if (!PROTECTED.has(type)) return null;
    // Creating: a guest's booking (its Patient and Appointment, or `$book`) needs no token; `$hold`
    // needs the patient's, and so do a patient's answers.
    if (method === 'POST' && (id === undefined || id === '$book') && !PATIENT_OWN.has(type)) return null;
    // Availability (`$find`) is public, as Slot searches are.
    if (method === 'GET' && id === '$find') return null;
    if (method === 'GET' && id === undefined) {
      const keys = [...query.keys()].filter((k) => !k.startsWith('_'));
      // By the booking's unguessable idempotency key (a retried guest booking finds its own).
      if (keys.length === 1 && keys[0] === 'identifier' && !PATIENT_OWN.has(type)) return null;
      if (patient === undefined) return 401;
      const owner =
        type === 'Patient'
          ? query.get('_id')
          : type === 'Appointment' || type === 'Consent'
            ? (query.get('patient') ?? query.get('actor'))
            : query.get('subject');
      return (await this.reaches(patient, owner?.replace(/^Patient\//, ''), type)) ? null : 403;
    }
    if (patient === undefined) return 401;
    // RelatedPersons are the clinic's to write; she reads those her own Patient links to.
    if (type === 'RelatedPerson')
      return method === 'GET' && (await this.grants(patient)).linked.includes(id ?? '') ? null : 403;
    if (type === 'Patient' && id !== patient)
      return method === 'GET' && (await this.reaches(patient, id, type)) ? null : 403;
    if (type === 'Patient' && method !== 'GET') {
      // Her own record, but never its links (the clinic's).
      const stored = await this.read('Patient', patient);
      const links = (r: unknown) => JSON.stringify((r as {link?: unknown} | undefined)?.link ?? []);
      if (links(body) !== links(stored)) return 403;
    }
    // One Appointment, CommunicationRequest, Communication, QuestionnaireResponse or Consent by id: a real server
    // checks the patient compartment;
    // this test server trusts the token holder (the adapter checks participation itself).
    return null;
  }
}
