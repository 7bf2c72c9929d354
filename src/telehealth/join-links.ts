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

export interface VideoProvider {
  /** The name backends use in `TelehealthSettings.provider` / `VideoJoin.provider`. */
  readonly kind: TelehealthProviderKind | (string & {});
  /** URL schemes of the provider's app (with the colon), e.g. `zoommtg:`. */
  readonly appSchemes: readonly string[];
  /** Hosts used when the clinic lists none; `*.example.com` allows subdomains (not the bare host). */
  readonly defaultHosts: readonly string[];
}

const providers = new Map<string, VideoProvider>();

/** Adds (or replaces) a video provider. */
export function registerVideoProvider(provider: VideoProvider): void {
  providers.set(provider.kind, provider);
}

registerVideoProvider({
  kind: 'zoom',
  appSchemes: ['zoommtg:', 'zoomus:'],
  defaultHosts: ['zoom.us', '*.zoom.us'],
});
registerVideoProvider({kind: 'jitsi', appSchemes: ['org.jitsi.meet:'], defaultHosts: ['meet.jit.si']});
registerVideoProvider({kind: 'url', appSchemes: [], defaultHosts: []});

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
