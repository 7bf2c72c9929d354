/**
 * Which video-visit links an element may ever open (QUALITY 19): `https:` links on the clinic's
 * allow-listed hosts, and the video provider's own app scheme for "open the app". Anything else —
 * `javascript:`, `data:`, plain `http:`, a look-alike host, a link with credentials in it — is
 * refused, whatever the backend sent.
 *
 * Providers are described here, not in the elements, so a clinic can add one
 * (`registerVideoProvider`) without touching them.
 */
import type {TelehealthProviderKind, TelehealthSettings} from '../domain/types.js';

/** What the patient chose in the device check, handed to the provider where it accepts it. */
export interface MediaChoices {
  readonly audio: boolean;
  readonly video: boolean;
}

export interface VideoProvider {
  /** The name backends use in `TelehealthSettings.provider` / `VideoJoin.provider`. */
  readonly kind: TelehealthProviderKind | (string & {});
  /** The product's name as patients know it ("Zoom"); absent for a plain link. */
  readonly name?: string;
  /** URL schemes of the provider's app (with the colon), e.g. `zoommtg:`. */
  readonly appSchemes: readonly string[];
  /** Hosts used when the clinic lists none; `*.example.com` allows subdomains (not the bare host). */
  readonly defaultHosts: readonly string[];
  /**
   * Where patients get the app, per device (`https:` store or download pages). No `desktop` entry
   * means a computer needs no app: the browser view is the way in.
   */
  readonly install?: {readonly ios?: string; readonly android?: string; readonly desktop?: string};
  /**
   * The web link with the patient's camera and microphone choices, for providers whose links
   * accept them; the element names the chosen devices for the others.
   */
  readonly withMediaChoices?: (url: URL, choices: MediaChoices) => URL;
}

const providers = new Map<string, VideoProvider>();

/** Adds (or replaces) a video provider. */
export function registerVideoProvider(provider: VideoProvider): void {
  providers.set(provider.kind, provider);
}

registerVideoProvider({
  kind: 'zoom',
  name: 'Zoom',
  appSchemes: ['zoommtg:', 'zoomus:'],
  defaultHosts: ['zoom.us', '*.zoom.us'],
  install: {
    ios: 'https://apps.apple.com/app/id546505307',
    android: 'https://play.google.com/store/apps/details?id=us.zoom.videomeetings',
    desktop: 'https://zoom.us/download',
  },
});
registerVideoProvider({
  kind: 'jitsi',
  name: 'Jitsi Meet',
  appSchemes: ['org.jitsi.meet:'],
  defaultHosts: ['meet.jit.si'],
  install: {
    ios: 'https://apps.apple.com/app/id1165103905',
    android: 'https://play.google.com/store/apps/details?id=org.jitsi.meet',
  },
  // Jitsi Meet reads its start-up settings from the fragment (`#config.x=y&…`).
  withMediaChoices(url, choices) {
    const next = new URL(url.href);
    const params = [
      `config.startWithAudioMuted=${String(!choices.audio)}`,
      `config.startWithVideoMuted=${String(!choices.video)}`,
    ];
    const kept = next.hash
      .slice(1)
      .split('&')
      .filter((p) => p && !/^config\.startWith(Audio|Video)Muted=/.test(p));
    next.hash = [...kept, ...params].join('&');
    return next;
  },
});
registerVideoProvider({kind: 'url', appSchemes: [], defaultHosts: []});

/** The patient's kind of device, for "how to install the app". */
export type DeviceKind = 'ios' | 'android' | 'desktop';

export function deviceKind(nav: Pick<Navigator, 'userAgent' | 'maxTouchPoints'> = navigator): DeviceKind {
  const ua = nav.userAgent;
  if (/iPhone|iPad|iPod/.test(ua) || (/Macintosh/.test(ua) && nav.maxTouchPoints > 1)) return 'ios';
  if (/Android/.test(ua)) return 'android';
  return 'desktop';
}

/** The provider's install page for this device, if it has one (only `https:`). */
export function installLink(kind: string, device: DeviceKind): string | undefined {
  const link = providers.get(kind)?.install?.[device];
  return link?.startsWith('https://') ? link : undefined;
}

/** The web view link with the patient's audio and video choices, where the provider takes them. */
export function withMediaChoices(url: string, kind: string, choices: MediaChoices): string {
  const provider = providers.get(kind);
  if (!provider?.withMediaChoices) return url;
  try {
    return provider.withMediaChoices(new URL(url), choices).href;
  } catch {
    return url;
  }
}

export function videoProvider(kind: string): VideoProvider | undefined {
  return providers.get(kind);
}

function hostAllowed(host: string, patterns: readonly string[]): boolean {
  const h = host.toLowerCase();
  return patterns.some((raw) => {
    const p = raw.trim().toLowerCase();
    if (p.startsWith('*.')) return h.endsWith(p.slice(1)) && h.length > p.length - 1;
    return h === p;
  });
}

/**
 * The link, if it may be opened; `undefined` if not. `app` allows the provider's app schemes too
 * (for "Join now" in the app); a web view link must be `https:`.
 */
export function safeJoinUrl(
  url: string | undefined,
  settings: Pick<TelehealthSettings, 'provider' | 'allowedHosts'> | undefined,
  options: {app?: boolean} = {},
): string | undefined {
  if (!url || !settings || url.length > 2048) return undefined;
  const provider = providers.get(settings.provider);
  if (!provider) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.username || parsed.password) return undefined;
  const protocol = parsed.protocol.toLowerCase();
  if (protocol === 'https:') {
    const hosts = settings.allowedHosts.length > 0 ? settings.allowedHosts : provider.defaultHosts;
    return hostAllowed(parsed.hostname, hosts) ? parsed.href : undefined;
  }
  if (options.app && provider.appSchemes.includes(protocol)) return parsed.href;
  return undefined;
}
