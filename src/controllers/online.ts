/** Whether the browser is online, kept current while the element is on the page. */
import type {ReactiveController, ReactiveControllerHost} from 'lit';

const onLine = () => typeof navigator === 'undefined' || navigator.onLine !== false;

export class OnlineController implements ReactiveController {
  online = onLine();

  /** `changed` hears every `online`/`offline` event, with whether the browser was online before. */
  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly changed?: (online: boolean, wasOnline: boolean) => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.online = onLine();
    addEventListener('online', this);
    addEventListener('offline', this);
  }

  hostDisconnected(): void {
    removeEventListener('online', this);
    removeEventListener('offline', this);
  }

  handleEvent(e: Event): void {
    const was = this.online;
    this.online = e.type === 'online';
    this.host.requestUpdate();
    this.changed?.(this.online, was);
  }
}
