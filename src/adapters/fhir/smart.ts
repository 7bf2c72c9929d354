/**
 * SMART on FHIR standalone patient launch (App Launch 2.x) for a public client: discovery from
 * `<base>/.well-known/smart-configuration`, authorization code with PKCE S256, `state` checked, the
 * code exchanged for a token, refresh. Nothing is written to Web Storage or cookies: the verifier
 * and state live in this closure, the tokens in the adapter's memory. In a browser the
 * authorization runs in a popup ({@link runInPopup}) that returns to a page of the clinic's own
 * origin, read by this page (same origin) and closed — the clinic's page never navigates away.
 */
import {NetworkError, ValidationError} from '../adapter.js';

/** The token endpoint's answer (RFC 6749 §5.1 + SMART's `patient`). */
export interface SmartTokenResponse {
  readonly access_token: string;
  readonly token_type?: string;
  readonly expires_in?: number;
  readonly scope?: string;
  readonly patient: string;
  readonly refresh_token?: string;
}

export interface SmartConfig {
  readonly authorization_endpoint: string;
  readonly token_endpoint: string;
}

/** What the patient portal asks for: read own data, book and change own appointments, own Patient. */
export const DEFAULT_SCOPE =
  'openid fhirUser launch/patient offline_access patient/*.rs patient/Appointment.cu patient/Patient.u patient/QuestionnaireResponse.cu patient/Consent.cu patient/DocumentReference.cud patient/Binary.cd patient/CommunicationRequest.cu patient/Communication.cud';

const b64url = (bytes: Uint8Array): string =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

const randomText = (n = 32): string => b64url(crypto.getRandomValues(new Uint8Array(n)));

async function json(res: Response): Promise<Record<string, unknown>> {
  try {
    return (await res.json()) as Record<string, unknown>;
  } catch {
    throw new NetworkError('server');
  }
}

export async function discover(
  base: string,
  fetcher: typeof fetch,
  signal?: AbortSignal,
): Promise<SmartConfig> {
  let res: Response;
  try {
    res = await fetcher(`${base}/.well-known/smart-configuration`, {
      headers: {Accept: 'application/json'},
      credentials: 'omit',
      ...(signal ? {signal} : {}),
    });
  } catch (e) {
    signal?.throwIfAborted();
    throw new NetworkError('network', undefined, {cause: e});
  }
  if (!res.ok) throw new NetworkError('server');
  const c = await json(res);
  const origin = new URL(base).origin;
  const ok = (u: unknown): u is string => {
    try {
      const url = new URL(String(u));
      return (
        url.protocol === 'https:' ||
        url.origin === origin ||
        (url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname))
      );
    } catch {
      return false;
    }
  };
  if (!ok(c.authorization_endpoint) || !ok(c.token_endpoint)) throw new NetworkError('server');
  return {authorization_endpoint: c.authorization_endpoint, token_endpoint: c.token_endpoint};
}

/** One authorization attempt: the URL to open, and `finish` for the URL the server returned to. */
export interface Authorization {
  readonly url: string;
  readonly redirectUri: string;
  finish(returnedTo: string, signal?: AbortSignal): Promise<SmartTokenResponse>;
}

export async function authorization(opts: {
  readonly base: string;
  readonly config: SmartConfig;
  readonly clientId: string;
  readonly redirectUri: string;
  readonly scope: string;
  readonly fetcher: typeof fetch;
}): Promise<Authorization> {
  const verifier = randomText(32);
  const state = randomText(16);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  const url = new URL(opts.config.authorization_endpoint);
  for (const [k, v] of Object.entries({
    response_type: 'code',
    client_id: opts.clientId,
    redirect_uri: opts.redirectUri,
    scope: opts.scope,
    state,
    aud: opts.base,
    code_challenge: b64url(digest),
    code_challenge_method: 'S256',
  }))
    url.searchParams.set(k, v);
  return {
    url: url.toString(),
    redirectUri: opts.redirectUri,
    async finish(returnedTo, signal) {
      const back = new URL(returnedTo);
      // Another attempt's answer, or a forged one: refused before anything is sent.
      if (back.searchParams.get('state') !== state) throw new ValidationError({state: 'invalid'});
      const code = back.searchParams.get('code');
      if (!code) throw new ValidationError({authorization: 'invalid'});
      return tokenRequest(
        opts.config.token_endpoint,
        {
          grant_type: 'authorization_code',
          code,
          redirect_uri: opts.redirectUri,
          client_id: opts.clientId,
          code_verifier: verifier,
        },
        opts.fetcher,
        signal,
      );
    },
  };
}

export async function tokenRequest(
  endpoint: string,
  form: Record<string, string>,
  fetcher: typeof fetch,
  signal?: AbortSignal,
): Promise<SmartTokenResponse> {
  let res: Response;
  try {
    res = await fetcher(endpoint, {
      method: 'POST',
      headers: {'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json'},
      body: new URLSearchParams(form).toString(),
      credentials: 'omit',
      cache: 'no-store',
      ...(signal ? {signal} : {}),
    });
  } catch (e) {
    signal?.throwIfAborted();
    throw new NetworkError('network', undefined, {cause: e});
  }
  const body = await json(res);
  if (res.status >= 500) throw new NetworkError('server');
  if (!res.ok || typeof body.access_token !== 'string' || typeof body.patient !== 'string')
    throw new ValidationError({authorization: 'invalid'});
  return body as unknown as SmartTokenResponse;
}

/**
 * Runs `auth` in `popup` (opened by the caller in the click, so it is not blocked): resolves with
 * the URL the authorization server sent the patient back to (once that page is on our origin and
 * readable), or `null` if the patient closed the popup. The popup is closed either way.
 */
export function runInPopup(
  popup: Window,
  auth: Pick<Authorization, 'url' | 'redirectUri'>,
  signal?: AbortSignal,
): Promise<string | null> {
  popup.location.href = auth.url;
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (signal?.aborted) {
        clearInterval(timer);
        popup.close();
        reject(signal.reason);
        return;
      }
      if (popup.closed) {
        clearInterval(timer);
        resolve(null);
        return;
      }
      let href = '';
      try {
        href = popup.location.href; // throws while the popup shows the authorization server
      } catch {
        return;
      }
      if (href.startsWith(auth.redirectUri) && /[?&](code|error)=/.test(href)) {
        clearInterval(timer);
        popup.close();
        resolve(href);
      }
    }, 200);
  });
}
