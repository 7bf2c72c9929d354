/**
 * A small static server for the demo and the size check: 127.0.0.1 only, with the strict Content
 * Security Policy from QUALITY 10 on every page, so the demo itself proves the elements work under it.
 */
import {createServer} from 'node:http';
import {readFile, stat} from 'node:fs/promises';
import {extname, join, normalize, resolve, sep} from 'node:path';

export const STRICT_CSP =
  "default-src 'self'; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; " +
  "require-trusted-types-for 'script'; trusted-types lit-html; frame-ancestors 'none'";

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/**
 * The request listener that serves `routes` (URL prefix → folder) and `pages` (exact paths → HTML
 * strings, for generated pages), every answer with the strict CSP. For `serve` below and for
 * servers that put more beside it on one origin (the demo site: `scripts/demo-site.mjs`).
 */
export function staticHandler({routes, pages = {}, csp = STRICT_CSP}) {
  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const headers = {
      'Content-Security-Policy': csp,
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
      'X-Content-Type-Options': 'nosniff',
    };
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204, headers);
      res.end();
      return;
    }
    if (pages[url.pathname] !== undefined) {
      res.writeHead(200, {...headers, 'Content-Type': types['.html']});
      res.end(pages[url.pathname]);
      return;
    }
    for (const [prefix, dir] of Object.entries(routes)) {
      if (!url.pathname.startsWith(prefix)) continue;
      let rel;
      try {
        rel = normalize(decodeURIComponent(url.pathname.slice(prefix.length))).replace(/^([/\\])+/, '');
      } catch {
        break;
      }
      // Inside the folder, not beside it: `/..%2fdemo-private/x` resolves to a sibling whose name
      // merely starts like the folder's, so the check compares with the separator.
      const root = resolve(dir);
      let file = resolve(root, rel);
      if (file !== root && !file.startsWith(root + sep)) break;
      try {
        if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
        const body = await readFile(file);
        res.writeHead(200, {...headers, 'Content-Type': types[extname(file)] ?? 'application/octet-stream'});
        res.end(body);
        return;
      } catch {
        // try the next route
      }
    }
    res.writeHead(404, {...headers, 'Content-Type': 'text/plain'});
    res.end('Not found');
  };
}

/**
 * Serves `routes` (URL prefix → folder). `pages` maps exact paths to HTML strings (generated pages).
 * Resolves to the listening server; its URL is `http://127.0.0.1:${server.address().port}`.
 */
export function serve({routes, pages = {}, port = 0, csp = STRICT_CSP}) {
  const server = createServer(staticHandler({routes, pages, csp}));
  return new Promise((ok) => server.listen(port, '127.0.0.1', () => ok(server)));
}
