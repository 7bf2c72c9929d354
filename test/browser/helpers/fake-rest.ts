/**
 * A REST backend inside the page: `window.fetch` answered from a demo clinic in memory, with the
 * REST contract's paths and wire shapes, so the real `RestAdapter` (and its 401 handling) runs
 * without a server. Routes a test overrides answer first.
 */
import type {MemoryAdapter} from '../../../src/adapters/memory/index.js';
import type {Session} from '../../../src/adapters/adapter.js';

export type Route = (request: Request) => Response | Promise<Response> | undefined;

export const json = (status: number, body: unknown, type = 'application/json'): Response =>
  new Response(status === 204 ? null : JSON.stringify(body), {status, headers: {'Content-Type': type}});

/** An RFC 9457 problem document, as the reference server sends one. */
export const problem = (status: number, code: string): Response =>
  json(status, {type: 'about:blank', title: code, status, code}, 'application/problem+json');

/**
 * Answers `fetch` calls under `base` (a path such as `/fake-api`) from `clinic`, with `session` as
 * the cookie's session; returns the requests seen and a function that puts the real fetch back.
 */
export function installFakeRest(
  base: string,
  clinic: MemoryAdapter,
  options: {session?: Session | null; routes?: Record<string, Route>} = {},
): {requests: string[]; restore(): void} {
  const realFetch = window.fetch;
  const requests: string[] = [];
  const reads: Record<string, () => Promise<unknown>> = {
    'GET /session': async () => ({session: options.session ?? null}),
    'GET /clinic': () => clinic.getClinic(),
    'GET /capabilities': () => clinic.getCapabilities(),
    'GET /time': () => clinic.getServerTime(),
    'GET /catalog': () => clinic.getCatalog(),
    'GET /cancellation-reasons': async () => ({reasons: await clinic.getCancellationReasons()}),
  };
  window.fetch = async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    if (!url.pathname.startsWith(`${base}/`)) return realFetch(input, init);
    const key = `${request.method} ${url.pathname.slice(base.length)}`;
    requests.push(key);
    const custom = await options.routes?.[key]?.(request);
    if (custom) return custom;
    if (key === 'DELETE /session') return json(204, null);
    const read = reads[key];
    return read ? json(200, await read()) : problem(404, 'not-found');
  };
  return {requests, restore: () => void (window.fetch = realFetch)};
}
