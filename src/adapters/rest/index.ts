/**
 * The REST adapter (`backend="https://…"`, loopback `http://…`, or `/portal-api`; prefixed `bearer:`
 * for bearer tokens instead of the cookie), loaded as a lazy chunk on first use.
 */
export {
  BEARER_BACKEND_PREFIX,
  CSRF_HEADER,
  IDEMPOTENCY_HEADER,
  RestAdapter,
  createRestAdapter,
} from './rest-adapter.js';
export type {RestAdapterOptions, RestAuthMode} from './rest-adapter.js';
