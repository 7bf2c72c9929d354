/**
 * The page's fragment as emailed links write it (`#portal-reminder=…&lang=es`), read by the
 * elements here in one place. Tokens travel in the fragment so they never reach a server log or a
 * Referer; both backends' messages add the patient's language (`linkInLanguage` in
 * `src/domain/messages.ts`) so the page opens in it. Nothing about the patient is ever put there.
 */

/**
 * `LINK_LANGUAGE_KEY` of `src/domain/messages.ts`, written out: importing it would make the
 * messages module a chunk every page loads. `test/unit/domain/messages.test.ts` checks they agree.
 */
export const LINK_LANGUAGE_PARAM = 'lang';

function params(): URLSearchParams {
  return new URLSearchParams(typeof location === 'undefined' ? '' : location.hash.slice(1));
}

/** One parameter of the page's fragment, or `null`. */
export function fragmentParam(key: string): string | null {
  return params().get(key);
}

/** Takes `key` out of the address bar's fragment (history and later Referers), keeping the rest. */
export function dropFragmentParam(key: string): void {
  const p = params();
  if (!p.has(key)) return;
  p.delete(key);
  const rest = p.toString();
  history.replaceState(history.state, '', `${location.pathname}${location.search}${rest ? `#${rest}` : ''}`);
}

/** The language an emailed link asks the page to open in (`#…&lang=en`), if any. */
export function linkLanguage(): string | null {
  return fragmentParam(LINK_LANGUAGE_PARAM);
}
