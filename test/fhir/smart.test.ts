/**
 * SMART on FHIR sign-in against the FHIR test server's authorization server (a real process):
 * discovery, authorization code + PKCE S256, `state`, the token kept by the adapter and used,
 * refresh before expiry, and what the server refuses (a wrong verifier, a code spent twice, no
 * token or another patient's token for a patient's data). Access tokens live 90 s here, so the
 * adapter (whose clock the test moves) refreshes one.
 */
import {createHash, randomBytes} from 'node:crypto';
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {FhirAdapter} from '../../src/adapters/fhir/index.js';
import {NotSignedInError, ValidationError} from '../../src/adapters/adapter.js';
import {startFhirServerProcess, type FhirServerProcess} from './server-process.js';

let server: FhirServerProcess;
let origin: string;
const REDIRECT = 'http://127.0.0.1/signed-in';

beforeAll(async () => {
  server = await startFhirServerProcess(['--token-seconds', '90']);
  origin = new URL(server.base).origin;
});
afterAll(async () => {
  await server?.stop();
});
beforeEach(async () => {
  await server.reset();
});

/** Follows the authorization redirect by hand; the URL the server sends the patient back to. */
async function authorize(url: string): Promise<URL> {
  const res = await fetch(url, {redirect: 'manual'});
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location') ?? '');
}

const token = (form: Record<string, string>) =>
  fetch(`${origin}/auth/token`, {
    method: 'POST',
    headers: {'Content-Type': 'application/x-www-form-urlencoded'},
    body: new URLSearchParams(form).toString(),
  });

describe('SMART on FHIR sign-in (FHIR test server)', () => {
  it('discovery names the endpoints and PKCE S256', async () => {
    const res = await fetch(`${server.base}/.well-known/smart-configuration`);
    const c = (await res.json()) as Record<string, unknown>;
    expect(c.authorization_endpoint).toBe(`${origin}/auth/authorize`);
    expect(c.token_endpoint).toBe(`${origin}/auth/token`);
    expect(c.code_challenge_methods_supported).toEqual(['S256']);
  });

  it('the adapter signs the patient in with code + PKCE, keeps the token, and lists her appointments', async () => {
    let now = Date.now();
    const lost: string[] = [];
    // What the adapter sends (the test server's clock is real time, so a refresh is seen here).
    const grants: string[] = [];
    const bearers = new Set<string>();
    const spy: typeof fetch = (input, init) => {
      const body = typeof init?.body === 'string' ? new URLSearchParams(init.body) : undefined;
      const grant = body?.get('grant_type');
      if (grant) grants.push(grant);
      const auth = (init?.headers as Record<string, string> | undefined)?.Authorization;
      if (auth) bearers.add(auth);
      return fetch(input, init);
    };
    const adapter = new FhirAdapter({
      baseUrl: server.base,
      clock: () => now,
      retryBaseMs: 20,
      fetch: spy,
      events: {onSessionLost: (r) => lost.push(r)},
    });
    await expect(adapter.listAppointments({when: 'upcoming'})).rejects.toBeInstanceOf(NotSignedInError);
    const begun = await adapter.beginSignIn(REDIRECT);
    const asked = new URL(begun.url);
    expect(asked.searchParams.get('code_challenge_method')).toBe('S256');
    expect(asked.searchParams.get('aud')).toBe(server.base);
    expect(asked.searchParams.get('scope')).toContain('patient/');
    const back = await authorize(begun.url);
    expect(back.searchParams.get('state')).toBe(asked.searchParams.get('state'));
    const session = await begun.complete(back.toString());
    expect(session.method).toBe('external');
    expect(session.patient.id).toBe('pat-ana');
    expect((await adapter.getSession())?.patient.id).toBe('pat-ana');
    const page = await adapter.listAppointments({when: 'upcoming'});
    expect(Array.isArray(page.items)).toBe(true);

    // 90 s tokens: a minute and a half later (inside the idle limit) the adapter refreshes first.
    now += 85_000;
    await adapter.extendSession();
    expect((await adapter.listAppointments({when: 'upcoming'})).items.length).toBe(page.items.length);
    now += 85_000;
    expect((await adapter.listAppointments({when: 'upcoming'})).items.length).toBe(page.items.length);
    expect(grants).toEqual(['authorization_code', 'refresh_token', 'refresh_token']);
    expect(bearers.size).toBe(3);
    expect(lost).toEqual([]);
  });

  it('an answer with another state is refused before any code is spent', async () => {
    const adapter = new FhirAdapter({baseUrl: server.base, retryBaseMs: 20});
    const begun = await adapter.beginSignIn(REDIRECT);
    const back = await authorize(begun.url);
    const forged = new URL(back);
    forged.searchParams.set('state', 'someone-elses');
    await expect(begun.complete(forged.toString())).rejects.toBeInstanceOf(ValidationError);
    expect(await adapter.getSession()).toBeNull();
    // The real answer still works: the code was not spent by the refused one.
    expect((await begun.complete(back.toString())).patient.id).toBe('pat-ana');
  });

  it('the token endpoint checks the PKCE verifier and spends a code once', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const params = new URLSearchParams({
      response_type: 'code',
      client_id: 'test-client',
      redirect_uri: REDIRECT,
      scope: 'launch/patient patient/*.rs',
      state: 'abc',
      aud: server.base,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    const code = (await authorize(`${origin}/auth/authorize?${params}`)).searchParams.get('code')!;
    const form = {grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: 'test-client'};
    expect((await token({...form, code_verifier: 'wrong'.padEnd(43, 'x')})).status).toBe(400);
    // The failed attempt spent the code (RFC 6749: a code is used once).
    expect((await token({...form, code_verifier: verifier})).status).toBe(400);

    const code2 = (await authorize(`${origin}/auth/authorize?${params}`)).searchParams.get('code')!;
    const ok = await token({...form, code: code2, code_verifier: verifier});
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as {access_token: string; patient: string; refresh_token: string};
    expect(body.patient).toBe('pat-ana');
    expect((await token({...form, code: code2, code_verifier: verifier})).status).toBe(400);

    // Without S256, or for another FHIR server (aud), there is no code.
    params.set('code_challenge_method', 'plain');
    expect((await authorize(`${origin}/auth/authorize?${params}`)).searchParams.get('error')).toBe(
      'invalid_request',
    );
  });

  it("a patient's data needs her token: 401 without one or with a made-up one, 403 with another patient's", async () => {
    expect((await fetch(`${server.base}/Patient/pat-ana`)).status).toBe(401);
    expect((await fetch(`${server.base}/Appointment?patient=Patient/pat-ana`)).status).toBe(401);
    expect((await fetch(`${server.base}/Appointment`)).status).toBe(401);
    expect((await fetch(`${server.base}/Patient?family=Ramírez`)).status).toBe(401);
    const madeUp = {headers: {Authorization: 'Bearer made-up'}};
    expect((await fetch(`${server.base}/Patient/pat-ana`, madeUp)).status).toBe(401);
    // The clinic's public resources need no token.
    expect((await fetch(`${server.base}/Organization`)).status).toBe(200);

    // Another patient signs in (the test server's login_hint picks who): her token opens only hers.
    const verifier = randomBytes(32).toString('base64url');
    const params = new URLSearchParams({
      response_type: 'code',
      client_id: 'test-client',
      redirect_uri: REDIRECT,
      state: 'xyz',
      aud: server.base,
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
      login_hint: 'Patient/pat-other',
    });
    const code = (await authorize(`${origin}/auth/authorize?${params}`)).searchParams.get('code')!;
    const res = await token({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      client_id: 'test-client',
      code_verifier: verifier,
    });
    const {access_token, patient} = (await res.json()) as {access_token: string; patient: string};
    expect(patient).toBe('pat-other');
    const hers = {headers: {Authorization: `Bearer ${access_token}`}};
    expect((await fetch(`${server.base}/Patient/pat-ana`, hers)).status).toBe(403);
    expect((await fetch(`${server.base}/Appointment?patient=Patient/pat-ana`, hers)).status).toBe(403);
    expect((await fetch(`${server.base}/Appointment?patient=Patient/pat-other`, hers)).status).toBe(200);
    expect((await fetch(`${server.base}/Appointment`, hers)).status).toBe(403);
  });

  it('a token the server no longer accepts signs the patient out everywhere (401 → session lost)', async () => {
    const lost: string[] = [];
    const adapter = new FhirAdapter({
      baseUrl: server.base,
      retryBaseMs: 20,
      events: {onSessionLost: (r) => lost.push(r)},
    });
    const begun = await adapter.beginSignIn(REDIRECT);
    await begun.complete((await authorize(begun.url)).toString());
    await server.reset(); // the server forgets every token (as one restarted would)
    await expect(adapter.listAppointments({when: 'upcoming'})).rejects.toBeInstanceOf(NotSignedInError);
    expect(lost).toEqual(['session-expired']);
    expect(await adapter.getSession()).toBeNull();
  });
});
