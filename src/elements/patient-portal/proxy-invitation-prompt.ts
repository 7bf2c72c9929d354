/**
 * The whole portal's answer to an invitation's link (family members, #21): `…#portal-proxy-invitation=TOKEN`
 * opens the portal; the shell takes the token out of the address bar (kept in memory only, never in
 * storage) and loads this part (its own chunk and catalog piece). Signed out, it asks her to sign in
 * with the account of the address the invitation went to (or to create one, then open the link
 * again); signed in, it reads the invitation and shows "Ana García invited you to see their
 * information" with Accept and Decline. Another address's account, or a link used, withdrawn or
 * expired, is said in words, with nothing about the inviter. Accepting adds her to the people the
 * portal's switcher offers.
 */
import {html, nothing, type TemplateResult} from 'lit';
import {msg, str} from '@lit/localize';
import {
  isAbortError,
  PortalError,
  type PortalAdapter,
  type ProxyInvitation,
  type ProxyInvitationAnswer,
} from '../../adapters/adapter.js';
import {announce} from '../../controllers/announcer.js';
import messages from '../../localization/generated/pieces/proxy-invitation-prompt.js';
import {errorMessage} from '../../localization/error-messages.js';
import {catalogPiece} from '../../localization/localization.js';

catalogPiece('proxy-invitation-prompt', messages);

/** What the prompt needs from the shell. */
export interface PromptHost {
  requestUpdate(): void;
  /** After she accepted: the portal reads her people again. */
  accepted(): void;
  /** Moves focus to the prompt's heading once rendered. */
  focusPrompt(): void;
}

type State =
  | {readonly kind: 'signed-out'}
  | {readonly kind: 'loading'}
  | {readonly kind: 'open'; readonly invitation: ProxyInvitation; readonly busy?: ProxyInvitationAnswer}
  | {readonly kind: 'done'; readonly answer: ProxyInvitationAnswer; readonly name: string}
  | {readonly kind: 'failed'; readonly error: unknown; readonly invitation?: ProxyInvitation};

export class ProxyInvitationPrompt {
  private state: State = {kind: 'signed-out'};
  /** The session the invitation was read for. */
  private readFor?: string;
  private controller?: AbortController;

  constructor(
    private readonly host: PromptHost,
    private token: string | undefined,
  ) {}

  /** The shell's session changed: signed in (with `adapter`), the invitation is read for her. */
  session(sessionId: string | undefined, adapter: PortalAdapter | undefined): void {
    if (!sessionId || !adapter) {
      // Signed out: what was read is forgotten; the token waits for the next sign-in.
      this.controller?.abort();
      this.readFor = undefined;
      if (this.state.kind !== 'signed-out') this.dismiss(this.token);
      return;
    }
    if (this.readFor === sessionId || !this.token) return;
    this.readFor = sessionId;
    void this.read(adapter);
  }

  private async read(adapter: PortalAdapter) {
    const token = this.token;
    if (!token) return;
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    this.state = {kind: 'loading'};
    this.host.requestUpdate();
    try {
      const caps = await adapter.getCapabilities({signal: controller.signal});
      if (!caps.proxyInvitations || !adapter.getProxyInvitation) throw new PortalError('not-supported');
      const invitation = await adapter.getProxyInvitation(token, {signal: controller.signal});
      this.state = {kind: 'open', invitation};
    } catch (e) {
      if (isAbortError(e)) return;
      this.state = {kind: 'failed', error: e};
      // Another address's account: the link waits for her to sign in with the right one.
      if (!(e instanceof PortalError && e.code === 'forbidden')) this.token = undefined;
    }
    this.host.requestUpdate();
    this.host.focusPrompt();
  }

  private async answer(adapter: PortalAdapter | undefined, answer: ProxyInvitationAnswer) {
    const token = this.token;
    const s = this.state;
    if (!token || !adapter?.answerProxyInvitation || s.kind !== 'open' || s.busy) return;
    const name = `${s.invitation.inviterGivenName} ${s.invitation.inviterFamilyName}`;
    this.state = {...s, busy: answer};
    this.host.requestUpdate();
    try {
      await adapter.answerProxyInvitation(token, answer);
      this.token = undefined;
      this.state = {kind: 'done', answer, name};
      announce(this.doneText(answer, name));
      if (answer === 'accept') this.host.accepted();
    } catch (e) {
      if (isAbortError(e)) return;
      this.state = {kind: 'failed', error: e, invitation: s.invitation};
      this.token = undefined;
    }
    this.host.requestUpdate();
    this.host.focusPrompt();
  }

  /** Closes what is shown (keeping `token` to answer after the next sign-in). */
  private dismiss(token?: string) {
    this.token = token;
    this.state = {kind: 'signed-out'};
    this.host.requestUpdate();
  }

  private doneText(answer: ProxyInvitationAnswer, name: string): string {
    return answer === 'accept'
      ? msg(str`You can now see ${name}’s information. Choose their name under “Viewing” to see it.`, {
          id: 'proxy-prompt-accepted',
        })
      : msg(str`You declined ${name}’s invitation.`, {id: 'proxy-prompt-declined'});
  }

  private failureText(error: unknown): string {
    const code = error instanceof PortalError ? error.code : undefined;
    if (code === 'forbidden')
      return msg(
        'This invitation was sent to another email address. Sign out, then sign in with the account for that address to answer it.',
        {id: 'proxy-prompt-other-account'},
      );
    if (code === 'invalid-link')
      return msg(
        'This invitation can no longer be used: it was already answered, withdrawn, or is more than 7 days old. Ask the person to send a new one.',
        {id: 'proxy-prompt-invalid'},
      );
    if (code === 'not-supported')
      return msg('This portal does not take invitations from other patients.', {
        id: 'proxy-prompt-unsupported',
      });
    return errorMessage(error);
  }

  private frame(body: TemplateResult): TemplateResult {
    return html`<section
      class="card invitation"
      part="proxy-invitation"
      aria-labelledby="proxy-invitation-title"
    >
      <h2 id="proxy-invitation-title" tabindex="-1">${msg('Invitation', {id: 'proxy-prompt-title'})}</h2>
      ${body}
    </section>`;
  }

  render(adapter: PortalAdapter | undefined, signedIn: boolean): TemplateResult | typeof nothing {
    const s = this.state;
    if (!signedIn)
      return this.token
        ? this.frame(
            html`<p>
                ${msg('Sign in to answer the invitation you received by email.', {
                  id: 'proxy-prompt-sign-in',
                })}
              </p>
              <p class="muted">
                ${msg(
                  'No portal account yet? Create one with the email address the invitation was sent to, or ask the clinic, then open the link in the email again.',
                  {id: 'proxy-prompt-no-account'},
                )}
              </p>`,
          )
        : nothing;
    switch (s.kind) {
      case 'signed-out':
        return nothing;
      case 'loading':
        return this.frame(
          html`<p role="status">${msg('Loading the invitation…', {id: 'proxy-prompt-loading'})}</p>`,
        );
      case 'open': {
        const i = s.invitation;
        const name = `${i.inviterGivenName} ${i.inviterFamilyName}`;
        return this.frame(
          html`<p>
              <strong
                >${msg(str`${name} invited you to see their information`, {id: 'proxy-prompt-invited'})}</strong
              >
            </p>
            <p>
              ${
                i.scope === 'full'
                  ? msg(
                      str`You could see and manage ${i.inviterGivenName}’s appointments, forms, documents, bills and messages in this portal.`,
                      {id: 'proxy-prompt-scope-full'},
                    )
                  : msg(str`You could see and manage ${i.inviterGivenName}’s appointments in this portal.`, {
                      id: 'proxy-prompt-scope-appointments',
                    })
              }
              ${msg(str`${i.inviterGivenName} can remove your access at any time.`, {id: 'proxy-prompt-revocable'})}
            </p>
            <div class="actions">
              <button
                type="button"
                class="primary"
                part="button accept-button"
                ?disabled=${s.busy !== undefined}
                @click=${() => void this.answer(adapter, 'accept')}
              >
                ${s.busy === 'accept' ? msg('Accepting…', {id: 'proxy-prompt-accepting'}) : msg('Accept', {id: 'proxy-prompt-accept'})}
              </button>
              <button
                type="button"
                part="button decline-button"
                ?disabled=${s.busy !== undefined}
                @click=${() => void this.answer(adapter, 'decline')}
              >
                ${msg('Decline', {id: 'proxy-prompt-decline'})}
              </button>
            </div>`,
        );
      }
      case 'done':
        return this.frame(
          html`<p class="notice success" part="status">${this.doneText(s.answer, s.name)}</p>
            <button type="button" part="button" @click=${() => this.dismiss(undefined)}>
              ${msg('Close', {id: 'proxy-prompt-close'})}
            </button>`,
        );
      case 'failed':
        return this.frame(
          html`<p class="notice error">${this.failureText(s.error)}</p>
            <button type="button" part="button" @click=${() => this.dismiss(undefined)}>
              ${msg('Close', {id: 'proxy-prompt-close'})}
            </button>`,
        );
    }
  }
}
