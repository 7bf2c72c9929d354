// Types of scripts/demo-site.mjs, for the TypeScript tests that start the demo site.
import type {Db} from '../server/db.js';
import type {Portal} from '../server/portal.js';

/** The strict Content Security Policy of every answer (scripts/serve.mjs). */
export declare const STRICT_CSP: string;
export declare const API_PATH: '/portal-api';
export declare const DEV_PATH: '/portal-dev';
export declare function memoryPage(page?: string): string;
export declare function portalPage(page?: string): string;

export interface DemoSite {
  /** The page's URL, e.g. `http://127.0.0.1:8080/`. */
  readonly url: string;
  readonly backend: 'server' | 'memory';
  /** The reference server's rules and database (absent with `backend: 'memory'`). */
  readonly portal?: Portal;
  readonly db?: Db;
  close(): Promise<void>;
}

export declare function startDemoSite(options?: {
  port?: number;
  backend?: 'server' | 'memory';
  dataDir?: string;
  env?: Readonly<Record<string, string | undefined>>;
  /** The API takes the client's address from X-Forwarded-For as behind this many proxies. */
  trustProxy?: number;
}): Promise<DemoSite>;
