/**
 * Which browser engine a test runs in (web-test-runner runs every element suite in Chromium, Firefox
 * and WebKit), and `itIn` for the few tests only some engines can run.
 */
export type Engine = 'chromium' | 'firefox' | 'webkit';

const ua = navigator.userAgent;

export const ENGINE: Engine = /Firefox\//.test(ua)
  ? 'firefox'
  : /Chrom(e|ium)\//.test(ua)
    ? 'chromium'
    : 'webkit';

/**
 * `it` in the engines listed; in the others the test is reported as skipped, its title ending with
 * the reason (so every engine-specific skip is listed in the run's output with why).
 */
export function itIn(engines: Engine[], reason: string) {
  return (title: string, fn: Mocha.Func | Mocha.AsyncFunc) =>
    engines.includes(ENGINE) ? it(title, fn) : it.skip(`${title} [skipped in ${ENGINE}: ${reason}]`, fn);
}

/** `describe` in the engines listed; in the others every test in it is skipped, with the reason. */
export function describeIn(engines: Engine[], reason: string) {
  return (title: string, fn: (this: Mocha.Suite) => void) =>
    engines.includes(ENGINE)
      ? describe(title, fn)
      : describe.skip(`${title} [skipped in ${ENGINE}: ${reason}]`, fn);
}

/** Why the camera/microphone suites skip WebKit (the only such engine gap we could not cover). */
export const NO_WEBRTC_IN_WEBKITGTK =
  "Debian's WebKitGTK is built without WebRTC (no RTCPeerConnection), so the element rightly says " +
  "this browser can't make video calls; its mock camera and microphone work (scripts/e2e-driver.mjs)";

/** Why the narrow-screen tests skip WebKit. */
export const MINIBROWSER_MIN_WIDTH =
  "MiniBrowser's window cannot be narrower than 447 CSS px (its toolbar); 320 and 375 px run in " +
  'Chromium and Firefox';
