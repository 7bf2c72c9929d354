import type {IncomingMessage, Server, ServerResponse} from 'node:http';

/** The strict Content Security Policy (QUALITY 10) every page of the demo and the size check gets. */
export declare const STRICT_CSP: string;

export interface StaticOptions {
  /** URL prefix → folder. */
  readonly routes: Readonly<Record<string, string>>;
  /** Exact paths → HTML strings (generated pages). */
  readonly pages?: Readonly<Record<string, string>>;
  readonly csp?: string;
}

export declare function staticHandler(
  options: StaticOptions,
): (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export declare function serve(options: StaticOptions & {readonly port?: number}): Promise<Server>;
