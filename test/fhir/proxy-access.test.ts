/**
 * Family members on the FHIR test server itself (scripts/smart-auth.ts), over HTTP with the
 * holder's own SMART token (no adapter in between): her token reaches her daughter's records while
 * her grant (RelatedPerson linked from her Patient) is live, an appointments-only grant reaches only
 * the daughter's Appointments, a revoked grant is refused on the very next request, and she can
 * change neither a RelatedPerson nor her own Patient.link. The contract suite checks the adapter's
 * side (not found at once) on the same server.
 */
import {createHash, randomBytes} from 'node:crypto';
import {afterAll, beforeAll, beforeEach, expect, it} from 'vitest';
import {EXT, type Resource} from '../../src/adapters/fhir/profile.js';
import {startFhirServerProcess, type FhirServerProcess} from './server-process.js';

let server: FhirServerProcess;
beforeAll(async () => {
  server = await startFhirServerProcess();
});
afterAll(async () => {
  await server?.stop();
});
beforeEach(async () => {
  await server.reset();
});

/** Ana's access token, by the SMART flow done by hand (authorize → code → token with PKCE). */
async function anasToken(): Promise<string> {
  const origin = new URL(server.base).origin;
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const redirect = 'http://127.0.0.1/cb';
  const q = new URLSearchParams({
    response_type: 'code',
    client_id: 'test',
    redirect_uri: redirect,
    scope: 'openid fhirUser launch/patient patient/*.rs',
    state: 'st',
    aud: server.base,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  const auth = await fetch(`${origin}/auth/authorize?${q.toString()}`, {redirect: 'manual'});
  const code = new URL(auth.headers.get('location') ?? '').searchParams.get('code') ?? '';
  const token = await fetch(`${origin}/auth/token`, {
    method: 'POST',
    headers: {'Content-Type': 'application/x-www-form-urlencoded'},
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      client_id: 'test',
      redirect_uri: redirect,
      code_verifier: verifier,
    }).toString(),
  });
  const body = (await token.json()) as {access_token: string; patient: string};
  expect(body.patient).toBe('pat-ana');
  return body.access_token;
}

const call = (token: string, method: string, path: string, body?: Resource) =>
  fetch(`${server.base}/${path}`, {
    method,
    headers: {Authorization: `Bearer ${token}`, 'Content-Type': 'application/fhir+json'},
    ...(body ? {body: JSON.stringify(body)} : {}),
  });
const status = async (token: string, method: string, path: string, body?: Resource) =>
  (await call(token, method, path, body)).status;
const read = async (token: string, path: string) =>
  (await (await call(token, 'GET', path)).json()) as Resource;

it('reaches the daughter’s records while the grant is live, by its scope, and not at all once revoked', async () => {
  const ana = await anasToken();
  expect(await status(ana, 'GET', 'Patient/pat-sofia')).toBe(200);
  expect(await status(ana, 'GET', 'Appointment?patient=Patient/pat-sofia')).toBe(200);
  expect(await status(ana, 'GET', 'DocumentReference?subject=Patient/pat-sofia')).toBe(200);
  expect(await status(ana, 'GET', 'RelatedPerson/rp-ana-sofia')).toBe(200);

  // The clinic narrows the grant to appointments.
  const rp = await read('admin', 'RelatedPerson/rp-ana-sofia');
  const narrowed = {...rp, extension: [{url: EXT.proxyScope, valueCode: 'appointments'}]};
  expect(await status('admin', 'PUT', 'RelatedPerson/rp-ana-sofia', narrowed)).toBe(200);
  expect(await status(ana, 'GET', 'Appointment?patient=Patient/pat-sofia')).toBe(200);
  expect(await status(ana, 'GET', 'CommunicationRequest?subject=Patient/pat-sofia')).toBe(200);
  expect(await status(ana, 'GET', 'DocumentReference?subject=Patient/pat-sofia')).toBe(403);
  expect(await status(ana, 'GET', 'QuestionnaireResponse?subject=Patient/pat-sofia')).toBe(403);

  // The clinic revokes it: refused on the very next request; her own records still hers.
  const current = await read('admin', 'RelatedPerson/rp-ana-sofia');
  expect(await status('admin', 'PUT', 'RelatedPerson/rp-ana-sofia', {...current, active: false})).toBe(200);
  expect(await status(ana, 'GET', 'Appointment?patient=Patient/pat-sofia')).toBe(403);
  expect(await status(ana, 'GET', 'Patient/pat-sofia')).toBe(403);
  expect(await status(ana, 'GET', 'Appointment?patient=Patient/pat-ana')).toBe(200);
});

it('she can change neither a RelatedPerson nor her own Patient.link; her other details she can', async () => {
  const ana = await anasToken();
  const rp = await read(ana, 'RelatedPerson/rp-ana-sofia');
  expect(await status(ana, 'PUT', 'RelatedPerson/rp-ana-sofia', {...rp, active: true})).toBe(403);
  const {id: _, meta: __, ...copy} = rp;
  expect(await status(ana, 'POST', 'RelatedPerson', copy as Resource)).toBe(403);
  const patient = await read(ana, 'Patient/pat-ana');
  const more = [
    ...(patient.link as unknown[]),
    {other: {reference: 'RelatedPerson/rp-other'}, type: 'seealso'},
  ];
  expect(await status(ana, 'PUT', 'Patient/pat-ana', {...patient, link: more})).toBe(403);
  expect(await status(ana, 'PUT', 'Patient/pat-ana', {...patient, link: undefined})).toBe(403);
  expect(await status(ana, 'PUT', 'Patient/pat-ana', {...patient, gender: 'female'})).toBe(200);
  // A RelatedPerson her Patient does not link to is not hers to read.
  const {id: ___, meta: ____, ...other} = rp;
  const created = (await (
    await call('admin', 'POST', 'RelatedPerson', other as Resource)
  ).json()) as Resource;
  expect(await status(ana, 'GET', `RelatedPerson/${created.id}`)).toBe(403);
});
