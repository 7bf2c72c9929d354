/**
 * The browser side of the device check: what this browser supports, opening the camera and
 * microphone (and saying plainly why not), measuring the microphone's level, playing a test sound
 * on the chosen speakers, and timing round trips to the backend. No element code here, so it is
 * tested on its own and the element stays about what the patient sees.
 *
 * Nothing is recorded or sent anywhere: the preview and the level stay in the page, and every track
 * is stopped when the check ends.
 */

/** The parts of `navigator` the check uses; tests and stories pass their own. */
export interface MediaEnvironment {
  readonly secureContext: boolean;
  readonly webrtc: boolean;
  readonly mediaDevices?: Pick<MediaDevices, 'getUserMedia' | 'enumerateDevices'>;
  /** Reads a permission without asking (`granted`, `denied`, `prompt`), where the browser can. */
  readonly permission?: (name: 'camera' | 'microphone') => Promise<PermissionState | undefined>;
}

export function browserEnvironment(): MediaEnvironment {
  const nav = globalThis.navigator;
  return {
    secureContext: globalThis.isSecureContext === true,
    webrtc: typeof globalThis.RTCPeerConnection === 'function',
    mediaDevices: typeof nav?.mediaDevices?.getUserMedia === 'function' ? nav.mediaDevices : undefined,
    permission: async (name) => {
      try {
        return (await nav.permissions.query({name: name as PermissionName})).state;
      } catch {
        return undefined;
      }
    },
  };
}

export type SupportProblem = 'insecure' | 'no-media' | 'no-webrtc';

/** Why this browser can't make a video call, or undefined when it can. */
export function supportProblem(env: MediaEnvironment): SupportProblem | undefined {
  if (!env.secureContext) return 'insecure';
  if (!env.mediaDevices) return 'no-media';
  if (!env.webrtc) return 'no-webrtc';
  return undefined;
}

/** What went wrong opening the camera or microphone, in the patient's terms. */
export type MediaProblem =
  'denied' | 'no-devices' | 'no-camera' | 'no-microphone' | 'in-use' | 'device-gone' | 'unknown';

export function mediaProblem(error: unknown): MediaProblem {
  const name = (error as {name?: unknown} | null)?.name;
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
    case 'PermissionDeniedError':
      return 'denied';
    case 'NotFoundError':
    case 'DevicesNotFoundError':
      return 'no-devices';
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return 'in-use';
    case 'OverconstrainedError':
      return 'device-gone';
    default:
      return 'unknown';
  }
}

export interface OpenedMedia {
  readonly stream: MediaStream;
  /** A device kind that was not found while the other works (`no-camera`: sound only). */
  readonly missing?: 'no-camera' | 'no-microphone';
}

export interface DeviceChoice {
  readonly cameraId?: string;
  readonly microphoneId?: string;
}

function constraint(id: string | undefined): MediaTrackConstraints | boolean {
  return id ? {deviceId: {exact: id}} : true;
}

/**
 * Opens camera and microphone together (one permission prompt). When the device has only one of
 * them, opens that one and says which is missing; any other failure rejects with the browser's
 * error (see {@link mediaProblem}).
 */
export async function openMedia(env: MediaEnvironment, choice: DeviceChoice = {}): Promise<OpenedMedia> {
  const devices = env.mediaDevices;
  if (!devices) throw new DOMException('No media devices', 'NotSupportedError');
  const video = constraint(choice.cameraId);
  const audio = constraint(choice.microphoneId);
  try {
    return {stream: await devices.getUserMedia({video, audio})};
  } catch (error) {
    if (mediaProblem(error) !== 'no-devices') throw error;
  }
  // One of the two is missing: which one?
  try {
    return {stream: await devices.getUserMedia({audio}), missing: 'no-camera'};
  } catch (error) {
    if (mediaProblem(error) !== 'no-devices') throw error;
  }
  return {stream: await devices.getUserMedia({video}), missing: 'no-microphone'};
}

export function stopStream(stream: MediaStream | undefined): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}

export interface DeviceLists {
  readonly cameras: readonly MediaDeviceInfo[];
  readonly microphones: readonly MediaDeviceInfo[];
  readonly speakers: readonly MediaDeviceInfo[];
}

/** The devices the patient can choose from (named once permission is granted). */
export async function listDevices(env: MediaEnvironment): Promise<DeviceLists> {
  const all = (await env.mediaDevices?.enumerateDevices().catch(() => [])) ?? [];
  const named = (kind: MediaDeviceKind) => all.filter((d) => d.kind === kind && d.deviceId && d.label);
  return {cameras: named('videoinput'), microphones: named('audioinput'), speakers: named('audiooutput')};
}

/** The label of the device a stream's track of `kind` uses. */
export function trackLabel(stream: MediaStream | undefined, kind: 'audio' | 'video'): string | undefined {
  const track = stream?.getTracks().find((t) => t.kind === kind);
  return track?.label || undefined;
}

/** The device id a stream's track of `kind` uses. */
export function trackDeviceId(stream: MediaStream | undefined, kind: 'audio' | 'video'): string | undefined {
  const track = stream?.getTracks().find((t) => t.kind === kind);
  const id = track?.getSettings().deviceId;
  return typeof id === 'string' && id ? id : undefined;
}

/** RMS of a block of samples, 0…1. */
export function rms(samples: ArrayLike<number>): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += samples[i]! * samples[i]!;
  return Math.sqrt(sum / samples.length);
}

/**
 * A level for the meter, 0…1, from an RMS value: speech sits around 0.02–0.2 RMS, so the scale is
 * logarithmic (−50 dBFS reads 0, −10 dBFS and above read 1).
 */
export function meterLevel(value: number): number {
  if (!(value > 0)) return 0;
  const db = 20 * Math.log10(value);
  return Math.min(1, Math.max(0, (db + 50) / 40));
}

/** The meter level above which we say "we can hear you". */
export const HEARD_LEVEL = 0.35;

/**
 * Follows a stream's microphone level, calling `onLevel` about ten times a second with 0…1.
 * `stop()` releases the audio graph.
 */
export class LevelMeter {
  private readonly context: AudioContext;
  private readonly analyser: AnalyserNode;
  private readonly source: MediaStreamAudioSourceNode;
  private readonly buffer: Float32Array<ArrayBuffer>;
  private timer?: ReturnType<typeof setInterval>;

  constructor(stream: MediaStream, onLevel: (level: number) => void) {
    this.context = new AudioContext();
    this.source = this.context.createMediaStreamSource(stream);
    this.analyser = this.context.createAnalyser();
    this.analyser.fftSize = 2048;
    this.buffer = new Float32Array(this.analyser.fftSize);
    this.source.connect(this.analyser);
    void this.context.resume().catch(() => undefined);
    this.timer = setInterval(() => {
      this.analyser.getFloatTimeDomainData(this.buffer);
      onLevel(meterLevel(rms(this.buffer)));
    }, 100);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.source.disconnect();
    void this.context.close().catch(() => undefined);
  }
}

/** Whether sound can be sent to a chosen output device in this browser. */
export function canChooseSpeakers(): boolean {
  return typeof AudioContext !== 'undefined' && 'setSinkId' in AudioContext.prototype;
}

/**
 * Plays a short two-note chime (about 1.2 s) on the chosen speakers, or the default ones.
 * Resolves when it has finished.
 */
export async function playTestSound(speakerId?: string): Promise<void> {
  const context = new AudioContext();
  try {
    const withSink = context as AudioContext & {setSinkId?: (id: string) => Promise<void>};
    if (speakerId && withSink.setSinkId) await withSink.setSinkId(speakerId);
    await context.resume();
    const gain = context.createGain();
    gain.connect(context.destination);
    const start = context.currentTime + 0.05;
    const notes: [number, number][] = [
      [660, start],
      [880, start + 0.45],
    ];
    for (const [frequency, at] of notes) {
      const osc = context.createOscillator();
      osc.type = 'sine';
      osc.frequency.value = frequency;
      osc.connect(gain);
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.5, at + 0.03);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.6);
      osc.start(at);
      osc.stop(at + 0.65);
    }
    await new Promise((resolve) => setTimeout(resolve, 1200));
  } finally {
    await context.close().catch(() => undefined);
  }
}

/** How the connection to the clinic's backend looks, from the median of a few round trips. */
export type ConnectionQuality = 'good' | 'slow';

export const SLOW_CONNECTION_MS = 1000;

export function connectionQuality(medianMs: number): ConnectionQuality {
  return medianMs <= SLOW_CONNECTION_MS ? 'good' : 'slow';
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
