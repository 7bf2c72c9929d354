/**
 * The page's locale: the one module that configures @lit/localize (runtime mode).
 *
 * @lit/localize has one active language per page, so the elements follow the page's `lang`:
 * `<html lang="es-MX">`, or a `lang` on `<patient-portal>` (which sets it page-wide — documented).
 * The language part picks the message catalog (`es`, `en`); the full tag drives regional formats
 * through `Intl` (es-MX and en-US use a 12-hour clock, es-ES a 24-hour one, en-CA its own order).
 * Non-English catalogs are chunks loaded on first use. Adding a language is a translation file
 * (xliff/<lang>.xlf) plus its code in lit-localize.json.
 */
import {configureLocalization} from '@lit/localize';
import {sourceLocale, targetLocales} from './generated/locale-codes.js';
import {linkLanguage} from './link-fragment.js';

type Catalog = 'en' | 'es';
const supported: readonly string[] = [sourceLocale, ...targetLocales];

/**
 * Per-chunk catalogs (scripts/i18n-split.mjs): a language's core catalog holds the messages every
 * page may need; each lazily loaded element or section brings its own piece
 * ({@link catalogPiece}). Both merge into one live object per language, the one @lit/localize
 * reads, so a piece loaded later is seen by the next render.
 */
const live = new Map<string, Record<string, unknown>>();
/** A catalog piece's loaders by language (`generated/pieces/<piece>.ts`). */
export type PieceLoaders = Readonly<Record<string, () => Promise<{templates: Record<string, unknown>}>>>;
/** The pieces the page's code asked for (loaded with any language it switches to). */
const wanted = new Map<string, PieceLoaders>();
const loadedPieces = new Map<string, Promise<void>>();
let piecesLoading: Promise<void> | undefined;

function loadPiece(piece: string, locale: string): Promise<void> {
  const key = `${locale}/${piece}`;
  let done = loadedPieces.get(key);
  if (!done) {
    const load = wanted.get(piece)?.[locale];
    const catalog = liveCatalog(locale);
    done = load ? load().then((m) => void Object.assign(catalog, m.templates)) : Promise.resolve();
    done.catch(() => loadedPieces.delete(key));
    loadedPieces.set(key, done);
  }
  return done;
}

function liveCatalog(locale: string): Record<string, unknown> {
  let catalog = live.get(locale);
  if (!catalog) live.set(locale, (catalog = {}));
  return catalog;
}

async function loadCore(locale: string): Promise<{templates: Record<string, unknown>}> {
  const catalog = liveCatalog(locale);
  switch (locale) {
    case 'es':
      Object.assign(catalog, (await import('./generated/locales/es.js')).templates);
      break;
    default:
      throw new Error(`no catalog for ${locale}`);
  }
  await Promise.all([...wanted.keys()].map((p) => loadPiece(p, locale)));
  return {templates: catalog};
}

const {setLocale, getLocale} = configureLocalization({
  sourceLocale,
  targetLocales,
  // The cast: lit-localize's template type is its own; the live object holds the generated ones.
  loadLocale: (locale) =>
    loadCore(locale) as ReturnType<Parameters<typeof configureLocalization>[0]['loadLocale']>,
});

let localeTag = 'en-US';
let requestedCatalog: Catalog = sourceLocale as Catalog;
let pending: Promise<void> = Promise.resolve();
const listeners = new Set<() => void>();
let observer: MutationObserver | undefined;
/** A `lang` set by `<patient-portal>` wins over the document's until that portal is removed. */
let portalLang: string | undefined;

/** The catalog language for a tag: `es-MX` → `es`; anything unsupported → `en`. */
export function catalogFor(tag: string | null | undefined): Catalog {
  const lang = (tag ?? '').trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return (supported.includes(lang) ? lang : sourceLocale) as Catalog;
}

/** Gives a bare language tag a region the patient is likely to expect (their browser's, or a default). */
function withRegion(tag: string): string {
  const canonical = canonicalize(tag);
  if (canonical.includes('-')) return canonical;
  const nav = typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language]);
  const fromBrowser = nav.find((l) => l && catalogFor(l) === canonical && l.includes('-'));
  if (fromBrowser) return canonicalize(fromBrowser);
  return canonical === 'es' ? 'es-MX' : canonical === 'en' ? 'en-US' : canonical;
}

function canonicalize(tag: string): string {
  try {
    return Intl.getCanonicalLocales(tag.trim())[0] ?? 'en-US';
  } catch {
    return 'en-US';
  }
}

/** The full locale tag for Intl (e.g. `es-MX`). */
export function currentLocale(): string {
  return localeTag;
}

/** The active catalog language (`en` or `es`). */
export function currentLanguage(): Catalog {
  return getLocale() as Catalog;
}

/** Resolves when the catalog for the current locale is loaded. */
export function localeReady(): Promise<void> {
  return pending;
}

/** Sets the page's locale for every element (what `<html lang>` and `<patient-portal lang>` do). */
export function setPageLocale(tag: string): Promise<void> {
  const catalog = catalogFor(tag);
  const language = canonicalize(tag).split('-')[0]?.toLowerCase();
  // A language we have no catalog for is shown wholly in English, formats included.
  const next = withRegion(language === catalog ? tag : catalog);
  const tagChanged = next !== localeTag;
  localeTag = next;
  // Compared with the catalog last asked for, not the active one: while a catalog is still loading,
  // `getLocale()` reports the previous one, and a switch back (es → en before es arrived) would
  // otherwise leave the late catalog in charge of a page whose formats follow the new tag.
  if (catalog !== requestedCatalog) {
    requestedCatalog = catalog;
    pending = setLocale(catalog).then(notify, notify);
  } else if (tagChanged) {
    pending = Promise.resolve().then(notify);
  }
  return pending;
}

function notify() {
  for (const l of [...listeners]) l();
}

function documentLang(): string {
  return (typeof document !== 'undefined' && document.documentElement.lang) || navigatorLang();
}

function navigatorLang(): string {
  return (typeof navigator !== 'undefined' && navigator.language) || 'en-US';
}

/**
 * Loads the catalog piece `piece` (a lazily loaded element's or section's own messages) for the
 * page's language, and for every language the page switches to later. Its entry module calls it
 * before defining the element; elements hold their renders while a piece loads
 * ({@link catalogLoading}), so the first render is already in the page's language.
 */
export function catalogPiece(piece: string, loaders: PieceLoaders): void {
  wanted.set(piece, loaders);
  followDocumentLang();
  if (requestedCatalog === sourceLocale) return;
  // The core too: a first render wholly in the language, not the piece's part only.
  const loading: Promise<void> = Promise.all([
    loadPiece(piece, requestedCatalog),
    pending,
    piecesLoading,
  ]).then(
    () => undefined,
    () => undefined,
  );
  piecesLoading = loading;
  void loading.then(() => {
    if (piecesLoading === loading) piecesLoading = undefined;
    notify();
  });
}

/** While a catalog piece of the page's language is loading: its promise (else undefined). */
export function catalogLoading(): Promise<void> | undefined {
  return piecesLoading;
}

/** Used by `<patient-portal lang>`: that portal's language applies page-wide. */
export function setPortalLang(tag: string | undefined): void {
  portalLang = tag || undefined;
  void setPageLocale(portalLang ?? documentLang());
}

/**
 * Starts following `<html lang>` (idempotent). Called when the first element connects. A page
 * opened from an emailed link (`#…&lang=en`) starts in the link's language, until the page's
 * own language changes.
 */
export function followDocumentLang(): void {
  if (observer || typeof document === 'undefined') return;
  observer = new MutationObserver(() => {
    if (!portalLang) void setPageLocale(documentLang());
  });
  observer.observe(document.documentElement, {attributes: true, attributeFilter: ['lang']});
  void setPageLocale(portalLang ?? linkLanguage() ?? documentLang());
}

/** Calls `listener` after every locale change (catalog loaded). Returns an unsubscribe function. */
export function onLocaleChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
