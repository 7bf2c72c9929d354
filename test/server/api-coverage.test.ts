/**
 * The REST contract, the reference server and the REST adapter cannot drift (issue #26): every
 * operation in `server/openapi.yaml` has a route on the server and a call in `RestAdapter`, and
 * every route and every call is in the document. The server's routes are read from its Hono app;
 * the adapter's calls from its source (each `{method, path}` it sends), path parameters folded.
 */
import {readFileSync} from 'node:fs';
import ts from 'typescript';
import {parse} from 'yaml';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createApp} from '../../server/app.js';
import {startServer, type RunningServer} from '../../server/index.js';
import {testDatabase} from './helpers.js';

const database = testDatabase('coverage');
let server: RunningServer;

beforeAll(async () => {
  server = await startServer(database.options);
}, 120_000);

afterAll(async () => {
  if (server) await database.drop(server.db);
  await server?.close();
});

/** `GET /appointments/{}`: method and path with every parameter folded to `{}`. */
const key = (method: string, path: string): string =>
  `${method.toUpperCase()} ${path.replace(/\{[^}]+\}|:[A-Za-z]+|\$\{[^}]+\}/g, '{}')}`;

/** Operations a host's adapter has no reason to call (operational endpoints for the server's operator). */
const NOT_FOR_THE_ADAPTER = new Set(['GET /health', 'GET /ready', 'POST /webhooks/stripe']);

function documented(): Set<string> {
  const doc = parse(readFileSync('server/openapi.yaml', 'utf8')) as {
    paths: Record<string, Record<string, {tags?: string[]}>>;
  };
  const out = new Set<string>();
  for (const [path, item] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(item))
      // The development endpoints (testing only) are served by server/dev-tools.ts, beside the API.
      if (['get', 'post', 'put', 'patch', 'delete'].includes(method) && !op.tags?.includes('development'))
        out.add(key(method, path));
  return out;
}

function served(): Set<string> {
  const {app} = createApp(server.portal);
  return new Set(
    app.routes.filter((r) => r.method !== 'ALL' && !r.path.includes('*')).map((r) => key(r.method, r.path)),
  );
}

/** Each documented operation's `operationId`, by `GET /appointments/{}`. */
function documentedIds(): Map<string, string> {
  const doc = parse(readFileSync('server/openapi.yaml', 'utf8')) as {
    paths: Record<string, Record<string, {operationId?: string}>>;
  };
  const out = new Map<string, string>();
  for (const [path, item] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(item))
      if (op.operationId) out.set(key(method, path), op.operationId);
  return out;
}

/** The adapter's source: the class, and its forms, documents, billing, message, cards, medical, profile and waitlist operations (lazily loaded parts of it). */
const ADAPTER_FILES = [
  'src/adapters/rest/rest-adapter.ts',
  'src/adapters/rest/forms.ts',
  'src/adapters/rest/documents.ts',
  'src/adapters/rest/billing.ts',
  'src/adapters/rest/conversations.ts',
  'src/adapters/rest/cards.ts',
  'src/adapters/rest/medical.ts',
  'src/adapters/rest/insurance.ts',
  'src/adapters/rest/photo.ts',
  'src/adapters/rest/profile.ts',
  'src/adapters/rest/waitlist.ts',
  'src/adapters/rest/proxy-invitations.ts',
];

/** Every `this.call<'operationId', …>({method, path, …})` in the adapter: the operation it names, by call. */
function namedByTheAdapter(): Map<string, string> {
  const out = new Map<string, string>();
  for (const file of ADAPTER_FILES) namedIn(file, out);
  return out;
}

function namedIn(file: string, out: Map<string, string>): void {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const visit = (node: ts.Node): void => {
    if (
      ts.isCallExpression(node) &&
      node.expression.getText(source) === 'this.call' &&
      node.arguments[0] &&
      ts.isObjectLiteralExpression(node.arguments[0])
    ) {
      const literal = node.arguments[0];
      const prop = (name: string) =>
        literal.properties.find(
          (p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && p.name.getText(source) === name,
        );
      const text = (e: ts.Expression | undefined) =>
        e && (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e))
          ? e.text
          : e && ts.isTemplateExpression(e)
            ? e.getText(source).slice(1, -1)
            : undefined;
      const m = text(prop('method')?.initializer);
      const p = text(prop('path')?.initializer);
      const typeArg = node.typeArguments?.[0];
      const id =
        typeArg && ts.isLiteralTypeNode(typeArg) && ts.isStringLiteral(typeArg.literal)
          ? typeArg.literal.text
          : '(none)';
      if (m && p) out.set(key(m, p), id);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
}

/** Every `{method: '…', path: '…' | `…`}` object literal in the adapter's source. */
function calledByTheAdapter(): Set<string> {
  const out = new Set<string>();
  for (const file of ADAPTER_FILES) calledIn(file, out);
  return out;
}

function calledIn(file: string, out: Set<string>): void {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const text = (e: ts.Expression): string | undefined =>
    ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)
      ? e.text
      : ts.isTemplateExpression(e)
        ? e.getText(source).slice(1, -1)
        : undefined;
  const visit = (node: ts.Node): void => {
    if (ts.isObjectLiteralExpression(node)) {
      const prop = (name: string) =>
        node.properties.find(
          (p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && p.name.getText(source) === name,
        );
      const method = prop('method');
      const path = prop('path');
      const m = method && text(method.initializer);
      const p = path && text(path.initializer);
      if (m && p) out.add(key(m, p));
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
}

describe('the API document, the server and the REST adapter', () => {
  it('finds what it compares (so the checks below cannot pass empty)', () => {
    expect(documented().size).toBeGreaterThan(30);
    expect(served().size).toBeGreaterThan(30);
    expect(calledByTheAdapter().size).toBeGreaterThan(30);
  });

  it('every documented operation has a route on the server, and every route is documented', () => {
    const doc = documented();
    const routes = served();
    expect(
      [...doc].filter((op) => !routes.has(op)),
      'documented but not served',
    ).toEqual([]);
    expect(
      [...routes].filter((op) => !doc.has(op)),
      'served but not documented',
    ).toEqual([]);
  });

  it("each of the adapter's calls names (as its type argument) the document's operationId for it", () => {
    const ids = documentedIds();
    const named = namedByTheAdapter();
    expect(named.size).toBeGreaterThan(30);
    expect(
      [...named].filter(([op, id]) => ids.get(op) !== id).map(([op, id]) => `${op}: ${id} ≠ ${ids.get(op)}`),
      'calls whose operationId type argument is not the one the document gives',
    ).toEqual([]);
  });

  it('every documented operation is called by the REST adapter, and it calls nothing else', () => {
    const doc = documented();
    const calls = calledByTheAdapter();
    expect(
      [...doc].filter((op) => !calls.has(op) && !NOT_FOR_THE_ADAPTER.has(op)),
      'documented but never called by RestAdapter',
    ).toEqual([]);
    expect(
      [...calls].filter((op) => !doc.has(op)),
      'called by RestAdapter but not documented',
    ).toEqual([]);
  });
});
