/**
 * One light-DOM live region for the whole page, shared by every element, created before it is
 * first filled (screen readers ignore regions that appear together with their text). Errors, slot
 * conflicts and the session warning are announced once, through here.
 */
let politeRegion: HTMLElement | undefined;
let assertiveRegion: HTMLElement | undefined;

function makeRegion(politeness: 'polite' | 'assertive'): HTMLElement {
  const region = document.createElement('div');
  region.setAttribute('aria-live', politeness);
  region.setAttribute('aria-atomic', 'true');
  region.dataset['portalAnnouncer'] = politeness;
  // Visually hidden through the CSSOM (allowed under style-src 'self'; no style attribute is parsed).
  Object.assign(region.style, {
    position: 'absolute',
    width: '1px',
    height: '1px',
    margin: '-1px',
    padding: '0',
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
    border: '0',
  });
  document.body.append(region);
  return region;
}

/** Creates the live regions if they are not there yet (called when an element connects). */
export function ensureAnnouncer(): void {
  if (typeof document === 'undefined' || !document.body) return;
  if (!politeRegion?.isConnected) politeRegion = makeRegion('polite');
  if (!assertiveRegion?.isConnected) assertiveRegion = makeRegion('assertive');
}

/** Says `message` once to assistive technology. Assertive for errors that block the patient. */
export function announce(message: string, politeness: 'polite' | 'assertive' = 'polite'): void {
  ensureAnnouncer();
  const region = politeness === 'assertive' ? assertiveRegion : politeRegion;
  if (!region) return;
  region.textContent = '';
  // A fresh text node after a tick makes repeated identical messages announced again.
  setTimeout(() => {
    region.textContent = message;
  }, 50);
}

/** Empties the regions (on sign-out, so no patient data stays in the DOM). */
export function clearAnnouncements(): void {
  if (politeRegion) politeRegion.textContent = '';
  if (assertiveRegion) assertiveRegion.textContent = '';
}
