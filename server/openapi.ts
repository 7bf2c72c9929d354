/**
 * The OpenAPI document (`server/openapi.yaml`) as code: route matching and JSON Schema validation
 * (Ajv, draft 2020-12, which OpenAPI 3.1 schemas are) of requests and responses.
 *
 * The reference server validates every request's parameters and body with it (a structural
 * mismatch is a 422 problem document with field paths, never a 500), and the tests validate every
 * request the RestAdapter sends and every response the server gives. No hand-kept twin of the
 * wire format exists anywhere else.
 */
import {readFileSync} from 'node:fs';
import {Ajv2020, type ErrorObject, type ValidateFunction} from 'ajv/dist/2020.js';
import {parse} from 'yaml';

type Json = Record<string, unknown>;

interface ParameterObject {
  readonly name: string;
  readonly in: 'query' | 'header' | 'path' | 'cookie';
  readonly required?: boolean;
  readonly schema: Json;
}

export interface OperationInfo {
  readonly operationId: string;
  readonly method: string;
  readonly template: string;
  readonly parameters: readonly ParameterObject[];
  readonly bodyRequired: boolean;
  readonly hasBody: boolean;
  readonly responses: Readonly<
    Record<string, {readonly hasContent: boolean; readonly headers: readonly string[]}>
  >;
}

export interface MatchedOperation {
  readonly operation: OperationInfo;
  readonly pathParams: Readonly<Record<string, string>>;
}

/** A problem found by validation: where (a field path, `header:X`, `query:x`, `body`) and what. */
export interface ValidationIssue {
  readonly where: string;
  readonly message: string;
  readonly missing: boolean;
}

const DOC_ID = 'portal-openapi';

export const OPENAPI_PATH = new URL('./openapi.yaml', import.meta.url);

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace']);

export class OpenApiContract {
  readonly document: Json;
  private readonly ajv: Ajv2020;
  private readonly operations: {regex: RegExp; names: string[]; op: OperationInfo}[] = [];
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(text: string = readFileSync(OPENAPI_PATH, 'utf8')) {
    this.document = parse(text) as Json;
    this.ajv = new Ajv2020({strict: false, allErrors: true, validateFormats: false});
    this.ajv.addSchema({...this.document, $id: DOC_ID});
    const paths = this.document.paths as Record<string, Record<string, Json>>;
    for (const [template, item] of Object.entries(paths)) {
      for (const [method, raw] of Object.entries(item)) {
        // Only operations (a path item may also say `servers`), and not the development endpoints
        // (tag `development`, testing only): those are served beside the API, not by it.
        if (!HTTP_METHODS.has(method) || (raw.tags as string[] | undefined)?.includes('development'))
          continue;
        const parameters = ((raw.parameters as Json[] | undefined) ?? []).map(
          (p) => this.deref(p) as unknown as ParameterObject,
        );
        const body = raw.requestBody ? (this.deref(raw.requestBody as Json) as Json) : undefined;
        const responses: Record<string, {hasContent: boolean; headers: string[]}> = {};
        for (const [status, r] of Object.entries((raw.responses as Record<string, Json>) ?? {})) {
          const resolved = this.deref(r);
          responses[status] = {
            hasContent: resolved.content !== undefined,
            headers: Object.keys((resolved.headers as Json | undefined) ?? {}),
          };
        }
        const names: string[] = [];
        const regex = new RegExp(
          `^${template.replace(/\{([^}]+)\}/g, (_m, name: string) => {
            names.push(name);
            return '([^/]+)';
          })}$`,
        );
        this.operations.push({
          regex,
          names,
          op: {
            operationId: raw.operationId as string,
            method: method.toUpperCase(),
            template,
            parameters,
            hasBody: body !== undefined,
            bodyRequired: body?.required === true,
            responses,
          },
        });
      }
    }
  }

  /** Every operation, by id. */
  get operationIds(): string[] {
    return this.operations.map((o) => o.op.operationId);
  }

  /** The operation a method and path (relative to the API base) stand for. */
  match(method: string, pathname: string): MatchedOperation | undefined {
    const m = method.toUpperCase();
    for (const {regex, names, op} of this.operations) {
      if (op.method !== m) continue;
      const found = regex.exec(pathname);
      if (!found) continue;
      const pathParams: Record<string, string> = {};
      try {
        names.forEach((n, i) => {
          pathParams[n] = decodeURIComponent(found[i + 1]);
        });
      } catch {
        return undefined; // not a valid percent-encoding: no such resource
      }
      return {operation: op, pathParams};
    }
    return undefined;
  }

  /** Checks a request: required headers, query parameters (typed), path parameters and the JSON body. */
  validateRequest(
    matched: MatchedOperation,
    request: {
      readonly query: URLSearchParams;
      readonly headers: {get(name: string): string | null};
      readonly body: unknown;
    },
  ): ValidationIssue[] {
    const {operation, pathParams} = matched;
    const issues: ValidationIssue[] = [];
    for (const p of operation.parameters) {
      if (p.in === 'header') {
        const v = request.headers.get(p.name);
        if (v === null || v === '') {
          if (p.required) issues.push({where: `header:${p.name}`, message: 'missing', missing: true});
          continue;
        }
        issues.push(...this.check(p.schema, v, `header:${p.name}`));
      } else if (p.in === 'query') {
        const values = request.query.getAll(p.name);
        if (values.length === 0) {
          if (p.required) issues.push({where: p.name, message: 'missing', missing: true});
          continue;
        }
        issues.push(...this.check(p.schema, coerce(this.resolveSchema(p.schema), values), p.name));
      } else if (p.in === 'path') {
        issues.push(...this.check(p.schema, pathParams[p.name], p.name));
      }
    }
    if (operation.hasBody) {
      if (request.body === undefined) {
        if (operation.bodyRequired) issues.push({where: 'body', message: 'missing', missing: true});
      } else {
        issues.push(...this.validateSchemaAt(this.bodyPointer(operation), request.body));
      }
    } else if (request.body !== undefined) {
      issues.push({where: 'body', message: 'unexpected body', missing: false});
    }
    return issues;
  }

  /** Checks a response: a declared status, its declared headers and its JSON body. */
  validateResponse(
    operation: OperationInfo,
    response: {
      readonly status: number;
      readonly headers: {get(name: string): string | null};
      readonly body: unknown;
    },
  ): ValidationIssue[] {
    const key = String(response.status);
    const declared = operation.responses[key]
      ? key
      : operation.responses[`${key[0]}XX`]
        ? `${key[0]}XX`
        : undefined;
    if (!declared)
      return [
        {where: 'status', message: `${key} is not declared for ${operation.operationId}`, missing: false},
      ];
    const spec = operation.responses[declared];
    const issues: ValidationIssue[] = [];
    for (const h of spec.headers) {
      if (h === 'Retry-After' && response.status >= 500) continue; // optional on 5xx
      if (h === 'X-CSRF-Token') continue; // sent when there is a session
      if (response.headers.get(h) === null)
        issues.push({where: `header:${h}`, message: 'missing', missing: true});
    }
    if (!spec.hasContent) {
      if (response.body !== undefined)
        issues.push({where: 'body', message: 'unexpected body', missing: false});
      return issues;
    }
    const type = response.headers.get('content-type') ?? '';
    const media = response.status >= 400 ? 'application/problem+json' : 'application/json';
    const pointer = `${this.pointerOf(operation)}/responses/${escape(declared)}`;
    const resolved = this.deref(this.at(pointer));
    // A file answer (a document's bytes): one of the declared binary types; no JSON to check.
    const declaredTypes = Object.keys(resolved.content as Json);
    if (!declaredTypes.includes(media) && response.status < 400) {
      if (!declaredTypes.some((t) => type.startsWith(t)))
        issues.push({where: 'header:content-type', message: `undeclared ${type}`, missing: false});
      return issues;
    }
    if (!type.startsWith(media))
      issues.push({where: 'header:content-type', message: `expected ${media}, got ${type}`, missing: false});
    const schema = ((resolved.content as Json)[media] as Json | undefined)?.schema as Json | undefined;
    if (!schema) return [...issues, {where: 'body', message: `no ${media} schema`, missing: false}];
    issues.push(...this.check(schema, response.body, 'body'));
    return issues;
  }

  /**
   * Validates `value` against a schema of its own (e.g. the clinic configuration's), which may
   * refer to this document's components as `portal-openapi#/components/schemas/…`.
   */
  validateSchema(schema: Json, value: unknown): ValidationIssue[] {
    return this.run(JSON.stringify(schema), schema, value, 'body');
  }

  /** Validates `value` against a component schema, e.g. `Appointment`. */
  validateComponent(name: string, value: unknown): ValidationIssue[] {
    return this.validateSchemaAt(`#/components/schemas/${name}`, value);
  }

  // -------------------------------------------------------------------------------------------

  private bodyPointer(op: OperationInfo): string {
    const raw = this.at(`${this.pointerOf(op)}/requestBody`);
    if (typeof raw.$ref === 'string') return `${raw.$ref}/content/application~1json/schema`;
    return `${this.pointerOf(op)}/requestBody/content/application~1json/schema`;
  }

  private pointerOf(op: OperationInfo): string {
    return `#/paths/${escape(op.template)}/${op.method.toLowerCase()}`;
  }

  private validateSchemaAt(pointer: string, value: unknown): ValidationIssue[] {
    return this.run(pointer, {$ref: `${DOC_ID}${pointer}`}, value, 'body');
  }

  private check(schema: Json, value: unknown, where: string): ValidationIssue[] {
    const key = JSON.stringify(schema);
    const wrapped = typeof schema.$ref === 'string' ? {$ref: `${DOC_ID}${schema.$ref}`} : rebase(schema);
    return this.run(key, wrapped, value, where);
  }

  private run(key: string, schema: Json, value: unknown, where: string): ValidationIssue[] {
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile(schema);
      this.validators.set(key, validate);
    }
    if (validate(value)) return [];
    return (validate.errors ?? []).map((e) => toIssue(e, where));
  }

  private resolveSchema(schema: Json): Json {
    return typeof schema.$ref === 'string' ? this.resolveSchema(this.at(schema.$ref)) : schema;
  }

  private at(pointer: string): Json {
    let node: unknown = this.document;
    for (const part of pointer.replace(/^#\//, '').split('/')) {
      node = (node as Json)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    }
    return node as Json;
  }

  private deref(node: Json): Json {
    return typeof node.$ref === 'string' ? this.deref(this.at(node.$ref)) : node;
  }
}

const escape = (s: string): string => s.replace(/~/g, '~0').replace(/\//g, '~1');

/** Inline schemas (parameters) may hold `#/components/...` refs: point them at the document. */
function rebase(schema: Json): Json {
  return JSON.parse(JSON.stringify(schema).replace(/"\$ref":"#\//g, `"$ref":"${DOC_ID}#/`)) as Json;
}

function coerce(schema: Json, values: string[]): unknown {
  if (schema.type === 'array') {
    const items = (schema.items as Json | undefined) ?? {};
    return values.map((v) => coerceOne(items, v));
  }
  return coerceOne(schema, values[values.length - 1]);
}

function coerceOne(schema: Json, v: string): unknown {
  if (schema.type === 'integer' || schema.type === 'number') return /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v;
  if (schema.type === 'boolean') return v === 'true' ? true : v === 'false' ? false : v;
  return v;
}

function toIssue(e: ErrorObject, where: string): ValidationIssue {
  const path = e.instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (e.keyword === 'required') path.push(String((e.params as {missingProperty: string}).missingProperty));
  if (e.keyword === 'additionalProperties')
    path.push(String((e.params as {additionalProperty: string}).additionalProperty));
  const field = path.join('.');
  return {
    where: where === 'body' ? field || 'body' : field ? `${where}.${field}` : where,
    message: `${e.keyword}: ${e.message ?? ''}`,
    missing: e.keyword === 'required',
  };
}

let shared: OpenApiContract | undefined;

/** The repository's contract, loaded once. */
export function portalContract(): OpenApiContract {
  return (shared ??= new OpenApiContract());
}
