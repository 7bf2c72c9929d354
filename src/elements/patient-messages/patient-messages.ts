import {html, nothing} from 'lit';
import {property, state} from 'lit/decorators.js';
import {msg, str} from '@lit/localize';
import {
  isAbortError,
  ValidationError,
  type FieldErrorCode,
  type PortalAdapter,
} from '../../adapters/adapter.js';
import type {
  ChatMessage,
  Conversation,
  ConversationList,
  ConversationSummary,
  MessageAttachment,
  MessageTopic,
} from '../../domain/rules/messages.js';
import type {Clinic} from '../../domain/types.js';
import {errorMessage, fieldErrorMessage} from '../../localization/error-messages.js';
import {formatDateTime} from '../../localization/format.js';
import {elementStyles, panelStyles, tokens} from '../../styles/tokens.js';
import {PatientSection} from '../records/patient-section.js';
import {styles} from './patient-messages.styles.js';
import {recordFieldStyles} from '../records/record-fields.styles.js';

/** Polling starts at the element's interval and doubles while nothing changes, up to this. */
const MAX_POLL_MS = 5 * 60_000;

/**
 * The signed-in patient's messages with the clinic: her conversations (topic, when the last
 * message came, how many of the clinic's messages she has not read — in words, not only colour),
 * a conversation's thread (each message with its time, its author's name and role, hers set
 * apart from the clinic's), a reply, and a new conversation on a topic the clinic offers. Above a
 * new conversation: the clinic's reply time and the emergency number of its country, so nobody
 * waits for an answer to an emergency.
 *
 * New messages arrive without a reload: the element asks the backend every `poll-interval`
 * seconds, doubling the wait while nothing changes (up to 5 minutes), and stops while the page is
 * hidden or the element is not on it. When the unread count changes it fires
 * `portal-messages-changed` (no detail), which `<patient-portal>` uses for its navigation's count.
 *
 * Files: where the clinic offers them (`settings.maxAttachments`), a new message or a reply may
 * carry PDF, JPEG or PNG files (`<portal-file-input>`, each checked as it is chosen with the
 * documents' upload rule); a message's files are listed with name, type and size, and open or
 * download with the patient's session only (`downloadAttachment` into a short-lived `blob:` URL).
 * That part is its own chunk (`message-files.ts`), loaded when needed.
 *
 * @summary The patient's conversations with the clinic.
 * @csspart header - The title bar.
 * @csspart button - Every button.
 * @csspart demo-marker - The "demo clinic" marker shown with the demo backend.
 * @cssprop --portal-color-accent - Accent of buttons, the unread badge and the patient's messages.
 * @cssprop --portal-color-danger - Colour of errors.
 * @fires {PortalErrorEvent} portal-error - When loading or sending fails (detail: error code and operation).
 * @fires {Event} portal-messages-changed - The unread count may have changed (no detail: read it from the backend).
 * @tagname patient-messages
 */
export class PatientMessages extends PatientSection {
  static override styles = [tokens, elementStyles, panelStyles, recordFieldStyles, styles];

  /** Seconds between two checks for new messages at first (at least 2; doubles while nothing changes). */
  @property({type: Number, attribute: 'poll-interval'}) pollInterval = 20;

  @state() private list?: ConversationList;
  @state() private clinic?: Clinic;
  @state() private view: 'list' | 'thread' | 'new' = 'list';
  @state() private thread?: Conversation;
  @state() private topic: MessageTopic | '' = '';
  @state() private draft = '';
  @state() private errors: Readonly<Record<string, FieldErrorCode>> = {};
  @state() private actionError?: unknown;
  @state() private busy = false;
  @state() private announcement = '';

  /** The files part (`message-files.ts`), once loaded. */
  @state() private files?: typeof import('./message-files.js');

  private pollTimer?: ReturnType<typeof setTimeout>;
  private pollMs = 0;
  private readonly onVisibility = () => this.schedule(true);

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('visibilitychange', this.onVisibility);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('visibilitychange', this.onVisibility);
    this.stopPolling();
  }

  /** Sign-out, expiry or another backend: nothing about the patient stays (QUALITY 12). */
  protected forget(): void {
    this.stopPolling();
    this.list = undefined;
    this.thread = undefined;
    this.view = 'list';
    this.draft = '';
    this.topic = '';
    this.errors = {};
    this.actionError = undefined;
    this.announcement = '';
  }

  protected get loaded(): boolean {
    return this.list !== undefined;
  }

  protected get recordsOperation(): string {
    return 'listConversations';
  }

  protected async fetchRecords(adapter: PortalAdapter, signal: AbortSignal): Promise<() => void> {
    const [clinic, list] = await Promise.all([
      this.clinic ?? adapter.getClinic({signal}),
      this.listOf(adapter, signal),
    ]);
    if (list.settings.maxAttachments > 0) await this.loadFiles();
    return () => {
      this.clinic = clinic;
      this.setList(list);
      this.schedule(true);
    };
  }

  /** Loads the files part (offered by the clinic, or a thread has files). */
  private async loadFiles() {
    this.files ??= await import('./message-files.js');
  }

  private listOf(adapter: PortalAdapter, signal: AbortSignal): Promise<ConversationList> {
    if (!adapter.listConversations) throw new ValidationError({});
    return adapter.listConversations({signal});
  }

  private setList(list: ConversationList) {
    const before = this.list?.unread;
    this.list = list;
    if (before !== list.unread)
      this.dispatchEvent(new Event('portal-messages-changed', {bubbles: true, composed: true}));
  }

  // ------------------------------------------------------------------------------------------
  // Polling

  private stopPolling() {
    clearTimeout(this.pollTimer);
    this.pollTimer = undefined;
  }

  /** Schedules the next check (`reset`: from the element's interval again). Hidden or offline: none. */
  private schedule(reset = false) {
    this.stopPolling();
    if (reset) this.pollMs = Math.max(2, this.pollInterval) * 1000;
    if (document.hidden || !this.isConnected || !this.list) return;
    this.pollTimer = setTimeout(() => void this.poll(), this.pollMs);
  }

  private async poll() {
    const adapter = this.resolvedAdapter;
    if (!adapter || this.sessionState.status !== 'signed-in') return;
    const signal = this.connectedSignal;
    try {
      const list = await this.listOf(adapter, signal);
      const open = this.view === 'thread' ? this.thread : undefined;
      const moved =
        open && list.conversations.find((c) => c.id === open.id)?.lastMessageAt !== open.lastMessageAt;
      const changed =
        moved || JSON.stringify(list.conversations) !== JSON.stringify(this.list?.conversations);
      if (moved && open) await this.openThread(open, true);
      else this.setList(list);
      if (changed && !moved && list.unread > 0)
        this.announcement = msg(str`Unread messages: ${list.unread}`, {id: 'messages-unread-total'});
      this.pollMs = changed ? Math.max(2, this.pollInterval) * 1000 : Math.min(this.pollMs * 2, MAX_POLL_MS);
    } catch (e) {
      if (isAbortError(e)) return;
      // A failed check waits longer; the next one tries again.
      this.pollMs = Math.min(this.pollMs * 2, MAX_POLL_MS);
    }
    this.schedule();
  }

  // ------------------------------------------------------------------------------------------
  // Actions

  private async openThread(c: ConversationSummary, fromPoll = false) {
    const adapter = this.resolvedAdapter;
    if (!adapter?.getConversation) return;
    const signal = this.connectedSignal;
    try {
      const thread = await adapter.getConversation(c.id, {signal});
      if (thread.messages.some((m) => m.attachments?.length)) await this.loadFiles();
      if (thread.unread > 0) await adapter.markConversationRead?.(c.id, {signal});
      const had = this.thread?.id === thread.id ? this.thread.messages.length : thread.messages.length;
      this.thread = {...thread, unread: 0};
      if (!fromPoll) {
        this.view = 'thread';
        this.errors = {};
        this.draft = '';
        this.actionError = undefined;
        await this.updateComplete;
        this.renderRoot.querySelector<HTMLElement>('#thread-title')?.focus();
      } else if (thread.messages.length > had)
        this.announcement = msg('New message from the clinic', {id: 'messages-new-arrived'});
      this.setList(await this.listOf(adapter, signal));
    } catch (e) {
      if (isAbortError(e)) return;
      this.actionError = e;
      this.reportError(e, 'getConversation', !fromPoll);
    }
  }

  private async backToList() {
    this.view = 'list';
    this.thread = undefined;
    this.errors = {};
    this.actionError = undefined;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('h2')?.focus();
  }

  private async startNew() {
    this.view = 'new';
    this.topic = '';
    this.draft = '';
    this.errors = {};
    this.actionError = undefined;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#new-title')?.focus();
  }

  private async send(e: Event) {
    e.preventDefault();
    const adapter = this.resolvedAdapter;
    if (!adapter || this.busy) return;
    const isNew = this.view === 'new';
    // Its definition loads lazily: before it has, no file can have been chosen.
    const input = customElements.get('portal-file-input')
      ? this.renderRoot.querySelector('portal-file-input')
      : null;
    const max = this.list?.settings.maxAttachments ?? 0;
    if (input && input.value.length > max) {
      this.errors = {attachments: 'too-many'};
      input.focus();
      return;
    }
    this.busy = true;
    this.errors = {};
    this.actionError = undefined;
    const signal = this.connectedSignal;
    try {
      const attachments = (await this.files?.readFiles(input)) ?? [];
      const withFiles = attachments.length > 0 ? {attachments} : {};
      if (isNew) {
        const started = await adapter.startConversation!(
          {topic: this.topic as MessageTopic, body: this.draft, ...withFiles},
          {signal},
        );
        this.thread = started;
        this.view = 'thread';
      } else if (this.thread) {
        const sent: ChatMessage = await adapter.replyToConversation!(
          this.thread.id,
          attachments.length > 0 ? {body: this.draft, attachments} : this.draft,
          {signal},
        );
        this.thread = {...this.thread, messages: [...this.thread.messages, sent], lastMessageAt: sent.sentAt};
      }
      input?.clear();
      this.draft = '';
      this.announcement = msg('Message sent.', {id: 'messages-sent'});
      this.setList(await this.listOf(adapter, signal));
      this.schedule(true);
      if (isNew) {
        await this.updateComplete;
        this.renderRoot.querySelector<HTMLElement>('#thread-title')?.focus();
      }
    } catch (err) {
      if (isAbortError(err)) return;
      if (err instanceof ValidationError) {
        // A file's reason (`attachments.1`, `attachments.0.fileName`) is shown on the file field.
        const fields: Record<string, FieldErrorCode> = {};
        for (const [k, v] of Object.entries(err.fields)) fields[k.split('.')[0]!] ??= v;
        this.errors = fields;
        await this.updateComplete;
        this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      } else {
        this.actionError = err;
        this.reportError(err, isNew ? 'startConversation' : 'replyToConversation', true);
      }
    } finally {
      this.busy = false;
    }
  }

  private async openFile(file: MessageAttachment, open: boolean) {
    const adapter = this.resolvedAdapter;
    if (!adapter || !this.files || this.busy) return;
    this.busy = true;
    this.actionError = undefined;
    try {
      await this.files.openFile(adapter, file, open, this.renderRoot, this.connectedSignal);
    } catch (e) {
      if (isAbortError(e)) return;
      this.actionError = e;
      this.reportError(e, 'downloadAttachment', true);
    } finally {
      this.busy = false;
    }
  }

  // ------------------------------------------------------------------------------------------
  // Rendering

  private topicName(t: MessageTopic): string {
    switch (t) {
      case 'appointments':
        return msg('Appointments', {id: 'messages-topic-appointments'});
      case 'billing':
        return msg('Billing', {id: 'messages-topic-billing'});
      case 'results':
        return msg('Results', {id: 'messages-topic-results'});
      case 'general':
        return msg('General question', {id: 'messages-topic-general'});
    }
  }

  private when(instant: string): string {
    return formatDateTime(instant, this.locale, this.clinic?.timeZone ?? 'UTC', 'medium');
  }

  private renderHeader() {
    return html`<div class="header" part="header">
      <h2 tabindex="-1">${msg('Messages', {id: 'messages-title'})}</h2>
      ${this.renderDemoMarker()}
    </div>`;
  }

  private fieldError(name: string) {
    const code = this.errors[name];
    return code ? html`<p class="field-error" id=${`${name}-error`}>${fieldErrorMessage(code)}</p>` : nothing;
  }

  private renderList(list: ConversationList) {
    return html`<div class="actions">
        <button type="button" class="primary" part="button" @click=${() => void this.startNew()}>
          ${msg('New message', {id: 'messages-new'})}
        </button>
      </div>
      ${
        list.conversations.length === 0
          ? html`<p class="notice">${msg('No messages yet.', {id: 'messages-empty'})}</p>`
          : html`<ul class="conversations" aria-label=${msg('Conversations', {id: 'messages-conversations'})}>
              ${list.conversations.map(
                (c) =>
                  html`<li>
                    <button type="button" part="button" @click=${() => void this.openThread(c)}>
                      <span class="topic">${this.topicName(c.topic)}</span>${
                        c.unread > 0
                          ? html`<span class="sr-only">,</span
                              ><span class="badge"
                                >${msg(str`${c.unread} unread`, {id: 'messages-unread'})}</span
                              >`
                          : nothing
                      }
                      <span class="meta line"
                        >${
                          c.lastRole === 'clinic'
                            ? msg(str`Clinic answered ${this.when(c.lastMessageAt)}`, {
                                id: 'messages-last-clinic',
                              })
                            : msg(str`You wrote ${this.when(c.lastMessageAt)}`, {id: 'messages-last-own'})
                        }</span
                      >
                    </button>
                  </li>`,
              )}
            </ul>`
      }`;
  }

  private renderMessage(m: ChatMessage) {
    const role = m.own
      ? msg('You', {id: 'messages-you'})
      : m.author.title
        ? msg(str`Clinic, ${m.author.title}`, {id: 'messages-clinic-title'})
        : msg('Clinic', {id: 'messages-clinic'});
    return html`<li class=${m.own ? 'own' : 'clinic'}>
      <p class="meta"><strong>${m.author.name}</strong> (${role}) · ${this.when(m.sentAt)}</p>
      <p class="body">${m.body}</p>
      ${
        m.attachments?.length && this.files
          ? this.files.renderAttachments(
              m.attachments,
              this.locale,
              this.busy,
              (f, open) => void this.openFile(f, open),
            )
          : nothing
      }
    </li>`;
  }

  private renderCompose(isNew: boolean, list: ConversationList) {
    const bodyDescribed = this.errors.body ? 'body-error' : nothing;
    return html`<form novalidate @submit=${(e: Event) => void this.send(e)}>
      ${
        isNew
          ? html`<div class="field">
              <label for="topic">${msg('Topic', {id: 'messages-topic'})}</label>
              <select
                id="topic"
                aria-describedby=${this.errors.topic ? 'topic-error' : nothing}
                aria-invalid=${this.errors.topic ? 'true' : 'false'}
                ?disabled=${this.busy}
                @change=${(e: Event) => (this.topic = (e.target as HTMLSelectElement).value as MessageTopic)}
              >
                <option value="" ?selected=${this.topic === ''}>
                  ${msg('Choose…', {id: 'messages-choose'})}
                </option>
                ${list.settings.topics.map(
                  (t) => html`<option value=${t} ?selected=${this.topic === t}>${this.topicName(t)}</option>`,
                )}
              </select>
              ${this.fieldError('topic')}
            </div>`
          : nothing
      }
      <div class="field">
        <label for="body">
          ${isNew ? msg('Your message', {id: 'messages-body'}) : msg('Your reply', {id: 'messages-reply'})}
        </label>
        <textarea
          id="body"
          rows="4"
          maxlength=${list.settings.maxLength}
          aria-describedby=${bodyDescribed}
          aria-invalid=${this.errors.body ? 'true' : 'false'}
          ?disabled=${this.busy}
          .value=${this.draft}
          @input=${(e: Event) => (this.draft = (e.target as HTMLTextAreaElement).value)}
        ></textarea>
        ${this.fieldError('body')}
      </div>
      ${this.renderPicker(list)}
      <div class="actions">
        <button type="submit" class="primary" part="button" ?disabled=${this.busy}>
          ${this.busy ? msg('Sending…', {id: 'messages-sending'}) : msg('Send', {id: 'messages-send'})}
        </button>
        ${
          isNew
            ? html`<button type="button" part="button" @click=${() => void this.backToList()}>
                ${msg('Cancel', {id: 'messages-cancel'})}
              </button>`
            : nothing
        }
      </div>
    </form>`;
  }

  private renderPicker(list: ConversationList) {
    const files = this.files;
    const settings = list.settings;
    if (!files || settings.maxAttachments === 0) return nothing;
    const code = this.errors.attachments;
    return files.renderPicker(
      settings,
      this.locale,
      files.fileCheck(settings, this.locale),
      code ? files.fileMessage(code, settings, this.locale) : '',
      this.busy,
      () => {
        if (!this.errors.attachments) return;
        const {attachments: _gone, ...rest} = this.errors;
        this.errors = rest;
      },
    );
  }

  private renderExpectations(list: ConversationList) {
    const days = list.settings.replyWorkingDays;
    const n = list.settings.emergencyNumber;
    return html`<div class="expect" role="note">
      <p>
        ${
          days === 1
            ? msg('We usually answer within 1 working day.', {id: 'messages-reply-time-one'})
            : msg(str`We usually answer within ${days} working days.`, {id: 'messages-reply-time'})
        }
      </p>
      <p class="emergency">
        ${msg('For an emergency, call', {id: 'messages-emergency'})} <a href=${`tel:${n}`}>${n}</a>.
        ${msg('Do not use messages for urgent matters.', {id: 'messages-not-urgent'})}
      </p>
    </div>`;
  }

  private renderThread(thread: Conversation, list: ConversationList) {
    return html`<div class="actions">
        <button type="button" part="button" @click=${() => void this.backToList()}>
          ${msg('Back to messages', {id: 'messages-back'})}
        </button>
      </div>
      <h3 id="thread-title" tabindex="-1">${this.topicName(thread.topic)}</h3>
      <ol class="thread" aria-labelledby="thread-title">
        ${thread.messages.map((m) => this.renderMessage(m))}
      </ol>
      ${this.renderCompose(false, list)}`;
  }

  override render() {
    const gate = this.renderGate({
      noBackend: msg('Messages aren’t set up on this page.', {id: 'messages-no-backend'}),
      signIn: msg('Please sign in to see your messages.', {id: 'messages-sign-in'}),
    });
    const live = html`<p class="sr-only" role="status">${this.announcement}</p>`;
    if (gate) return html`${this.renderHeader()}${gate}${live}`;
    const list = this.list;
    return html`${this.renderHeader()} ${this.renderSessionWarning()}
    ${
      this.actionError !== undefined
        ? html`<p class="notice error" role="alert">
            ${
              (this.actionError as {problem?: string} | null)?.problem === 'document-unreadable' && this.files
                ? this.files.unreadableMessage()
                : errorMessage(this.actionError)
            }
          </p>`
        : nothing
    }
    ${
      !list
        ? html`<p class="notice" role="status">${msg('Loading your messages…', {id: 'messages-loading'})}</p>`
        : this.view === 'thread' && this.thread
          ? this.renderThread(this.thread, list)
          : this.view === 'new'
            ? html`<h3 id="new-title" tabindex="-1">${msg('New message', {id: 'messages-new'})}</h3>
                ${this.renderExpectations(list)} ${this.renderCompose(true, list)}`
            : this.renderList(list)
    }
    ${live}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'patient-messages': PatientMessages;
  }
}
