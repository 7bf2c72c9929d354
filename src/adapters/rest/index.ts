/**
 * The REST adapter (`backend="https://…"`, loopback `http://…`, or `/portal-api`), loaded as a lazy
 * chunk on first use.
 */
export {CSRF_HEADER, IDEMPOTENCY_HEADER, RestAdapter, createRestAdapter} from './rest-adapter.js';
export type {RestAdapterOptions} from './rest-adapter.js';
