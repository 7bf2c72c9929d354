/**
 * What an element needs from its backend before it can show anything: the clinic, the backend's
 * capabilities and how far the server's clock is from this device's — loaded once per element and
 * backend through `@lit/task`, aborted when the element leaves the page (and asked again if it
 * comes back before the answer arrived).
 */
import type {ReactiveController, ReactiveControllerHost} from 'lit';
import {isAbortError, type Capabilities, type PortalAdapter} from '../adapters/adapter.js';
import type {Clinic} from '../domain/types.js';
import type {Clock} from './clock.js';

export interface ClinicSetup {
  readonly clinic: Clinic;
  readonly caps: Capabilities;
  /** Server clock minus this device's clock (ms); 0 when the element did not ask for the time. */
  readonly serverOffset: number;
}

export interface ClinicSetupOptions<More extends object> {
  /** The adapter to load from, once usable (undefined: nothing to load). */
  readonly adapter: () => PortalAdapter | undefined;
  /** Also measure the server clock's offset (default true). */
  readonly serverTime?: boolean;
  /** More the element needs before it can start (the booking widget's catalog), loaded alongside. */
  readonly more?: (adapter: PortalAdapter, signal: AbortSignal) => Promise<More>;
  /** Called once the setup arrived (after {@link ClinicSetupController.value} is set). */
  readonly onReady?: (setup: ClinicSetup & More) => void;
  /** Called when loading failed (never for an abort). */
  readonly onError?: (error: unknown) => void;
}

export class ClinicSetupController<More extends object = object> implements ReactiveController {
  /** Why the last load failed (never an abort). */
  error?: unknown;
  private loaded?: {readonly adapter: PortalAdapter; readonly setup: ClinicSetup & More};
  /** The adapter the current (or last) load is for. */
  private adapter?: PortalAdapter;
  /** The load in flight. */
  private inFlight?: AbortController;
  private interrupted = false;

  constructor(
    private readonly host: ReactiveControllerHost & {readonly clock: Clock},
    private readonly options: ClinicSetupOptions<More>,
  ) {
    host.addController(this);
  }

  /** The loaded setup, while it belongs to the adapter in use. */
  get value(): (ClinicSetup & More) | undefined {
    const l = this.loaded;
    return l && l.adapter === this.options.adapter() ? l.setup : undefined;
  }

  /** Still loading. */
  get pending(): boolean {
    return this.inFlight !== undefined;
  }

  /** The server's clock now (the device's clock plus the measured offset). */
  get serverNow(): number {
    return this.host.clock.now() + (this.value?.serverOffset ?? 0);
  }

  /** Loads again (a "Try again" button). */
  retry(): void {
    void this.run();
  }

  /** Before each render: a new adapter is loaded from (the last one's load is aborted). */
  hostUpdate(): void {
    const adapter = this.options.adapter();
    if (adapter !== this.adapter) {
      this.adapter = adapter;
      void this.run();
    }
  }

  hostConnected(): void {
    // Back on the page after a disconnect aborted a load: ask again.
    if (this.interrupted) {
      this.interrupted = false;
      void this.run();
    }
  }

  hostDisconnected(): void {
    if (this.inFlight) {
      this.interrupted = true;
      this.inFlight.abort();
      this.inFlight = undefined;
    }
  }

  private async run(): Promise<void> {
    this.inFlight?.abort();
    this.inFlight = this.loaded = this.error = undefined;
    const {host, options} = this;
    const adapter = this.adapter;
    if (!adapter) return;
    const current = (this.inFlight = new AbortController());
    const signal = current.signal;
    host.requestUpdate();
    try {
      const o = {signal};
      const sentAt = host.clock.now();
      const [clinic, caps, time, more] = await Promise.all([
        adapter.getClinic(o),
        adapter.getCapabilities(o),
        options.serverTime === false ? undefined : adapter.getServerTime(o),
        options.more?.(adapter, signal),
      ]);
      if (this.inFlight !== current) return;
      const serverOffset = time ? Date.parse(time.now) - (sentAt + host.clock.now()) / 2 : 0;
      const setup = {...(more as More), clinic, caps, serverOffset};
      this.loaded = {adapter, setup};
      this.inFlight = undefined;
      options.onReady?.(setup);
    } catch (e) {
      // Superseded or aborted (a newer load, the element left the page): not an error.
      if (this.inFlight !== current || isAbortError(e)) return;
      this.inFlight = undefined;
      this.error = e;
      options.onError?.(e);
    }
    host.requestUpdate();
  }
}
