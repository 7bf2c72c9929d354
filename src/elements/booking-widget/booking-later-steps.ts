/**
 * The booking widget's later steps — details, phone code, policy and deposit, review,
 * confirmation — in a chunk of their own, loaded one step ahead, so a page with the widget loads
 * only what its first steps need.
 */
import {html, nothing} from 'lit';
import {msg, str} from '@lit/localize';
import {isAbortError, RateLimitedError, SlotTakenError, ValidationError} from '../../adapters/adapter.js';
import type {E164, PlainDate} from '../../domain/types.js';
import {summarizeAppointment} from '../../domain/types.js';
import {PortalAppointmentEvent, PortalBeforeEvent} from '../../events.js';
import {fieldErrorMessage, formatWait} from '../../localization/error-messages.js';
import {
  formatDate,
  formatDuration,
  formatMoney,
  formatPlainDate,
  formatTimeRange,
  ownZoneIfDifferent,
  pickText,
  timeZoneLabel,
  toPlainDate,
} from '../../localization/format.js';
import {visitTerms} from '../../domain/rules/visit-terms.js';
import {
  chooseLocation,
  chooseProvider,
  detailsErrors,
  locationsFor,
  providersFor,
  MAX_EMAIL,
  MAX_NAME,
  newKey,
  servicesIn,
  updateField,
  type BookingFlow,
  type DetailsForm,
  type Step,
} from './booking-flow.js';
import {phoneToolsIfLoaded} from '../../domain/phone.js';
import type {PaymentStep} from '../payment-step/payment-step.js';
import {policyText} from '../../localization/policy-text.js';
import {cardAuthorizationAmount, type SavedCard} from '../../domain/rules/cards.js';
import messages from '../../localization/generated/pieces/booking-later-steps.js';
import {catalogPiece} from '../../localization/localization.js';

// These steps' own messages: a catalog piece loaded with this chunk (not the core catalog every
// page in the language loads); the widget's renders wait for it (no English flash).
catalogPiece('booking-later-steps', messages);

/** "+52 55 1234 9876" rather than the stored E.164 form (the phone tools are loaded by then). */
function readablePhone(e164: string): string {
  return phoneToolsIfLoaded()?.format(e164, 'international') ?? e164;
}

/** Only https links from the backend are rendered as links (anything else becomes inert). */
function safeHttps(url: string): string {
  try {
    return new URL(url).protocol === 'https:' ? url : '#';
  } catch {
    return '#';
  }
}

/** A photo URL from the backend, used only if it is https (anything else is not loaded). */
function httpsOnly(url: string | undefined): string | undefined {
  return url && safeHttps(url) !== '#' ? url : undefined;
}

// -------------------------------------------------------------------------------------------------
// The provider step (here rather than in the widget's own chunk: a page loads it once a patient
// has chosen a service)

export function renderProviders(w: BookingFlow) {
  const s = w.setup;
  const loc = w.locale;
  const cart = w.state.cart;
  // Several locations offer the visit: the patient may pick one, and sees its providers only.
  const locations = locationsFor(s, cart);
  const where = locations.length > 1 ? w.state.chosenLocation : undefined;
  const providers = providersFor(s.catalog, cart).filter((p) => !where || p.locationIds.includes(where));
  const languages = new Intl.DisplayNames([loc], {type: 'language'});
  const text = (t: Parameters<typeof pickText>[0]) => pickText(t, loc, s.clinic.languages);
  const chosenPlace = locations.find((l) => l.id === where);
  // "First available" among one provider (at the location chosen) is no choice.
  const anyShown = s.clinic.booking.allowAnyProvider && providers.length > 1;
  const choice = (id: string, title: string, detail: unknown, photo?: string) =>
    html`<label class="choice" part="provider-choice">
      <input
        type="radio"
        name="provider"
        .checked=${w.state.chosenProvider === id}
        @change=${() => {
          w.releaseHold();
          w.set((current) => chooseProvider(current, id));
        }}
      />
      ${photo ? html`<img class="photo" part="provider-photo" src=${photo} alt="" width="48" height="48" />` : nothing}
      <span><strong>${title}</strong><br /><span class="meta">${detail}</span></span>
    </label>`;
  return html`
    ${w.stepTitle(msg('Choose a provider', {id: 'booking-choose-provider'}))}
    ${
      // A list box rather than radios: short at 320 px, and one stop on the way to the providers.
      locations.length > 1
        ? html`<div class="field">
            <label for="f-location">${msg('Location', {id: 'booking-location'})}</label>
            <select
              id="f-location"
              part="location-select"
              aria-describedby=${chosenPlace ? 'f-location-address' : nothing}
              @change=${(e: Event) => {
                w.releaseHold();
                const id = (e.target as HTMLSelectElement).value || undefined;
                w.set((current) => chooseLocation(current, id, s.catalog));
              }}
            >
              <option value="" ?selected=${!where}>
                ${msg('Any location', {id: 'booking-any-location'})}
              </option>
              ${locations.map((l) => html`<option value=${l.id} ?selected=${where === l.id}>${text(l.name)}</option>`)}
            </select>
            ${chosenPlace ? html`<span class="meta" id="f-location-address">${chosenPlace.address}</span>` : nothing}
          </div>`
        : nothing
    }
    <fieldset>
      <legend class=${locations.length > 1 ? '' : 'visually-hidden'}>
        ${msg('Provider', {id: 'booking-step-provider'})}
      </legend>
      ${
        anyShown
          ? choice(
              'any',
              msg('First available', {id: 'booking-first-available'}),
              msg('The earliest time with any of our providers.', {id: 'booking-first-available-detail'}),
            )
          : nothing
      }
      ${providers.map((p) => {
        const t = visitTerms(servicesIn(s.catalog, cart), p.id, s.clinic.currency);
        const spoken = p.languages.map((l) => languages.of(l) ?? l).join(', ');
        return html`${choice(
          p.id,
          p.name,
          html`${text(p.title)} ·
          ${formatDuration(t.minutes, loc)}${t.price ? html` · ${formatMoney(t.price, loc)}` : nothing} ·
          ${msg(str`Speaks ${spoken}`, {id: 'booking-speaks'})}`,
          httpsOnly(p.photoUrl),
        )}${
          // Outside the label: opening it neither chooses the provider nor hides the choice.
          p.bio
            ? html`<details class="bio" part="provider-bio">
                <summary>${msg(str`About ${p.name}`, {id: 'booking-provider-about'})}</summary>
                <p>${text(p.bio)}</p>
              </details>`
            : nothing
        }`;
      })}
    </fieldset>
    ${w.renderNav(
      html`<button
        type="button"
        class="primary"
        part="button primary-button"
        ?disabled=${!w.state.chosenProvider || (w.state.chosenProvider === 'any' && !anyShown)}
        @click=${() => w.next()}
      >
        ${msg('Continue', {id: 'booking-continue'})}
      </button>`,
    )}
  `;
}

// -------------------------------------------------------------------------------------------------
// The later steps' actions

/** A field typed: its value, its error gone. */
function edit(w: BookingFlow, name: keyof DetailsForm, value: string | boolean) {
  w.set((current) => updateField(current, name, value));
}

export async function submitDetails(w: BookingFlow, e: Event) {
  e.preventDefault();
  const errors = detailsErrors(w.state.form, {
    signedIn: !!w.session,
    explicitConsent: w.setup.clinic.privacy.explicitConsent,
    phoneProblem: w.inputProblem('portal-phone-input'),
    dateProblem: w.inputProblem('portal-date-input'),
  });
  if (Object.keys(errors).length > 0) return w.showFieldErrors(errors);
  w.next();
}

export async function sendCode(w: BookingFlow) {
  const adapter = w.adapter;
  if (!adapter) return;
  const signal = w.stepSignal();
  w.set({busy: true, stepError: undefined});
  try {
    const challenge = await adapter.sendPhoneCode(
      {phone: w.state.form.phone, language: w.language},
      {signal},
    );
    w.set({challenge, code: ''});
    w.startTicking();
    w.announce(msg('We sent you a text message with a 6-digit code.', {id: 'booking-code-sent'}));
  } catch (e) {
    if (!isAbortError(e)) {
      w.set({stepError: e});
      w.fail(e, 'sendPhoneCode');
    }
  } finally {
    w.set({busy: false});
  }
}

/**
 * Holds the chosen slot where the backend can and the patient may: signed in, or a guest whose
 * phone is verified (its token; a guest holds after the code step — issue #14 item 7). False when
 * it was taken (back to the times) or failed; a refused proof just means no hold (booking checks).
 */
export async function holdChosen(
  w: BookingFlow,
  verificationToken = w.state.verificationToken,
): Promise<boolean> {
  const adapter = w.adapter;
  const {chosenSlot: slot, cart, hold} = w.state;
  if (!adapter || !slot || !w.setup.caps.holds || hold || !(w.session || verificationToken)) return true;
  w.set({busy: true});
  try {
    const proof = w.session ? {} : {phoneVerificationToken: verificationToken};
    const held = await adapter.holdSlot(slot, cart, {signal: w.stepSignal(), ...proof});
    w.set({hold: held, busy: false});
    w.startTicking();
    return true;
  } catch (e) {
    w.set({busy: false});
    if (e instanceof ValidationError) return true;
    if (e instanceof SlotTakenError) w.slotTaken(slot);
    else if (!isAbortError(e)) {
      w.set({stepError: e});
      w.fail(e, 'holdSlot');
    }
    return false;
  }
}

export async function submitCode(w: BookingFlow, e: Event) {
  e.preventDefault();
  const {challenge, code, busy, form} = w.state;
  const adapter = w.adapter;
  if (!adapter || !challenge || busy) return;
  if (!/^\d{6}$/.test(code)) return w.showFieldErrors({code: 'code-invalid'});
  w.set({busy: true});
  try {
    const token = await adapter.verifyPhoneCode(challenge.id, code, {signal: w.stepSignal()});
    w.set({verificationToken: token, verifiedPhone: form.phone, busy: false});
    // A guest's hold waits for the verified phone (issue #14 item 7): now the time is held.
    if (await holdChosen(w, token)) w.next();
  } catch (err) {
    w.set({busy: false});
    if (err instanceof ValidationError)
      return w.showFieldErrors({code: err.fields['code'] ?? 'code-invalid'});
    if (isAbortError(err)) return;
    w.set({stepError: err});
    w.fail(err, 'verifyPhoneCode');
  }
}

/** Entering the policy step: the deposit due for this booking (the backend decides). */
export async function loadDeposit(w: BookingFlow) {
  const adapter = w.adapter;
  const {chosenSlot: slot, cart} = w.state;
  if (!adapter || !slot || !w.setup.caps.payments) return w.set({intent: null});
  const key = w.state.idempotencyKey ?? newKey();
  w.set({idempotencyKey: key});
  try {
    w.set({intent: await adapter.createDepositIntent(slot, cart, key, {signal: w.stepSignal()})});
    await loadCards(w);
  } catch (e) {
    if (!isAbortError(e)) {
      w.set({stepError: e});
      w.fail(e, 'createDepositIntent');
    }
  }
}

export async function submitPolicy(w: BookingFlow, e: Event) {
  e.preventDefault();
  const {policyAccepted, intent, paid} = w.state;
  if (w.setup.clinic.cancellation.acceptanceRequired && !policyAccepted)
    return w.showFieldErrors({policyAccepted: 'policy-required'});
  if (intent && !paid) {
    w.set({stepError: undefined, fieldErrors: {}});
    // Said at the payment field, which takes focus (issue #23 item 3).
    return w.host.shadowRoot?.querySelector<PaymentStep>('portal-payment-step')?.requirePayment?.();
  }
  w.next();
}

/**
 * Where the policy charges fees and no deposit covers them, the patient's saved cards, one of which
 * is kept on file (#20 item 4): at the policy step, and again on entering the review when the
 * patient moved on before they came (leaving the step cancelled that request) — also when the
 * deposit check had not answered yet (the backend decides at booking either way).
 */
export async function loadCards(w: BookingFlow, leaving = false) {
  const {adapter, setup: s} = w;
  const {intent, cards} = w.state;
  if (cards || (intent === undefined && !leaving) || !w.session || !s.caps.cards || !adapter?.listCards)
    return;
  if (!cardAuthorizationAmount(s.clinic, intent?.amount ?? null, true)) return;
  try {
    const saved = await adapter.listCards({signal: w.stepSignal()});
    w.set({cards: saved, cardId: (saved.find((c) => c.isDefault) ?? saved[0])?.id});
  } catch (e) {
    if (!isAbortError(e)) {
      w.set({stepError: e});
      w.fail(e, 'listCards');
    }
  }
}

/**
 * "Add a card" in the review (#20 item 4): a card setup — the same one for every click until it is
 * saved — then the payment step saving it (card data only in the provider's field).
 */
async function addCard(w: BookingFlow) {
  const adapter = w.adapter;
  if (!adapter?.startCardSetup || w.state.busy) return;
  const cardKey = w.state.cardKey ?? crypto.randomUUID();
  w.set({busy: true, stepError: undefined, cardKey});
  try {
    const [setup] = await Promise.all([
      adapter.startCardSetup(cardKey, {signal: w.stepSignal()}),
      import('../../define/portal-payment-step.js'),
    ]);
    w.set({addingCard: setup});
  } catch (e) {
    if (!isAbortError(e)) {
      w.set({stepError: e});
      w.fail(e, 'startCardSetup');
    }
  } finally {
    w.set({busy: false});
  }
}

/** The card is saved: her cards again, the new one kept on file. */
async function cardSaved(w: BookingFlow) {
  const adapter = w.adapter;
  if (!adapter?.listCards) return;
  const before = new Set((w.state.cards ?? []).map((c) => c.id));
  try {
    const saved = await adapter.listCards({signal: w.stepSignal()});
    const added = saved.find((c) => !before.has(c.id));
    w.set({cards: saved, cardId: added?.id ?? w.state.cardId, addingCard: undefined, cardKey: undefined});
    w.announce(msg('Card saved. It is the one kept on file for this visit.', {id: 'booking-card-added'}));
  } catch (e) {
    if (!isAbortError(e)) {
      w.set({stepError: e});
      w.fail(e, 'listCards');
    }
  }
}

/** Books once: every retry of this intent sends the same idempotency key (QUALITY 20). */
export async function book(w: BookingFlow) {
  const b = w.state;
  const {adapter, session, language} = w;
  const slot = b.chosenSlot;
  if (!adapter || !slot || b.busy || w.offline) return;
  const before = new PortalBeforeEvent('portal-before-book', {
    slotId: slot.id,
    start: slot.start,
    end: slot.end,
    serviceIds: [...b.cart],
    providerId: slot.providerId,
  });
  if (!w.host.dispatchEvent(before)) return;
  const idempotencyKey = b.idempotencyKey ?? newKey();
  w.set({idempotencyKey, busy: true, stepError: undefined});
  const f = b.form;
  try {
    const appointment = await adapter.book(
      {
        slot,
        serviceIds: b.cart,
        idempotencyKey,
        holdId: b.hold?.id,
        patient: session
          ? undefined
          : {
              givenName: f.givenName.trim(),
              familyName: f.familyName.trim(),
              email: f.email.trim(),
              phone: f.phone as E164,
              dateOfBirth: f.dateOfBirth as PlainDate,
              language,
            },
        phoneVerificationToken: b.verificationToken,
        privacyConsent: f.privacyConsent || !!session,
        policyAccepted: b.policyAccepted,
        paymentIntentId: b.intent?.id,
        ...(b.cards && b.cardId ? {cardId: b.cardId} : {}),
        language,
        // The review showed the patient's own time: the emails state it too (#23).
        patientTimeZone: ownZoneIfDifferent(w.setup!.clinic.timeZone),
      },
      {signal: w.stepSignal()},
    );
    w.set({appointment, idempotencyKey: undefined, hold: undefined, busy: false, step: 'done'});
    w.host.dispatchEvent(new PortalAppointmentEvent('portal-booked', summarizeAppointment(appointment)));
    w.announce(msg('Your appointment is booked.', {id: 'booking-booked-announce'}));
    await w.focus('heading');
  } catch (e) {
    w.set({busy: false});
    if (e instanceof SlotTakenError) return w.slotTaken(slot);
    if (isAbortError(e)) return;
    w.set(e instanceof ValidationError ? {fieldErrors: e.fields, stepError: e} : {stepError: e});
    w.fail(e, 'book');
    await w.focus('errors');
  }
}

// -------------------------------------------------------------------------------------------------
// Rendering

export function renderHoldNotice(w: BookingFlow) {
  if (!w.state.hold) return nothing;
  const left = Math.round((Date.parse(w.state.hold.expiresAt) - w.serverNow) / 1000);
  if (left <= 0) {
    return html`<p class="notice warning">
      ${msg('Our hold on this time has ended; we’ll try to book it when you confirm.', {id: 'booking-hold-ended'})}
    </p>`;
  }
  return html`<p class="notice" part="hold">
    ${msg(str`We’re holding this time for you for ${formatWait(left)}.`, {id: 'booking-hold'})}
  </p>`;
}

export function renderErrorSummary(w: BookingFlow) {
  const entries = Object.entries(w.state.fieldErrors);
  if (!entries.length) return nothing;
  return html`<div class="notice error error-summary" part="error-summary" tabindex="-1" role="alert">
    <strong>${msg('Please check the following:', {id: 'booking-error-summary'})}</strong>
    <ul>
      ${entries.map(([field, code]) => html`<li>${fieldLabel(field)}: ${fieldErrorMessage(code)}</li>`)}
    </ul>
  </div>`;
}

export function fieldLabel(field: string): string {
  switch (field.replace(/^patient\./, '')) {
    case 'givenName':
      return msg('First name', {id: 'booking-given-name'});
    case 'familyName':
      return msg('Last name', {id: 'booking-family-name'});
    case 'email':
      return msg('Email', {id: 'booking-email'});
    case 'phone':
      return msg('Mobile phone', {id: 'booking-phone'});
    case 'dateOfBirth':
      return msg('Date of birth', {id: 'booking-dob'});
    case 'privacyConsent':
      return msg('Privacy notice', {id: 'booking-privacy'});
    case 'policyAccepted':
      return msg('Cancellation policy', {id: 'booking-policy'});
    case 'code':
      return msg('Code', {id: 'booking-code'});
    default:
      return msg('Booking', {id: 'booking-field-other'});
  }
}

export function textField(
  w: BookingFlow,
  name: 'givenName' | 'familyName' | 'email',
  label: string,
  autocomplete: string,
) {
  const error = w.state.fieldErrors[name];
  const id = `f-${name}`;
  return html`<div class="field">
    <label for=${id}>${label}</label>
    <input
      id=${id}
      type=${name === 'email' ? 'email' : 'text'}
      autocomplete=${autocomplete}
      maxlength=${name === 'email' ? MAX_EMAIL : MAX_NAME}
      .value=${w.state.form[name]}
      aria-invalid=${error ? 'true' : 'false'}
      aria-describedby=${error ? `${id}-error` : nothing}
      @input=${(e: Event) => edit(w, name, (e.target as HTMLInputElement).value)}
    />
    ${error ? html`<p class="field-error" id="${id}-error">${fieldErrorMessage(error)}</p>` : nothing}
  </div>`;
}

export function renderDetails(w: BookingFlow) {
  const s = w.setup!;
  const session = w.session;
  const forward = html`<button type="submit" class="primary" part="button primary-button">
    ${msg('Continue', {id: 'booking-continue'})}
  </button>`;
  if (session) {
    const p = session.patient;
    return html`
      ${w.stepTitle(msg('Your details', {id: 'booking-step-details'}))} ${renderHoldNotice(w)}
      <form @submit=${(e: Event) => void submitDetails(w, e)}>
        <p>${msg(str`Booking as ${p.givenName} ${p.familyName}.`, {id: 'booking-as'})}</p>
        ${w.renderNav(forward)}
      </form>
    `;
  }
  const today = toPlainDate(new Date(w.serverNow), s.clinic.timeZone);
  const privacyError = w.state.fieldErrors['privacyConsent'];
  return html`
    ${w.stepTitle(msg('Your details', {id: 'booking-step-details'}))} ${renderHoldNotice(w)}
    <p>
      ${msg('New and returning patients use the same form: we’ll match your record by email.', {
        id: 'booking-details-intro',
      })}
    </p>
    ${renderErrorSummary(w)}
    <form novalidate @submit=${(e: Event) => void submitDetails(w, e)}>
      <div class="row">
        ${textField(w, 'givenName', msg('First name', {id: 'booking-given-name'}), 'given-name')}
        ${textField(w, 'familyName', msg('Last name', {id: 'booking-family-name'}), 'family-name')}
      </div>
      ${textField(w, 'email', msg('Email', {id: 'booking-email'}), 'email')}
      <div class="field">
        <portal-phone-input
          .label=${msg('Mobile phone', {id: 'booking-phone'})}
          .hint=${
            s.caps.smsCodes && s.clinic.booking.phoneVerification
              ? msg('We’ll text you a code to confirm it.', {id: 'booking-phone-hint'})
              : ''
          }
          .defaultCountry=${s.clinic.country}
          .value=${w.state.form.phone}
          required
          @change=${(e: Event) => edit(w, 'phone', (e.target as HTMLElement & {value: string}).value)}
          @input=${(e: Event) => edit(w, 'phone', (e.target as HTMLElement & {value: string}).value)}
        ></portal-phone-input>
      </div>
      <div class="field">
        <portal-date-input
          .label=${msg('Date of birth', {id: 'booking-dob'})}
          .today=${today}
          .value=${w.state.form.dateOfBirth}
          required
          @change=${(e: Event) => edit(w, 'dateOfBirth', (e.target as HTMLElement & {value: string}).value)}
          @input=${(e: Event) => edit(w, 'dateOfBirth', (e.target as HTMLElement & {value: string}).value)}
        ></portal-date-input>
      </div>
      <p>
        ${msg('How the clinic uses your data:', {id: 'booking-privacy-intro'})}
        <a href=${safeHttps(s.clinic.privacy.noticeUrl)} target="_blank" rel="noopener noreferrer"
          >${msg('Privacy notice', {id: 'booking-privacy'})}</a
        >
      </p>
      ${
        s.clinic.privacy.explicitConsent
          ? html`<div class="check">
                <input
                  id="f-consent"
                  type="checkbox"
                  .checked=${w.state.form.privacyConsent}
                  aria-invalid=${privacyError ? 'true' : 'false'}
                  aria-describedby=${privacyError ? 'f-consent-error' : nothing}
                  @change=${(e: Event) => edit(w, 'privacyConsent', (e.target as HTMLInputElement).checked)}
                />
                <label for="f-consent"
                  >${pickText(s.clinic.privacy.consentText, w.locale, s.clinic.languages)}</label
                >
              </div>
              ${
                privacyError
                  ? html`<p class="field-error" id="f-consent-error">${fieldErrorMessage(privacyError)}</p>`
                  : nothing
              }`
          : nothing
      }
      ${w.renderNav(forward)}
    </form>
  `;
}

export function renderVerify(w: BookingFlow) {
  const c = w.state.challenge;
  const error = w.state.fieldErrors['code'];
  const resendIn = c ? Math.ceil((Date.parse(c.resendAt) - w.serverNow) / 1000) : 0;
  const expired = c ? Date.parse(c.expiresAt) <= w.serverNow : false;
  const rateLimited = w.state.stepError instanceof RateLimitedError;
  return html`
    ${w.stepTitle(msg('Confirm your phone', {id: 'booking-verify-title'}))}
    <p>
      ${msg(str`We sent a 6-digit code by text message to ${readablePhone(w.state.form.phone)}.`, {
        id: 'booking-verify-intro',
      })}
    </p>
    ${renderErrorSummary(w)} ${w.renderStepError()}
    <form novalidate @submit=${(e: Event) => void submitCode(w, e)}>
      <div class="field">
        <label for="f-code">${msg('Code', {id: 'booking-code'})}</label>
        <input
          id="f-code"
          class="code-input"
          autocomplete="one-time-code"
          inputmode="numeric"
          maxlength="6"
          .value=${w.state.code}
          aria-invalid=${error ? 'true' : 'false'}
          aria-describedby=${error ? 'f-code-error' : nothing}
          @input=${(e: Event) =>
            w.set({
              code: (e.target as HTMLInputElement).value.replace(/\D/g, '').slice(0, 6),
              fieldErrors: {},
            })}
        />
        ${error ? html`<p class="field-error" id="f-code-error">${fieldErrorMessage(error)}</p>` : nothing}
        ${expired ? html`<p class="field-error">${fieldErrorMessage('code-expired')}</p>` : nothing}
      </div>
      <p>
        <button
          type="button"
          part="button"
          class="link-button"
          ?disabled=${resendIn > 0 || w.state.busy || rateLimited}
          @click=${() => void sendCode(w)}
        >
          ${
            resendIn > 0
              ? msg(str`Send a new code in ${formatWait(resendIn)}`, {id: 'booking-resend-in'})
              : msg('Send a new code', {id: 'booking-resend'})
          }
        </button>
      </p>
      ${w.renderNav(
        html`<button
          type="submit"
          class="primary"
          part="button primary-button"
          ?disabled=${w.state.busy || !c || w.offline}
        >
          ${msg('Verify', {id: 'booking-verify'})}
        </button>`,
      )}
    </form>
  `;
}

export function renderPolicy(w: BookingFlow) {
  const s = w.setup!;
  const loc = w.locale;
  const policy = s.clinic.cancellation;
  const error = w.state.fieldErrors['policyAccepted'];
  // The fee once: in the clinic's words when they state it, else in ours (issue #23 item 8).
  const terms = policyText(policy, loc, s.clinic.languages);
  return html`
    ${w.stepTitle(
      w.state.intent
        ? msg('Cancellation policy and deposit', {id: 'booking-policy-title'})
        : msg('Cancellation policy', {id: 'booking-policy-only-title'}),
    )}
    ${renderHoldNotice(w)} ${renderErrorSummary(w)} ${w.renderStepError()}
    <form novalidate @submit=${(e: Event) => void submitPolicy(w, e)}>
      <p>${terms.text}</p>
      ${
        terms.statesFee
          ? nothing
          : html`<p class="meta">
              ${
                policy.lateFee
                  ? msg(
                      str`Cancelling less than ${policy.windowHours} hours before the visit costs ${formatMoney(policy.lateFee, loc)}.`,
                      {id: 'booking-late-fee'},
                    )
                  : msg(str`Please cancel at least ${policy.windowHours} hours before the visit.`, {
                      id: 'booking-cancel-window',
                    })
              }
            </p>`
      }
      ${
        policy.acceptanceRequired
          ? html`<div class="check">
                <input
                  id="f-policy"
                  type="checkbox"
                  .checked=${w.state.policyAccepted}
                  aria-invalid=${error ? 'true' : 'false'}
                  aria-describedby=${error ? 'f-policy-error' : nothing}
                  @change=${(e: Event) =>
                    w.set({policyAccepted: (e.target as HTMLInputElement).checked, fieldErrors: {}})}
                />
                <label for="f-policy"
                  >${msg('I accept the cancellation policy.', {id: 'booking-accept-policy'})}</label
                >
              </div>
              ${error ? html`<p class="field-error" id="f-policy-error">${fieldErrorMessage(error)}</p>` : nothing}`
          : nothing
      }
      ${
        w.state.intent === undefined
          ? html`<p role="status">
              ${msg('Checking whether a deposit is due…', {id: 'booking-deposit-loading'})}
            </p>`
          : w.state.intent
            ? html`${s.clinic.deposit ? html`<p>${pickText(s.clinic.deposit.text, loc, s.clinic.languages)}</p>` : nothing}
                <portal-payment-step
                  .adapter=${w.adapter}
                  .intent=${w.state.intent}
                  @portal-payment-succeeded=${() => w.set({paid: true})}
                  ><slot name="payment-field" slot="payment-field"></slot
                ></portal-payment-step>`
            : nothing
      }
      ${w.renderNav(
        html`<button type="submit" class="primary" part="button primary-button" ?disabled=${w.state.busy}>
          ${msg('Continue', {id: 'booking-continue'})}
        </button>`,
      )}
    </form>
  `;
}

/** The same time in the patient's own zone, when theirs differs from the clinic's. */
function renderOwnTime(start: string, end: string, loc: string, clinicZone: string) {
  const zone = ownZoneIfDifferent(clinicZone);
  if (!zone) return nothing;
  const own = timeZoneLabel(zone, loc, start);
  return html`<br /><span class="own-time" part="own-time"
      >${formatDate(start, loc, zone, 'full')}, ${formatTimeRange(start, end, loc, zone)},
      ${msg(str`${own} (yours)`, {id: 'slot-zone-patient'})}</span
    >`;
}

export function renderReview(w: BookingFlow) {
  const s = w.setup!;
  const loc = w.locale;
  const slot = w.state.chosenSlot!;
  const zone = s.clinic.timeZone;
  const services = servicesIn(w.setup.catalog, w.state.cart);
  const provider = s.catalog.providers.find((p) => p.id === slot.providerId);
  const location = s.clinic.locations.find((l) => l.id === slot.locationId);
  const session = w.session;
  const change = (step: Step, what: string) =>
    html`<dd>
      <button type="button" class="link-button" part="button" @click=${() => void w.go(step)}>
        ${msg('Change', {id: 'booking-change'})}<span class="visually-hidden"> ${what}</span>
      </button>
    </dd>`;
  // Booking for a family member: her name and date of birth, and who books (the holder's contact).
  const person = session ? w.person : undefined;
  const who = person
    ? `${person.givenName} ${person.familyName}`
    : session
      ? `${session.patient.givenName} ${session.patient.familyName}`
      : `${w.state.form.givenName} ${w.state.form.familyName}`;
  return html`
    ${w.stepTitle(msg('Review and book', {id: 'booking-review-title'}))} ${renderHoldNotice(w)}
    ${renderErrorSummary(w)} ${w.renderStepError()}
    <dl class="review">
      <dt>${msg('Service', {id: 'booking-step-services'})}</dt>
      <dd>${services.map((x) => pickText(x.name, loc, s.clinic.languages)).join(', ')}</dd>
      ${w.singleService ? html`<dd></dd>` : change('services', w.stepLabel('services'))}
      <dt>${msg('Provider', {id: 'booking-step-provider'})}</dt>
      <dd>${provider?.name ?? ''}</dd>
      ${change('provider', w.stepLabel('provider'))}
      <dt>${msg('When', {id: 'booking-when'})}</dt>
      <dd>
        ${formatDate(slot.start, loc, zone, 'full')}, ${formatTimeRange(slot.start, slot.end, loc, zone)}
        (${timeZoneLabel(zone, loc, slot.start)}) ${renderOwnTime(slot.start, slot.end, loc, zone)}
      </dd>
      ${change('time', w.stepLabel('time'))}
      <dt>${msg('Where', {id: 'booking-where'})}</dt>
      <dd>
        ${
          slot.mode === 'video'
            ? msg('Video visit: the link appears in your portal before the visit.', {
                id: 'booking-video-where',
              })
            : location
              ? `${pickText(location.name, loc, s.clinic.languages)}, ${location.address}`
              : ''
        }
      </dd>
      <dd></dd>
      <dt>${msg('Patient', {id: 'booking-patient'})}</dt>
      <dd>
        ${who}${
          person
            ? html`<br />${msg(str`Born ${formatPlainDate(person.dateOfBirth, loc)}`, {id: 'booking-person-born'})}`
            : session
              ? ''
              : html`<br />${w.state.form.email}<br />${readablePhone(w.state.form.phone)}`
        }
      </dd>
      ${session ? html`<dd></dd>` : change('details', w.stepLabel('details'))}
      ${
        person && session
          ? html`<dt>${msg('Booked by', {id: 'booking-booked-by'})}</dt>
              <dd>
                ${session.patient.givenName} ${session.patient.familyName}<br />${session.patient.email}${
                  session.patient.phone ? html`<br />${readablePhone(session.patient.phone)}` : nothing
                }
              </dd>
              <dd></dd>`
          : nothing
      }
      ${
        w.state.intent
          ? html`<dt>${msg('Deposit', {id: 'booking-deposit'})}</dt>
              <dd>
                ${formatMoney(w.state.intent.amount, loc)} ·
                ${w.state.paid ? msg('paid', {id: 'booking-paid'}) : msg('not paid yet', {id: 'booking-unpaid'})}
              </dd>
              <dd></dd>`
          : nothing
      }
      ${renderCardOnFile(w)}
    </dl>
    ${w.renderNav(
      html`<button
        type="button"
        class="primary"
        part="button primary-button"
        ?disabled=${w.state.busy || w.offline}
        aria-disabled=${w.state.busy ? 'true' : 'false'}
        @click=${() => void book(w)}
      >
        ${w.state.busy ? msg('Booking…', {id: 'booking-booking'}) : msg('Confirm booking', {id: 'booking-confirm'})}
      </button>`,
    )}
  `;
}

export function renderDone(w: BookingFlow) {
  const s = w.setup!;
  const a = w.state.appointment;
  if (!a) return html``;
  const loc = w.locale;
  const zone = s.clinic.timeZone;
  const services = servicesIn(
    w.setup.catalog,
    a.services.map((x) => x.id),
  );
  return html`
    <section class="confirmation" part="confirmation">
      <h3 tabindex="-1" data-step-heading>${msg('You’re booked', {id: 'booking-done-title'})}</h3>
      <p>
        ${a.services.map((x) => pickText(x.name, loc, s.clinic.languages)).join(', ')} ·
        ${msg(str`with ${a.providerName}`, {id: 'booking-with'})}
      </p>
      <p>
        <strong
          >${formatDate(a.start, loc, zone, 'full')}, ${formatTimeRange(a.start, a.end, loc, zone)}</strong
        >
        (${timeZoneLabel(zone, loc, a.start)}) ${renderOwnTime(a.start, a.end, loc, zone)}
      </p>
      <p>
        ${
          a.mode === 'video'
            ? msg('Video visit: the link appears in your portal before the visit.', {
                id: 'booking-video-where',
              })
            : a.location
              ? `${pickText(a.location.name, loc, s.clinic.languages)}, ${a.location.address}`
              : ''
        }
      </p>
      ${
        a.depositPaid
          ? html`<p>
              ${msg(str`Deposit paid: ${formatMoney(a.depositPaid, loc)}`, {id: 'booking-deposit-paid'})}
            </p>`
          : nothing
      }
      ${
        a.cardOnFile
          ? html`<p>
              ${msg(
                str`Your ${cardName(a.cardOnFile)} is on file for the cancellation policy; nothing was charged.`,
                {id: 'booking-card-on-file-done'},
              )}
            </p>`
          : nothing
      }
      ${services
        .filter((x) => x.preVisitInstructions)
        .map(
          (x) =>
            html`<p>
              <strong>${msg('Before your visit', {id: 'booking-pre-visit'})}:</strong>
              ${pickText(x.preVisitInstructions!, loc, s.clinic.languages)}
            </p>`,
        )}
      ${
        // A backend that sends no email (an EHR over FHIR leaves messages to its own system) promises none.
        s.caps.emails !== false
          ? html`<p>${msg('We’ve sent you a confirmation by email.', {id: 'booking-confirmation-sent'})}</p>`
          : nothing
      }
      <portal-add-to-calendar .appointment=${a} .clinic=${s.clinic}></portal-add-to-calendar>
    </section>
    <div class="nav">
      <span class="spacer"></span>
      <button type="button" part="button" @click=${() => w.restart()}>
        ${msg('Book another appointment', {id: 'booking-book-another'})}
      </button>
    </div>
  `;
}

/**
 * "Tell me if an earlier time opens" under the times (#21): the waitlist's own piece, for a
 * signed-in patient on a backend with a waitlist, for the chosen visit (and provider, if chosen).
 */
export function renderWaitlist(w: BookingFlow) {
  const s = w.setup;
  if (!s.caps.waitlist || !w.session) return nothing;
  void import('../../define/portal-waitlist.js');
  const p = w.state.chosenProvider;
  return html`<portal-waitlist
    mode="join"
    exportparts="button"
    .adapter=${w.adapter}
    .clinic=${s.clinic}
    .serviceIds=${w.state.cart}
    .providerId=${p && p !== 'any' ? p : undefined}
  ></portal-waitlist>`;
}

/** "Visa ending 4242": how the widget names a saved card (never more than brand and last four). */
function cardName(card: Pick<SavedCard, 'brand' | 'last4'>): string {
  const brand =
    card.brand === 'visa'
      ? 'Visa'
      : card.brand === 'mastercard'
        ? 'Mastercard'
        : card.brand === 'amex'
          ? 'American Express'
          : msg('Card', {id: 'booking-card-other'});
  return msg(str`${brand} ending ${card.last4}`, {id: 'booking-card-name'});
}

/**
 * The review's card on file (#20 item 4): which saved card is kept for the policy's fees and why,
 * with a choice among her saved cards, and "Add a card" (none saved) or "Use a new card" here.
 */
function renderCardOnFile(w: BookingFlow) {
  const {cards, cardId} = w.state;
  if (!cards) return nothing;
  const s = w.setup!;
  const loc = w.locale;
  const policy = s.clinic.cancellation;
  const amount = cardAuthorizationAmount(s.clinic, null, true);
  const card = cards.find((c) => c.id === cardId);
  const error = w.state.fieldErrors['cardId'];
  const canAdd = !!w.adapter?.startCardSetup;
  return html`<dt>${msg('Card on file', {id: 'booking-card-on-file'})}</dt>
    <dd class="card-on-file">
      ${
        card && amount
          ? html`<p id="card-why">
              ${msg(
                str`We’ll keep your ${cardName(card)} on file. You are only charged if you cancel less than ${policy.windowHours} hours before or miss the visit: ${formatMoney(amount, loc)}.`,
                {id: 'booking-card-on-file-why'},
              )}
            </p>`
          : html`<p id="card-why" class=${canAdd && !error ? '' : 'field-error'}>
              ${
                canAdd
                  ? msg(
                      'The clinic keeps a card on file for late cancellations and missed visits. Add a card to book; nothing is charged now.',
                      {id: 'booking-card-needed-add'},
                    )
                  : msg(
                      'The clinic keeps a card on file for late cancellations and missed visits. Save a card in your billing page, then book.',
                      {id: 'booking-card-needed'},
                    )
              }
            </p>`
      }
      ${
        cards.length > 1
          ? html`<label for="f-card">${msg('Card to keep on file', {id: 'booking-card-choose'})}</label>
              <select
                id="f-card"
                aria-describedby="card-why"
                aria-invalid=${error ? 'true' : 'false'}
                @change=${(e: Event) => w.set({cardId: (e.target as HTMLSelectElement).value, fieldErrors: {}})}
              >
                ${cards.map((c) => html`<option value=${c.id} ?selected=${c.id === cardId}>${cardName(c)}</option>`)}
              </select>`
          : nothing
      }
      ${
        !canAdd
          ? nothing
          : w.state.addingCard
            ? html`<div class="add-card">
                <portal-payment-step
                  .adapter=${w.adapter}
                  .intent=${w.state.addingCard}
                  @portal-payment-succeeded=${() => void cardSaved(w)}
                  ><slot name="payment-field" slot="payment-field"></slot
                ></portal-payment-step>
                <button type="button" part="button" @click=${() => w.set({addingCard: undefined})}>
                  ${msg('Cancel', {id: 'booking-card-add-cancel'})}
                </button>
              </div>`
            : html`<button
                type="button"
                part="button"
                class="add-card-button"
                ?disabled=${w.state.busy || w.offline}
                @click=${() => void addCard(w)}
              >
                ${
                  cards.length
                    ? msg('Use a new card', {id: 'booking-card-add-another'})
                    : msg('Add a card', {id: 'booking-card-add'})
                }
              </button>`
      }
    </dd>`;
}
