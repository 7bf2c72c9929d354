/**
 * Which adapter an element uses, from its `backend` attribute — and one shared adapter and session
 * per backend value on the page.
 *
 * - `demo`: the built-in demo clinic, in memory (a chunk loaded on first use).
 * - `https://…`, `http://127.0.0.1:…`, `http://localhost:…` or a relative `/portal-api`: the REST adapter.
 *   Prefixed `bearer:` (`bearer:https://api.example.com/portal-api`): the REST adapter with bearer
 *   tokens instead of the cookie, for a page on another site than the API.
 * - `fhir:https://…`: the FHIR adapter (SMART on FHIR sign-in).
 *
 * The demo, REST and FHIR adapters are lazy chunks (dynamic imports), so a page loads only the one
 * it uses (the FHIR chunk is built in a pass of its own: vite.config.ts). Kinds without an implementation yet resolve to {@link UnavailableAdapter}, which the elements
 * show as a clear "not available" state rather than crashing. Elements naming the same value share
 * one adapter and one {@link SessionStore}; an explicit `adapter` property gets its own session
 * (keyed by the adapter object), so two clinics can live on one page.
 *
 * The registry creates the adapters it shares with {@link AdapterEvents}: when the backend reports
 * the session gone (a 401 on any call, from any element), that backend's session store signs out,
 * and with it every element using the backend. (An adapter passed as a property was built by the
 * host; elements still tell its store through `reportError`.)
 */
import {SessionStore, type SessionStoreOptions} from '../controllers/session-store.js';
import type {AdapterEvents, PortalAdapter} from './adapter.js';
import {UnavailableAdapter} from './unavailable.js';

export type BackendKind = 'demo' | 'rest' | 'fhir' | 'invalid';

export interface BackendLoader {
  /** `events`: pass them to the adapter so the shared session hears when the backend drops it. */
  (value: string, events: AdapterEvents): Promise<PortalAdapter>;
}

/** Classifies a `backend` attribute value. Plain `http:` is accepted only for loopback hosts. */
export function backendKind(value: string): BackendKind {
  const v = value.trim();
  if (v === 'demo') return 'demo';
  if (v.startsWith('fhir:')) return isAllowedUrl(v.slice(5)) ? 'fhir' : 'invalid';
  const rest = v.startsWith('bearer:') ? v.slice(7).trim() : v;
  if (rest.startsWith('/') && !rest.startsWith('//')) return 'rest';
  return isAllowedUrl(rest) ? 'rest' : 'invalid';
}

function isAllowedUrl(v: string): boolean {
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

const loaders: Partial<Record<BackendKind, BackendLoader>> = {
  demo: async (_, events) => (await import('./memory/demo-clinic.js')).createDemoAdapter({events}),
  rest: async (value, events) => (await import('./rest/index.js')).createRestAdapter(value, {events}),
  fhir: async (value, events) => (await import('./fhir/index.js')).createFhirAdapter(value, {events}),
};

/** Plugs in the loader for a kind of backend (the REST and FHIR adapters register themselves here). */
export function registerBackendLoader(kind: Exclude<BackendKind, 'invalid'>, loader: BackendLoader): void {
  loaders[kind] = loader;
}

interface Entry {
  adapter: Promise<PortalAdapter>;
}

const byValue = new Map<string, Entry>();
const sessions = new WeakMap<PortalAdapter, SessionStore>();
let sessionOptions: SessionStoreOptions = {};

/** The shared adapter for a `backend` value (loaded once per page). */
export function adapterForBackend(value: string): Promise<PortalAdapter> {
  const key = value.trim();
  let entry = byValue.get(key);
  if (!entry) {
    const kind = backendKind(key);
    const loader = kind === 'invalid' ? undefined : loaders[kind];
    let loaded: PortalAdapter | undefined;
    const events: AdapterEvents = {onSessionLost: (reason) => loaded && sessions.get(loaded)?.lost(reason)};
    const adapter = loader
      ? loader(key, events).then(
          (a) => (loaded = a),
          () => new UnavailableAdapter(kind, 'load-failed') as PortalAdapter,
        )
      : Promise.resolve(new UnavailableAdapter(kind, kind === 'invalid' ? 'invalid' : 'not-implemented'));
    entry = {adapter};
    byValue.set(key, entry);
  }
  return entry.adapter;
}

/**
 * The one session store for an adapter object. `options` apply only if the store does not exist
 * yet (a host or test choosing the idle limit or clock for this adapter's session).
 */
export function sessionFor(adapter: PortalAdapter, options?: SessionStoreOptions): SessionStore {
  let store = sessions.get(adapter);
  if (!store) {
    store = new SessionStore(adapter, options ?? sessionOptions);
    sessions.set(adapter, store);
  }
  return store;
}

/**
 * Sets options (idle timeout, clock) for session stores created from now on — for hosts that need
 * another idle limit and for tests with a fake clock.
 */
export function configureSessions(options: SessionStoreOptions): void {
  sessionOptions = options;
}

/** Forgets every shared backend (tests; a host page tearing the portal down). */
export function resetBackends(): void {
  for (const entry of byValue.values()) {
    void entry.adapter.then((a) => {
      sessions.get(a)?.dispose();
      sessions.delete(a);
    });
  }
  byValue.clear();
}
