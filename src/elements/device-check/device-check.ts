import {html, nothing, svg, type TemplateResult} from 'lit';
import {property, state} from 'lit/decorators.js';
import {msg, str} from '@lit/localize';
import {isAbortError} from '../../adapters/adapter.js';
import {elementStyles, tokens} from '../../styles/tokens.js';
import {PortalElement} from '../base/portal-element.js';
import {
  HEARD_LEVEL,
  LevelMeter,
  browserEnvironment,
  canChooseSpeakers,
  connectionQuality,
  listDevices,
  median,
  mediaProblem,
  openMedia,
  playTestSound,
  stopStream,
  supportProblem,
  trackDeviceId,
  trackLabel,
  type DeviceLists,
  type MediaEnvironment,
  type MediaProblem,
} from '../../telehealth/media-check.js';
import {styles} from './device-check.styles.js';

/** One check's outcome, as the patient reads it and as the host receives it. */
export type CheckResult = 'not-checked' | 'checking' | 'pass' | 'warn' | 'fail';

export interface DeviceCheckResults {
  readonly browser: CheckResult;
  readonly camera: CheckResult;
  readonly microphone: CheckResult;
  readonly speakers: CheckResult;
  readonly connection: CheckResult;
}

/** What the patient chose, for the video provider (or to name in the call). */
export interface DeviceChoices {
  /** Join with the microphone on. */
  readonly audio: boolean;
  /** Join with the camera on. */
  readonly video: boolean;
  readonly camera?: string;
  readonly microphone?: string;
  readonly speakers?: string;
}

/** Fired whenever a check finishes: the results only (no device names, nothing about the patient). */
export class PortalDeviceCheckEvent extends Event {
  static readonly type = 'portal-device-check';
  constructor(readonly results: DeviceCheckResults) {
    super(PortalDeviceCheckEvent.type, {bubbles: true, composed: true});
  }
}

/** Fired when the patient turns the camera or microphone on or off, or picks another device. */
export class PortalDeviceChoicesEvent extends Event {
  static readonly type = 'portal-device-choices';
  constructor(
    readonly audio: boolean,
    readonly video: boolean,
  ) {
    super(PortalDeviceChoicesEvent.type, {bubbles: true, composed: true});
  }
}

type MediaState =
  | {readonly kind: 'idle'}
  | {readonly kind: 'asking'}
  | {readonly kind: 'live'; readonly stream: MediaStream; readonly missing?: 'no-camera' | 'no-microphone'}
  | {readonly kind: 'failed'; readonly problem: MediaProblem};

type SpeakerState = 'idle' | 'playing' | 'asking' | 'heard' | 'not-heard' | 'failed';

type ConnectionState =
  | {readonly kind: 'idle'}
  | {readonly kind: 'checking'}
  | {readonly kind: 'done'; readonly ms: number}
  | {readonly kind: 'failed'};

/** Seconds of silence after which we say we can't hear the patient. */
const SILENCE_WARNING_MS = 10_000;

const icon = (body: TemplateResult) =>
  html`<svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">${body}</svg>`;
const ICONS: Readonly<Record<CheckResult, TemplateResult>> = {
  'not-checked': icon(svg`<circle cx="12" cy="12" r="8" />`),
  checking: icon(svg`<circle cx="12" cy="12" r="8" stroke-dasharray="4 4" />`),
  pass: icon(svg`<circle cx="12" cy="12" r="9" /><path d="m7.5 12.5 3 3 6-7" />`),
  warn: icon(svg`<path d="M12 3 2 21h20L12 3z" /><path d="M12 10v5M12 18v.5" />`),
  fail: icon(svg`<circle cx="12" cy="12" r="9" /><path d="m8.5 8.5 7 7M15.5 8.5l-7 7" />`),
};

function resultWord(result: CheckResult): string {
  switch (result) {
    case 'not-checked':
      return msg('Not checked yet', {id: 'dc-result-not-checked'});
    case 'checking':
      return msg('Checking…', {id: 'dc-result-checking'});
    case 'pass':
      return msg('Ready', {id: 'dc-result-pass'});
    case 'warn':
      return msg('Needs attention', {id: 'dc-result-warn'});
    case 'fail':
      return msg('Not working', {id: 'dc-result-fail'});
  }
}

/**
 * The device and system check before a video visit — also usable on its own (onboarding, a
 * clinic's "test your device" page). Four checks, each with a plain result in words and icon and
 * what to do next:
 *
 * 1. **Browser**: a secure page, camera and microphone access, WebRTC.
 * 2. **Camera and microphone**: one permission prompt (on the patient's click), a live preview and
 *    a level meter, camera and microphone on/off, and a choice of devices. Blocked permission, no
 *    camera (sound only), no devices at all, and a device busy in another app are each explained.
 * 3. **Speakers**: a test sound on the chosen speakers, and "Did you hear it?".
 * 4. **Connection**: round trips to the clinic's backend (needs an adapter; skipped without one).
 *
 * The preview stays in the page — nothing is recorded or sent — and the camera and microphone are
 * released when the element leaves the page or `stop()` is called (before joining a call, so the
 * video app can use them). `choices` tells the host what to hand to the video provider.
 *
 * @summary Camera, microphone, speakers and connection check before a video visit.
 * @csspart check - Each check's row (also `check-browser`, `check-media`, `check-speakers`, `check-connection`).
 * @csspart result - A check's result (icon and word).
 * @csspart preview - The camera preview.
 * @csspart meter - The microphone level meter.
 * @csspart button - Every button (also `allow-button`, `camera-toggle`, `microphone-toggle`, `sound-button`, `retry-button`).
 * @csspart select - The device choices.
 * @csspart summary - The overall result.
 * @fires {PortalDeviceCheckEvent} portal-device-check - A check finished (`results`).
 * @fires {PortalDeviceChoicesEvent} portal-device-choices - Camera or microphone turned on or off, or another device chosen (`audio`, `video`).
 * @tagname device-check
 */
export class DeviceCheck extends PortalElement {
  static override styles = [tokens, elementStyles, styles];

  /** The heading level of the check's title (2–6), to fit the page's outline. */
  @property({type: Number, attribute: 'heading-level'}) headingLevel = 3;

  /** Where the check reads the browser's abilities from (tests and stories pass their own). */
  @property({attribute: false}) environment: MediaEnvironment = browserEnvironment();

  @state() private media: MediaState = {kind: 'idle'};
  @state() private permissionBlocked = false;
  @state() private videoOn = true;
  @state() private audioOn = true;
  @state() private level = 0;
  @state() private heard = false;
  @state() private silent = false;
  @state() private cameraWorks = false;
  @state() private devices: DeviceLists = {cameras: [], microphones: [], speakers: []};
  @state() private speakerId = '';
  @state() private speaker: SpeakerState = 'idle';
  @state() private connection: ConnectionState = {kind: 'idle'};

  private meter?: LevelMeter;
  private silenceTimer?: ReturnType<typeof setTimeout>;
  private connectionController?: AbortController;
  private openSeq = 0;
  private lastResults?: DeviceCheckResults;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.readPermission();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stop();
    this.connectionController?.abort();
  }

  protected override backendChanged(): void {
    if (this.isConnected) void this.checkConnection();
  }

  protected override updated(): void {
    // The preview's stream is set once per stream: Lit re-sets an object-valued property binding on
    // every render, and each assignment restarts the video (black frames, a paused preview).
    const video = this.renderRoot.querySelector('video');
    const stream = this.media.kind === 'live' ? this.media.stream : null;
    if (video && video.srcObject !== stream) video.srcObject = stream;
    const results = this.results;
    const before = this.lastResults;
    this.lastResults = results;
    if (!before) return;
    const finished = (Object.keys(results) as (keyof DeviceCheckResults)[]).some(
      (k) => results[k] !== before[k] && ['pass', 'warn', 'fail'].includes(results[k]),
    );
    const event = new PortalDeviceCheckEvent(results); // not inline: see PortalElement.reportError
    if (finished) this.dispatchEvent(event);
  }

  /** Each check's result. */
  get results(): DeviceCheckResults {
    const support = supportProblem(this.environment);
    const m = this.media;
    /** One device's result: the shared states of the media request, then what the live device showed. */
    const device = (missing: 'no-camera' | 'no-microphone', live: CheckResult): CheckResult =>
      support || m.kind === 'failed'
        ? 'fail'
        : m.kind === 'asking'
          ? 'checking'
          : m.kind === 'live'
            ? m.missing === missing
              ? 'fail'
              : live
            : 'not-checked';
    const camera = device('no-camera', this.cameraWorks ? 'pass' : 'checking');
    const microphone = device('no-microphone', this.heard ? 'pass' : this.silent ? 'warn' : 'checking');
    const s = this.speaker;
    const speakers: CheckResult =
      s === 'heard'
        ? 'pass'
        : s === 'not-heard'
          ? 'warn'
          : s === 'failed'
            ? 'fail'
            : s === 'idle'
              ? 'not-checked'
              : 'checking';
    const c = this.connection;
    const connection: CheckResult =
      c.kind === 'done'
        ? connectionQuality(c.ms) === 'good'
          ? 'pass'
          : 'warn'
        : c.kind === 'failed'
          ? 'fail'
          : c.kind === 'checking'
            ? 'checking'
            : 'not-checked';
    return {browser: support ? 'fail' : 'pass', camera, microphone, speakers, connection};
  }

  /** What to hand the video provider: audio/video on or off and the chosen devices' names. */
  get choices(): DeviceChoices {
    const stream = this.media.kind === 'live' ? this.media.stream : undefined;
    const speaker = this.devices.speakers.find((d) => d.deviceId === this.speakerId);
    return {
      audio: this.audioOn,
      video: this.videoOn,
      camera: trackLabel(stream, 'video'),
      microphone: trackLabel(stream, 'audio'),
      speakers: speaker?.label || undefined,
    };
  }

  /** Releases the camera and microphone (the preview ends). */
  stop(): void {
    this.openSeq++;
    this.meter?.stop();
    this.meter = undefined;
    clearTimeout(this.silenceTimer);
    if (this.media.kind === 'live') {
      stopStream(this.media.stream);
      this.media = {kind: 'idle'};
    } else if (this.media.kind === 'asking') {
      this.media = {kind: 'idle'};
    }
    this.level = 0;
  }

  private async readPermission() {
    const read = this.environment.permission;
    if (!read) return;
    const [camera, microphone] = await Promise.all([read('camera'), read('microphone')]);
    this.permissionBlocked = camera === 'denied' || microphone === 'denied';
  }

  // ------------------------------------------------------------------------------------------
  // Camera and microphone

  private async startMedia(choice: {cameraId?: string; microphoneId?: string} = {}) {
    const seq = ++this.openSeq;
    this.meter?.stop();
    this.meter = undefined;
    clearTimeout(this.silenceTimer);
    if (this.media.kind === 'live') stopStream(this.media.stream);
    this.media = {kind: 'asking'};
    this.cameraWorks = false;
    this.heard = false;
    this.silent = false;
    this.level = 0;
    try {
      const opened = await openMedia(this.environment, choice);
      if (seq !== this.openSeq) {
        stopStream(opened.stream);
        return;
      }
      for (const track of opened.stream.getTracks()) {
        track.enabled = track.kind === 'video' ? this.videoOn : this.audioOn;
        track.addEventListener('ended', () => {
          if (this.media.kind === 'live' && this.media.stream === opened.stream)
            this.media = {kind: 'failed', problem: 'device-gone'};
        });
      }
      this.permissionBlocked = false;
      this.media = {kind: 'live', stream: opened.stream, missing: opened.missing};
      this.devices = await listDevices(this.environment);
      this.fireChoices();
      if (opened.stream.getAudioTracks().length > 0) this.startMeter(opened.stream);
      this.announce(this.mediaAnnouncement());
    } catch (error) {
      if (seq !== this.openSeq) return;
      const problem = mediaProblem(error);
      this.media = {kind: 'failed', problem};
      if (problem === 'denied') this.permissionBlocked = true;
      this.announce(this.problemText(problem), 'assertive');
    }
  }

  private startMeter(stream: MediaStream) {
    try {
      this.meter = new LevelMeter(stream, (level) => {
        const shown = this.audioOn ? level : 0;
        if (Math.abs(shown - this.level) > 0.02) this.level = shown;
        if (shown >= HEARD_LEVEL && !this.heard) {
          this.heard = true;
          this.silent = false;
          clearTimeout(this.silenceTimer);
          this.announce(msg('We can hear you. Your microphone works.', {id: 'dc-mic-heard'}));
        }
      });
    } catch {
      // No Web Audio: the microphone still works in the call; we just can't show its level.
      this.silent = true;
      return;
    }
    this.silenceTimer = setTimeout(() => {
      if (!this.heard) this.silent = true;
    }, SILENCE_WARNING_MS);
  }

  private mediaAnnouncement(): string {
    const m = this.media;
    if (m.kind !== 'live') return '';
    if (m.missing === 'no-camera')
      return msg('No camera was found. You can still join with sound only.', {id: 'dc-announce-no-camera'});
    if (m.missing === 'no-microphone')
      return msg('No microphone was found.', {id: 'dc-announce-no-microphone'});
    return msg('Your camera and microphone are on. Say something to test the microphone.', {
      id: 'dc-announce-live',
    });
  }

  private toggle(kind: 'audio' | 'video') {
    if (kind === 'video') this.videoOn = !this.videoOn;
    else this.audioOn = !this.audioOn;
    const on = kind === 'video' ? this.videoOn : this.audioOn;
    if (this.media.kind === 'live') {
      for (const track of this.media.stream.getTracks()) if (track.kind === kind) track.enabled = on;
    }
    if (kind === 'audio' && !on) this.level = 0;
    this.fireChoices();
  }

  private fireChoices() {
    const event = new PortalDeviceChoicesEvent(this.audioOn, this.videoOn); // see PortalElement.reportError
    this.dispatchEvent(event);
  }

  private chooseDevice(kind: 'camera' | 'microphone', id: string) {
    const stream = this.media.kind === 'live' ? this.media.stream : undefined;
    void this.startMedia({
      cameraId: kind === 'camera' ? id : trackDeviceId(stream, 'video'),
      microphoneId: kind === 'microphone' ? id : trackDeviceId(stream, 'audio'),
    });
  }

  private onPreviewData(e: Event) {
    const video = e.target as HTMLVideoElement;
    if (video.videoWidth > 0 && !this.cameraWorks) this.cameraWorks = true;
  }

  // ------------------------------------------------------------------------------------------
  // Speakers and connection

  private async playSound() {
    this.speaker = 'playing';
    try {
      await playTestSound(this.speakerId || undefined);
      this.speaker = 'asking';
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[data-focus="heard-question"]')?.focus();
    } catch {
      this.speaker = 'failed';
    }
  }

  private answerSound(heard: boolean) {
    this.speaker = heard ? 'heard' : 'not-heard';
    this.announce(
      heard
        ? msg('Your speakers work.', {id: 'dc-speakers-ok-announce'})
        : msg('Your speakers need attention. See what to try below the question.', {
            id: 'dc-speakers-bad-announce',
          }),
    );
  }

  private async checkConnection() {
    const adapter = this.resolvedAdapter;
    this.connectionController?.abort();
    if (!adapter || this.backendState.status !== 'ready') {
      this.connection = {kind: 'idle'};
      return;
    }
    const controller = new AbortController();
    this.connectionController = controller;
    this.connection = {kind: 'checking'};
    try {
      const times: number[] = [];
      for (let i = 0; i < 3; i++) times.push(await adapter.checkConnection({signal: controller.signal}));
      if (!controller.signal.aborted) this.connection = {kind: 'done', ms: Math.round(median(times))};
    } catch (error) {
      if (isAbortError(error) || controller.signal.aborted) return;
      this.connection = {kind: 'failed'};
    }
  }

  // ------------------------------------------------------------------------------------------
  // Rendering

  private problemText(problem: MediaProblem): string {
    switch (problem) {
      case 'denied':
        return msg(
          'Your browser is blocking the camera and microphone for this page. Select the camera or padlock icon next to the web address, allow the camera and microphone, then select “Try again”. On an iPhone or iPad: Settings › Safari › Camera › Allow, and the same for Microphone.',
          {id: 'dc-problem-denied'},
        );
      case 'no-devices':
        return msg(
          'No camera or microphone was found. Connect one (headphones with a microphone work), then select “Try again”. If you can’t, call the clinic: they can see you by phone.',
          {id: 'dc-problem-no-devices'},
        );
      case 'no-camera':
        return msg(
          'No camera was found. You can still join with sound only, or connect a camera and try again.',
          {
            id: 'dc-problem-no-camera',
          },
        );
      case 'no-microphone':
        return msg(
          'No microphone was found. Connect one (headphones with a microphone work), then select “Try again”.',
          {id: 'dc-problem-no-microphone'},
        );
      case 'in-use':
        return msg(
          'Another app is using your camera or microphone. Close other video apps (Zoom, Teams, FaceTime…), then select “Try again”.',
          {id: 'dc-problem-in-use'},
        );
      case 'device-gone':
        return msg('Your camera or microphone was disconnected. Connect it again, then select “Try again”.', {
          id: 'dc-problem-device-gone',
        });
      case 'unknown':
        return msg(
          'Your camera and microphone couldn’t be started. Restart your browser, then select “Try again”.',
          {
            id: 'dc-problem-unknown',
          },
        );
    }
  }

  private renderResult(result: CheckResult) {
    return html`<span class="result ${result}" part="result result-${result}"
      >${ICONS[result]}<span>${resultWord(result)}</span></span
    >`;
  }

  private renderRow(
    id: string,
    title: string,
    result: CheckResult,
    body: TemplateResult | typeof nothing,
  ): TemplateResult {
    return html`<li class="check ${result}" part="check check-${id}" aria-labelledby="${id}-title">
      <div class="check-head">
        <span class="check-title" id="${id}-title">${title}</span>
        ${this.renderResult(result)}
      </div>
      ${body}
    </li>`;
  }

  private renderBrowser(result: CheckResult) {
    const problem = supportProblem(this.environment);
    const text = !problem
      ? msg('This browser can make video calls.', {id: 'dc-browser-ok'})
      : problem === 'insecure'
        ? msg(
            'This page isn’t secure (no https), so the browser won’t share your camera. Open the clinic’s page at its https address.',
            {id: 'dc-browser-insecure'},
          )
        : msg(
            'This browser can’t make video calls. Open this page in a current version of Chrome, Edge, Firefox or Safari, or use the video app.',
            {id: 'dc-browser-unsupported'},
          );
    return this.renderRow(
      'browser',
      msg('Browser', {id: 'dc-browser'}),
      result,
      html`<p class="detail">${text}</p>`,
    );
  }

  private renderMediaBody(): TemplateResult {
    if (supportProblem(this.environment)) {
      return html`<p class="detail">
        ${msg('Not available in this browser.', {id: 'dc-media-unavailable'})}
      </p>`;
    }
    const m = this.media;
    if (m.kind === 'idle' || m.kind === 'asking') {
      return html`${
          this.permissionBlocked
            ? html`<p class="detail problem">${this.problemText('denied')}</p>`
            : html`<p class="detail">
                ${msg(
                  'Your browser will ask to use the camera and microphone. You will see and hear yourself here; nothing is recorded or sent.',
                  {id: 'dc-media-intro'},
                )}
              </p>`
        }
        <button
          class="primary"
          part="button allow-button"
          ?disabled=${m.kind === 'asking'}
          @click=${() => void this.startMedia()}
        >
          ${
            m.kind === 'asking'
              ? msg('Waiting for your permission…', {id: 'dc-media-asking'})
              : this.permissionBlocked
                ? msg('Try again', {id: 'dc-try-again'})
                : msg('Allow camera and microphone', {id: 'dc-media-allow'})
          }
        </button>`;
    }
    if (m.kind === 'failed') {
      return html`<p class="detail problem" role="alert">${this.problemText(m.problem)}</p>
        <button part="button retry-button" @click=${() => void this.startMedia()}>
          ${msg('Try again', {id: 'dc-try-again'})}
        </button>`;
    }
    const hasVideo = m.stream.getVideoTracks().length > 0;
    const hasAudio = m.stream.getAudioTracks().length > 0;
    const levelPercent = Math.round(this.level * 100);
    return html`<div class="media">
      ${
        hasVideo
          ? html`<div class="preview-box">
              <video
                part="preview"
                class=${this.videoOn ? '' : 'off'}
                .muted=${true}
                autoplay
                playsinline
                aria-label=${msg('Your camera preview', {id: 'dc-preview-label'})}
                @loadeddata=${this.onPreviewData}
                @resize=${this.onPreviewData}
              ></video>
              ${
                this.videoOn
                  ? nothing
                  : html`<p class="preview-off">${msg('Camera off', {id: 'dc-camera-off'})}</p>`
              }
            </div>`
          : html`<p class="detail problem">${this.problemText('no-camera')}</p>`
      }
      <div class="media-controls">
        ${
          hasVideo
            ? html`<button
                part="button camera-toggle"
                aria-pressed=${this.videoOn ? 'true' : 'false'}
                @click=${() => this.toggle('video')}
              >
                ${msg('Camera', {id: 'dc-camera'})}
              </button>`
            : nothing
        }
        ${
          hasAudio
            ? html`<button
                part="button microphone-toggle"
                aria-pressed=${this.audioOn ? 'true' : 'false'}
                @click=${() => this.toggle('audio')}
              >
                ${msg('Microphone', {id: 'dc-microphone'})}
              </button>`
            : nothing
        }
      </div>
      ${
        hasAudio
          ? html`<div class="meter-row">
                <label for="level">${msg('Microphone level', {id: 'dc-meter-label'})}</label>
                <meter
                  id="level"
                  part="meter"
                  min="0"
                  max="100"
                  low="20"
                  high="90"
                  optimum="60"
                  value=${levelPercent}
                >
                  ${levelPercent}%
                </meter>
              </div>
              <p class="detail ${this.heard ? 'ok' : this.silent ? 'problem' : ''}">
                ${
                  !this.audioOn
                    ? msg('Your microphone is off. Turn it on to test it.', {id: 'dc-mic-off'})
                    : this.heard
                      ? msg('We can hear you. Your microphone works.', {id: 'dc-mic-heard'})
                      : this.silent
                        ? msg(
                            'We can’t hear you yet. Check that your microphone isn’t muted on your device or headset, or choose another microphone.',
                            {id: 'dc-mic-silent'},
                          )
                        : msg('Say something: the bar moves when we hear you.', {id: 'dc-mic-speak'})
                }
              </p>`
          : html`<p class="detail problem">${this.problemText('no-microphone')}</p>`
      }
      ${
        hasVideo && this.cameraWorks
          ? html`<p class="detail ok">
              ${msg('Your camera works: you should see yourself.', {id: 'dc-camera-ok'})}
            </p>`
          : nothing
      }
      ${this.renderDeviceSelects(m.stream)}
    </div>`;
  }

  private renderDeviceSelects(stream: MediaStream) {
    const {cameras, microphones} = this.devices;
    const cameraId = trackDeviceId(stream, 'video') ?? '';
    const micId = trackDeviceId(stream, 'audio') ?? '';
    const select = (
      id: string,
      label: string,
      list: readonly MediaDeviceInfo[],
      current: string,
      onChange: (value: string) => void,
    ) =>
      list.length > 1
        ? html`<div class="field">
            <label for=${id}>${label}</label>
            <select
              id=${id}
              part="select"
              @change=${(e: Event) => onChange((e.target as HTMLSelectElement).value)}
            >
              ${list.map((d) => html`<option value=${d.deviceId} ?selected=${d.deviceId === current}>${d.label}</option>`)}
            </select>
          </div>`
        : nothing;
    const cameraSelect = select('camera-select', msg('Camera', {id: 'dc-camera'}), cameras, cameraId, (v) =>
      this.chooseDevice('camera', v),
    );
    const micSelect = select(
      'mic-select',
      msg('Microphone', {id: 'dc-microphone'}),
      microphones,
      micId,
      (v) => this.chooseDevice('microphone', v),
    );
    if (cameraSelect === nothing && micSelect === nothing) return nothing;
    return html`<div class="selects">${cameraSelect} ${micSelect}</div>`;
  }

  private renderSpeakers(result: CheckResult) {
    const s = this.speaker;
    const speakers = canChooseSpeakers() ? this.devices.speakers : [];
    return this.renderRow(
      'speakers',
      msg('Speakers', {id: 'dc-speakers'}),
      result,
      html`${
        speakers.length > 1
          ? html`<div class="field">
              <label for="speaker-select">${msg('Play sound on', {id: 'dc-speaker-select'})}</label>
              <select
                id="speaker-select"
                part="select"
                @change=${(e: Event) => (this.speakerId = (e.target as HTMLSelectElement).value)}
              >
                ${speakers.map(
                  (d) =>
                    html`<option value=${d.deviceId} ?selected=${d.deviceId === this.speakerId}>
                      ${d.label}
                    </option>`,
                )}
              </select>
            </div>`
          : nothing
      }
      ${
        s === 'asking'
          ? html`<div class="question" role="group" aria-labelledby="heard-question">
              <p id="heard-question" tabindex="-1" data-focus="heard-question">
                ${msg('Did you hear the sound?', {id: 'dc-heard-question'})}
              </p>
              <div class="actions">
                <button part="button" @click=${() => this.answerSound(true)}>
                  ${msg('Yes, I heard it', {id: 'dc-heard-yes'})}
                </button>
                <button part="button" @click=${() => this.answerSound(false)}>
                  ${msg('No', {id: 'dc-heard-no'})}
                </button>
              </div>
            </div>`
          : html`<p
                class="detail ${s === 'heard' ? 'ok' : s === 'not-heard' || s === 'failed' ? 'problem' : ''}"
              >
                ${
                  s === 'heard'
                    ? msg('Your speakers work.', {id: 'dc-speakers-ok'})
                    : s === 'not-heard'
                      ? msg(
                          'Turn up the volume, check that sound isn’t muted, or plug in headphones. Then play the sound again.',
                          {id: 'dc-speakers-not-heard'},
                        )
                      : s === 'failed'
                        ? msg('The test sound couldn’t be played in this browser.', {
                            id: 'dc-speakers-failed',
                          })
                        : msg('Play a short sound to check that you will hear the clinic.', {
                            id: 'dc-speakers-intro',
                          })
                }
              </p>
              <button
                part="button sound-button"
                ?disabled=${s === 'playing'}
                @click=${() => void this.playSound()}
              >
                ${
                  s === 'playing'
                    ? msg('Playing…', {id: 'dc-sound-playing'})
                    : s === 'idle'
                      ? msg('Play a test sound', {id: 'dc-sound-play'})
                      : msg('Play it again', {id: 'dc-sound-again'})
                }
              </button>`
      }`,
    );
  }

  private renderConnection(result: CheckResult) {
    const c = this.connection;
    const text =
      c.kind === 'done'
        ? connectionQuality(c.ms) === 'good'
          ? msg(str`Your connection to the clinic is good (${c.ms} ms).`, {id: 'dc-connection-good'})
          : msg(
              str`Your connection is slow (${c.ms} ms). Move closer to your Wi-Fi router, or pause downloads and other videos.`,
              {id: 'dc-connection-slow'},
            )
        : c.kind === 'failed'
          ? msg('We couldn’t reach the clinic. Check that you are connected to the internet.', {
              id: 'dc-connection-failed',
            })
          : c.kind === 'checking'
            ? msg('Checking your connection to the clinic…', {id: 'dc-connection-checking'})
            : msg('The connection is checked once the clinic’s service is available.', {
                id: 'dc-connection-idle',
              });
    return this.renderRow(
      'connection',
      msg('Connection', {id: 'dc-connection'}),
      result,
      html`<p
          class="detail ${result === 'pass' ? 'ok' : result === 'warn' || result === 'fail' ? 'problem' : ''}"
        >
          ${text}
        </p>
        ${
          c.kind === 'done' || c.kind === 'failed'
            ? html`<button part="button retry-button" @click=${() => void this.checkConnection()}>
                ${msg('Check again', {id: 'dc-connection-again'})}
              </button>`
            : nothing
        }`,
    );
  }

  /** The camera-and-microphone row: sound only (no camera) still lets the patient join. */
  private mediaRowResult(results: DeviceCheckResults): CheckResult {
    const {camera, microphone} = results;
    const soundOnly = this.media.kind === 'live' && this.media.missing === 'no-camera';
    if (soundOnly && microphone !== 'fail') return microphone === 'checking' ? 'checking' : 'warn';
    if (camera === 'fail' || microphone === 'fail') return 'fail';
    if (camera === 'pass' && microphone === 'pass') return 'pass';
    if (microphone === 'warn') return 'warn';
    if (camera === 'checking' || microphone === 'checking') return 'checking';
    return 'not-checked';
  }

  private renderSummary(results: DeviceCheckResults) {
    const values: CheckResult[] = [
      results.browser,
      this.mediaRowResult(results),
      results.speakers,
      results.connection,
    ];
    const attention = values.filter((r) => r === 'warn' || r === 'fail').length;
    const pending = values.filter((r) => r === 'not-checked' || r === 'checking').length;
    const text =
      attention > 0
        ? attention === 1
          ? msg('1 check needs attention. You can still join; the clinic can help by phone.', {
              id: 'dc-summary-one',
            })
          : msg(str`${attention} checks need attention. You can still join; the clinic can help by phone.`, {
              id: 'dc-summary-some',
            })
        : pending > 0
          ? msg('Finish the checks above to know you’re ready.', {id: 'dc-summary-pending'})
          : msg('All checks passed. You’re ready for your video visit.', {id: 'dc-summary-ready'});
    return html`<p class="summary ${attention > 0 ? 'problem' : pending > 0 ? '' : 'ok'}" part="summary">
      ${text}
    </p>`;
  }

  override render() {
    const results = this.results;
    return html`<section class="device-check" aria-labelledby="dc-title">
      <div class="title" id="dc-title" role="heading" aria-level=${this.headingLevel} tabindex="-1">
        ${msg('Check your camera, microphone and connection', {id: 'dc-title'})}
      </div>
      <ol class="checks">
        ${this.renderBrowser(results.browser)}
        ${this.renderRow(
          'media',
          msg('Camera and microphone', {id: 'dc-media'}),
          this.mediaRowResult(results),
          this.renderMediaBody(),
        )}
        ${this.renderSpeakers(results.speakers)} ${this.renderConnection(results.connection)}
      </ol>
      ${this.renderSummary(results)}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'device-check': DeviceCheck;
  }
  interface HTMLElementEventMap {
    'portal-device-check': PortalDeviceCheckEvent;
    'portal-device-choices': PortalDeviceChoicesEvent;
  }
}
