/**
 * The REST wire format by `operationId`, from the types generated out of `server/openapi.yaml`
 * (`generated/openapi.ts`, `npm run openapi:types`). The RestAdapter types each call's body, query
 * and answer with these, and the reference server's routes their answers and bodies: a field
 * renamed in the document and not in the code (or the other way round) is a type error.
 *
 * Types only: importing this module adds nothing to a bundle.
 */
import type {E164, PlainDate} from '../../domain/types.js';
import type {RequestOptions} from '../adapter.js';
import type {components, operations} from './generated/openapi.js';

/** The document's schemas (`components.schemas`), e.g. `Schemas['Appointment']`. */
export type Schemas = components['schemas'];

/** Every `operationId` of the document. */
export type OperationId = keyof operations;

type JsonOf<R> = R extends {readonly content: {readonly 'application/json': infer B}} ? B : never;

/** The JSON body operation `K` takes (`never` when it takes none). */
export type RequestBody<K extends OperationId> = operations[K] extends {readonly requestBody?: infer R}
  ? JsonOf<NonNullable<R>>
  : never;

/** The names of operation `K`'s query parameters (`never` when it has none). */
export type QueryName<K extends OperationId> = keyof NonNullable<operations[K]['parameters']['query']> &
  string;

type Responses<K extends OperationId> = operations[K]['responses'];
type SuccessStatus = 200 | 201 | 202 | 204;

/**
 * The JSON body of operation `K`'s success answers (2XX), a union when it has several; `undefined`
 * for a success without a body (202, 204).
 */
export type ResponseBody<K extends OperationId> = SuccessBody<
  Responses<K>[Extract<keyof Responses<K>, SuccessStatus>]
>;
type SuccessBody<R> = R extends {readonly content: {readonly 'application/json': infer B}} ? B : undefined;

/**
 * A domain type as JSON can carry it: its template-literal strings (`E164` phone numbers,
 * `PlainDate`s) are plain strings on the wire (the document gives them a `pattern`, which the
 * reference server and the tests check). Everything else, string unions included, stays as is, so
 * a renamed field or a changed enum still fails to compile.
 */
export type Json<T> = T extends E164 | PlainDate
  ? string
  : T extends readonly (infer U)[]
    ? readonly Json<U>[]
    : T extends object
      ? {readonly [P in keyof T]: Json<T[P]>}
      : T;

/**
 * `D` when every `W` the document allows is a `D` as JSON carries it ({@link Json}); otherwise a
 * type no value has, so code that uses it as a `D` fails to compile.
 */
export type Fitting<W, D> = [W] extends [Json<D>] ? D : {readonly wireDoesNotFitTheDomainType: D};

/** Operation `K`'s request body (checked against the document) as the domain type `D`. */
export type BodyAs<K extends OperationId, D> = Fitting<RequestBody<K>, D>;

/**
 * Whether the document's answer `W` is the domain type `D` as JSON carries it ({@link Json}): when
 * not, the call needs a property no call has, so the call site fails to compile.
 */
export type Fits<W, D> = [W] extends [Json<D>] ? unknown : {readonly answerDoesNotFitTheDomainType: D};
/** A call without its operation as a type argument (`this.call<'getClinic'>`) does not compile. */
export type Named<K> = [K] extends [never] ? {readonly operationIdTypeArgumentMissing: true} : unknown;

/**
 * One request of operation `K` (its `operationId` in `server/openapi.yaml`): the query's names and
 * the body are the document's, as generated into `generated/openapi.ts`.
 */
export interface Call<K extends OperationId = OperationId> {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly path: string;
  readonly query?: ReadonlyArray<readonly [QueryName<K>, string]>;
  readonly body?: RequestBody<K>;
  readonly idempotencyKey?: string;
  /** A file answer: the successful `Response` itself, its body unread. */
  readonly raw?: true;
  /** This call's own time limit (an upload's), instead of the adapter's. */
  readonly timeoutMs?: number;
  /**
   * The browser may keep the answer and revalidate it (`no-cache`: the server's `ETag` makes an
   * unchanged answer a 304); otherwise nothing is kept (`no-store`, every answer with patient data).
   */
  readonly revalidate?: true;
  /**
   * Sends this call instead of the adapter's `fetch` (an upload's `XMLHttpRequest`, which reports
   * how much of the body has gone; `fetch` cannot).
   */
  readonly send?: typeof fetch;
  /** The dependent the call acts for (`Portal-Acting-For`, family members): `actingFor`'s adapter sets it. */
  readonly acting?: string;
}

/** The RestAdapter's one transport (`this.call`), as the parts loaded on first use see it. */
export interface Transport {
  call<K extends OperationId = never, D = ResponseBody<K>>(
    call: Call<K> & Fits<ResponseBody<K>, D> & Named<K>,
    options?: RequestOptions,
  ): Promise<D>;
}
