/**
 * The FHIR adapter's HTTP: JSON over fetch with the caller's AbortSignal and a timeout, the bearer
 * token when signed in, FHIR errors (status + OperationOutcome) turned into the contract's typed
 * errors, reads retried on network errors and 5xx, and searches followed across `Bundle.link[next]`
 * pages (only on the server's own origin, so the token never goes elsewhere).
 */
import {
  ForbiddenError,
  NetworkError,
  NotFoundError,
  NotSignedInError,
  RateLimitedError,
  SlotTakenError,
  ValidationError,
} from '../adapter.js';
import type {Bundle, OperationOutcome, Resource} from './profile.js';

export interface FhirResponse<T> {
  readonly status: number;
  readonly body: T;
  /** The version from the ETag (`W/"3"` → `3`). */
  readonly version?: string;
}

export interface FhirHttpOptions {
  readonly baseUrl: string;
  readonly fetch?: typeof fetch;
  readonly timeoutMs?: number;
  /** The bearer token to send, if any. */
  readonly token: () => string | undefined;
  /** Runs before each request (the adapter refreshes an access token about to expire). */
  readonly prepare?: (signal?: AbortSignal) => Promise<void>;
  /** Called on 401 with a token: the session is gone. */
  readonly onUnauthorized: () => NotSignedInError;
  /** Base delay of read retries (ms). */
  readonly retryBaseMs?: number;
}

export interface RequestInit {
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  readonly signal?: AbortSignal;
  /** 404 resolves with status 404 instead of rejecting. */
  readonly allow404?: boolean;
  /** 409/412 resolve instead of rejecting (the caller decides: usually "slot taken"). */
  readonly allowConflict?: boolean;
}

const MAX_PAGES = 200;
const RETRIES = 3;

export class FhirHttp {
  readonly base: string;
  private readonly origin: string;
  constructor(private readonly options: FhirHttpOptions) {
    this.base = options.baseUrl.replace(/\/+$/, '');
    this.origin = new URL(this.base).origin;
  }

  async request<T = Resource>(
    method: string,
    path: string,
    init: RequestInit = {},
  ): Promise<FhirResponse<T>> {
    const url = /^https?:/.test(path) ? path : `${this.base}/${path.replace(/^\//, '')}`;
    if (new URL(url).origin !== this.origin) throw new NetworkError('server');
    const safe = method === 'GET';
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.once<T>(method, url, init);
      } catch (e) {
        init.signal?.throwIfAborted();
        const retry = safe && e instanceof NetworkError && attempt < RETRIES - 1;
        if (!retry) throw e;
        const wait = (e.retryAfterSeconds ?? 0) * 1000 || (this.options.retryBaseMs ?? 200) * 2 ** attempt;
        await sleep(Math.min(wait, 5000), init.signal);
      }
    }
  }

  private async once<T>(method: string, url: string, init: RequestInit): Promise<FhirResponse<T>> {
    init.signal?.throwIfAborted();
    await this.options.prepare?.(init.signal);
    const token = this.options.token();
    const timeout = AbortSignal.timeout(this.options.timeoutMs ?? 15_000);
    const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    let response: Response;
    try {
      response = await (this.options.fetch ?? fetch)(url, {
        method,
        headers: {
          Accept: 'application/fhir+json',
          ...(init.body !== undefined ? {'Content-Type': 'application/fhir+json'} : {}),
          ...(token ? {Authorization: `Bearer ${token}`} : {}),
          ...init.headers,
        },
        ...(init.body !== undefined ? {body: JSON.stringify(init.body)} : {}),
        signal,
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch (e) {
      init.signal?.throwIfAborted();
      throw new NetworkError(timeout.aborted ? 'timeout' : 'network', undefined, {cause: e});
    }
    const text = await response.text().catch(() => '');
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      if (response.ok) throw new NetworkError('server');
    }
    const version = /^W\/"(.+)"$/.exec(response.headers.get('ETag') ?? '')?.[1];
    const status = response.status;
    if (response.ok) return {status, body: body as T, ...(version ? {version} : {})};
    if (status === 404 && init.allow404) return {status, body: body as T};
    if ((status === 409 || status === 412) && init.allowConflict) return {status, body: body as T};
    throw this.failure(status, body as OperationOutcome | undefined, response.headers, token !== undefined);
  }

  private failure(
    status: number,
    outcome: OperationOutcome | undefined,
    headers: Headers,
    hadToken: boolean,
  ) {
    const retryAfter = Number(headers.get('Retry-After'));
    if (status === 401) return hadToken ? this.options.onUnauthorized() : new NotSignedInError();
    if (status === 403) return new ForbiddenError();
    if (status === 404 || status === 410) return new NotFoundError();
    if (status === 409 || status === 412 || isConflict(outcome)) return new SlotTakenError();
    if (status === 429) return new RateLimitedError(Number.isFinite(retryAfter) ? retryAfter : 30);
    if (status >= 500)
      return new NetworkError('server', Number.isFinite(retryAfter) ? retryAfter : undefined);
    // A 4xx the server explains with an OperationOutcome: a request it refused.
    return new ValidationError({request: 'invalid'});
  }

  /** Every resource of a search, across `next` pages. */
  async searchAll<T extends Resource>(
    type: string,
    params: Record<string, string | string[]>,
    signal?: AbortSignal,
  ) {
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(params))
      for (const x of Array.isArray(v) ? v : [v]) search.append(k, x);
    if (!search.has('_count')) search.set('_count', '1000');
    let next: string | undefined = `${type}?${search.toString()}`;
    const out: T[] = [];
    for (let pages = 0; next && pages < MAX_PAGES; pages++) {
      const page: Bundle<T> = (await this.request<Bundle<T>>('GET', next, {signal})).body;
      // Anything but a Bundle (a proxy's page, a truncated answer) is the server failing.
      if (
        page?.resourceType !== 'Bundle' ||
        (page.entry !== undefined && !Array.isArray(page.entry)) ||
        (page.link !== undefined && !Array.isArray(page.link))
      )
        throw new NetworkError('server');
      for (const e of page.entry ?? []) if (e?.resource?.resourceType === type) out.push(e.resource);
      next = page.link?.find((l) => l?.relation === 'next')?.url;
      if (next && new URL(next, this.base).origin !== this.origin) next = undefined;
    }
    return out;
  }
}

function isConflict(outcome: OperationOutcome | undefined): boolean {
  return (outcome?.issue ?? []).some(
    (i) => i.code === 'conflict' || i.code === 'lock-error' || i.code === 'duplicate',
  );
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        reject(signal.reason);
      },
      {once: true},
    );
  });
}
