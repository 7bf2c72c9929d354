/**
 * The one `ts-ics` function we use, re-exported so the lazy chunk holds only the generator:
 * `import('ts-ics')` would keep the whole library (parser included), since a dynamic import's
 * namespace cannot be tree-shaken by every bundler (esbuild keeps it all: 11.2 KiB gzip vs 6.4).
 */
export {generateIcsCalendar} from 'ts-ics';
