/**
 * GENERATED from server/openapi.yaml by openapi-typescript (`npm run openapi:types`): do not edit.
 * `npm run lint` fails when this file is stale. Import it with `import type` only (zero bytes in
 * the bundle); `src/adapters/rest/wire.ts` has the helpers the adapter and the server use.
 */

export interface paths {
  readonly '/health': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    /**
     * Liveness
     * @description The process answers; the database is not asked (see `/ready`).
     */
    readonly get: operations['getHealth'];
    readonly put?: never;
    readonly post?: never;
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/ready': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    /**
     * Readiness
     * @description The database answers and every migration is applied: send traffic. Otherwise 503 with
     *     `Retry-After` (the same answer every request that needs the database gets meanwhile).
     */
    readonly get: operations['getReadiness'];
    readonly put?: never;
    readonly post?: never;
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/webhooks/stripe': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly get?: never;
    readonly put?: never;
    /**
     * Stripe's webhook: payment results
     * @description Stripe's events, with `PORTAL_PAYMENTS=stripe` (otherwise 501). The raw body must carry a
     *     valid `Stripe-Signature` (`t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" keyed with
     *     the endpoint's secret>`, compared in constant time, `t` within 5 minutes of the server's
     *     clock); otherwise 400 and nothing is changed. `payment_intent.succeeded` marks the deposit or
     *     balance payment of that PaymentIntent paid, once, when Stripe's amount and currency are the
     *     ones asked for; `payment_intent.payment_failed` records the failure. `setup_intent.succeeded`
     *     keeps the card a card setup of ours saved (brand, last four, expiry, asked of Stripe by its
     *     PaymentMethod's id), once; `payment_method.detached` removes a saved card detached at Stripe;
     *     `charge.refunded` confirms a deposit refund made through Stripe.
     *     Each handled event's id is remembered: a replay or a concurrent twin changes nothing. Other
     *     event types, and events for objects this server did not create, are acknowledged and
     *     ignored. No CSRF header
     *     (no cookie is read), the usual write limit per address and body limit (256 KiB).
     */
    readonly post: operations['receiveStripeEvent'];
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/capabilities': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    /** What this backend can do */
    readonly get: operations['getCapabilities'];
    readonly put?: never;
    readonly post?: never;
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/clinic': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    /** The clinic */
    readonly get: operations['getClinic'];
    readonly put?: never;
    readonly post?: never;
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/time': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    /**
     * The server's clock
     * @description The server's clock; also the round trip `checkConnection` measures.
     */
    readonly get: operations['getServerTime'];
    readonly put?: never;
    readonly post?: never;
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/catalog': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    /** Services, categories and providers */
    readonly get: operations['getCatalog'];
    readonly put?: never;
    readonly post?: never;
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/cancellation-reasons': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    /** Reasons for cancelling */
    readonly get: operations['getCancellationReasons'];
    readonly put?: never;
    readonly post?: never;
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/session': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    /**
     * The current session
     * @description The current session from the cookie or the bearer token, or null. With the cookie, sends the session's CSRF token in `X-CSRF-Token`.
     */
    readonly get: operations['getSession'];
    readonly put?: never;
    /**
     * Sign in with email and password
     * @description Any wrong email or password gives one generic 422 `credentials: invalid`. Sets the session cookie.
     */
    readonly post: operations['signIn'];
    /**
     * Sign out
     * @description Ends this session (its cookie or bearer token). With `everywhere=true`, ends every session
     *     of the signed-in account: other browsers and devices, bearer tokens (e.g. after a lost
     *     phone). Without a live session there is nothing to end: 204 all the same.
     */
    readonly delete: operations['signOut'];
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/session/second-factor': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly get?: never;
    readonly put?: never;
    /** Verify a sign-in code (second factor) */
    readonly post: operations['verifySignInCode'];
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/session/extend': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly get?: never;
    readonly put?: never;
    /**
     * Extend the session
     * @description Slides the idle timeout. A session still ends at the latest 12 hours after sign-in
     *     (`expiresAt` never goes past that), however often it is extended. A bearer session gets a
     *     new `accessToken`: the token this request was sent with is dead from then on.
     */
    readonly post: operations['extendSession'];
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/invitations/lookup': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly get?: never;
    readonly put?: never;
    /** Look up an invitation */
    readonly post: operations['getInvitation'];
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/invitations/accept': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly get?: never;
    readonly put?: never;
    /** Accept an invitation */
    readonly post: operations['acceptInvitation'];
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/registrations': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly get?: never;
    readonly put?: never;
    /**
     * Register (self-registration)
     * @description Answers 202 whether or not the email is known.
     */
    readonly post: operations['register'];
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/email-verifications': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly get?: never;
    readonly put?: never;
    /**
     * Verify an email address
     * @description Finishes a registration: the token from the emailed link and the password chosen when
     *     registering. Without that password nothing changes, so whoever registered someone else's
     *     address cannot have the owner's click activate a password the owner never set. A wrong password
     *     answers 422 (`password: invalid`) and counts like a failed sign-in of that account from this
     *     address (429 past the limit); the link stays usable until it expires or another registration
     *     of the address is verified.
     */
    readonly post: operations['verifyEmail'];
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/password-resets': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly get?: never;
    readonly put?: never;
    /**
     * Ask for a password reset
     * @description Answers 202 whatever the email and date of birth.
     */
    readonly post: operations['requestPasswordReset'];
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/password-resets/check': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly get?: never;
    readonly put?: never;
    /** Check a password-reset link */
    readonly post: operations['checkPasswordReset'];
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/password-resets/complete': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly get?: never;
    readonly put?: never;
    /** Set a new password from a reset link */
    readonly post: operations['resetPassword'];
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/onboarding/complete': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly get?: never;
    readonly put?: never;
    /** Finish onboarding */
    readonly post: operations['completeOnboarding'];
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/phone-codes': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly get?: never;
    readonly put?: never;
    /** Send a code to a phone */
    readonly post: operations['sendPhoneCode'];
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/phone-codes/verify': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly get?: never;
    readonly put?: never;
    /** Verify a phone code */
    readonly post: operations['verifyPhoneCode'];
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/availability': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    /**
     * Free slots
     * @description Paid for per client address by the weeks read (a 120-day read costs 18 of 600 a minute);
     *     past that, 429 with `Retry-After`, sent after a pause of up to a second, so that a client
     *     asking again at once gets one refusal per connection per second.
     */
    readonly get: operations['getAvailability'];
    readonly put?: never;
    readonly post?: never;
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/holds': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly get?: never;
    readonly put?: never;
    /**
     * Hold a slot
     * @description Holds the slot for `holdMinutes` while the patient types, for a signed-in patient or a guest
     *     with a verified phone (`phoneVerificationToken`). A hold is never renewed. At most 2 live
     *     holds per holder and 30 holds an hour (per holder, and per verified phone for guests): then
     *     429 with `Retry-After`.
     */
    readonly post: operations['holdSlot'];
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/holds/{holdId}': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly get?: never;
    readonly put?: never;
    readonly post?: never;
    /** Release a hold */
    readonly delete: operations['releaseHold'];
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/deposit-intents': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly get?: never;
    readonly put?: never;
    /**
     * The deposit due for a booking
     * @description The deposit due to book this slot with these services, as a payment intent of the clinic's
     *     payment provider (`provider`, as `payments` in the capabilities), or `null` when none is due.
     *     The same `Idempotency-Key` and body give the same intent; the same key with another slot or
     *     services gives 422 `idempotencyKey: invalid`. The booking then names it in `paymentIntentId`
     *     once it is paid: for this slot and these services only, and for one appointment.
     */
    readonly post: operations['createDepositIntent'];
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/deposit-intents/{intentId}/demo-payment': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly get?: never;
    readonly put?: never;
    /**
     * Pay a deposit with a demo test card
     * @description The demo payment provider's confirmation step (`payments: demo` only; not a PortalAdapter
     *     operation but the step `src/payments/demo-provider.ts` calls through the adapter): pays the
     *     intent with a test card. `succeeds`: paid (204, again 204); `declined`: 402 `payment-failed`,
     *     nothing paid, the patient may try again. 404 for an unknown intent, 501 without demo payments.
     */
    readonly post: operations['confirmDemoPayment'];
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/appointments': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    /** The patient's appointments */
    readonly get: operations['listAppointments'];
    readonly put?: never;
    /**
     * Book an appointment
     * @description Books the slot. 201 with the new appointment; the same `Idempotency-Key` and body again give 200
     *     with the same appointment. 409 `slot-taken` when someone else has it (exactly one of any number of
     *     concurrent bookings of one slot succeeds); 409 `hold-expired` when the hold lapsed and the slot is gone.
     *     When a deposit is due (see `createDepositIntent`), `paymentIntentId` names its intent: 422
     *     `paymentIntentId: required` without it, `invalid` for an intent of another slot, services or
     *     amount or one already used; 402 `payment-failed` while it is not paid.
     *     Where the clinic charges a late-cancellation or no-show fee and the visit takes no deposit, a
     *     signed-in booking authorizes a saved card (`cardId`, else the default; #20 item 4): 422
     *     `cardId: required` with no card saved, `cardId: invalid` for a card not the patient's; 402
     *     `payment-failed` when the provider declines it (nothing is booked). The appointment then
     *     shows `cardOnFile`; a late cancellation or a no-show charges the fee to it once, emails the
     *     patient and bills it on the visit's invoice. A guest booking authorizes nothing and is never
     *     charged.
     */
    readonly post: operations['book'];
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/appointments/{id}': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    /** One appointment */
    readonly get: operations['getAppointment'];
    readonly put?: never;
    readonly post?: never;
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/appointments/{id}/confirm': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly get?: never;
    readonly put?: never;
    /** Confirm attendance */
    readonly post: operations['confirmAppointment'];
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/appointments/{id}/cancellation-quote': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    /** What cancelling now costs */
    readonly get: operations['getCancellationQuote'];
    readonly put?: never;
    readonly post?: never;
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/appointments/{id}/cancel': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly get?: never;
    readonly put?: never;
    /**
     * Cancel an appointment
     * @description Cancels the patient's appointment (the late fee, if any, charged to the card on file; a
     *     deposit the clinic's policy refunds, refunded). With Stripe payments the fee is charged and
     *     the deposit refunded at Stripe in the same transaction; Stripe failing: 502 and nothing
     *     changed (the same cancellation again is safe: Stripe's idempotency keys are per fee and
     *     deposit).
     */
    readonly post: operations['cancelAppointment'];
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/appointments/{id}/reschedule': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly get?: never;
    readonly put?: never;
    /**
     * Reschedule an appointment
     * @description Moves the appointment in one transaction; 409 and nothing changed when the new slot is taken.
     */
    readonly post: operations['rescheduleAppointment'];
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/appointments/{id}/video': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    /** Join a video visit */
    readonly get: operations['getVideoJoin'];
    readonly put?: never;
    readonly post?: never;
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/forms': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    /**
     * The patient's forms
     * @description Every questionnaire, consent and instructions of the patient's visits (not cancelled ones), earliest visit first.
     */
    readonly get: operations['listForms'];
    readonly put?: never;
    readonly post?: never;
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/appointments/{id}/forms/{itemId}/questionnaire': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    /** A questionnaire to answer */
    readonly get: operations['getQuestionnaireForm'];
    readonly put?: never;
    readonly post?: never;
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/appointments/{id}/forms/{itemId}/draft': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly get?: never;
    /**
     * Save unfinished answers
     * @description Each answer is checked by its item's type; required items may still be empty.
     */
    readonly put: operations['saveQuestionnaireDraft'];
    readonly post?: never;
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/appointments/{id}/forms/{itemId}/response': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly get?: never;
    readonly put?: never;
    /**
     * Submit answers
     * @description Checked in full (types, options, required, enableWhen); the item is then done.
     */
    readonly post: operations['submitQuestionnaire'];
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/appointments/{id}/forms/{itemId}/consent': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    /** A consent to sign */
    readonly get: operations['getConsentForm'];
    readonly put?: never;
    readonly post?: never;
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/appointments/{id}/forms/{itemId}/consent/pdf': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    /**
     * A signed consent as a PDF
     * @description The signed consent as a PDF made by the server (A4, text): the document's title and text, its
     *     version, the name the patient typed, the drawn signature (an image) when there is one, the
     *     time signed (clinic's time zone) and the version signed; labels in `language`, dates as `locale` writes them. `Cache-Control: no-store`,
     *     `X-Content-Type-Options: nosniff`, named `consent.pdf`. Only the patient's own
     *     consent items; 404 while not signed. Audited (`forms.consent.pdf`, ids only). A language
     *     other than `es`/`en` or a malformed locale: 422.
     */
    readonly get: operations['getConsentPdf'];
    readonly put?: never;
    readonly post?: never;
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/appointments/{id}/forms/{itemId}/signature': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly get?: never;
    readonly put?: never;
    /**
     * Sign a consent
     * @description Records the version signed, the name as typed, the time and, when the patient drew one, the
     *     drawn signature (PNG); the item is then done. A drawn signature that is not a PNG, too
     *     large or malformed: 422 and nothing is recorded.
     */
    readonly post: operations['signConsent'];
    /**
     * Withdraw a signed consent
     * @description Withdraws the patient's signature where the clinic's consent document allows it now
     *     (`ConsentDocument.withdrawal`: `before-visit` while the visit is still ahead, `any-time`
     *     while it is not cancelled; `ConsentForm.withdrawable` says so). The signature is kept as
     *     withdrawn with the time (`ConsentForm.withdrawn`) and the visit item is to do again, so the
     *     patient can sign it again. Not signed, not allowed, the visit started or cancelled, or
     *     already withdrawn by a second request at the same time: 422 `item: unavailable` and nothing
     *     changes. Only the patient's own items (404 otherwise). Audited (`forms.consent.withdraw`,
     *     ids only).
     */
    readonly delete: operations['withdrawConsent'];
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/documents': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    /**
     * The patient's documents
     * @description Newest first, optionally one folder; with the clinic's upload limit.
     */
    readonly get: operations['listDocuments'];
    readonly put?: never;
    /**
     * Upload a document
     * @description One file to "Uploaded by you", base64 in JSON. Refused (422, nothing stored): no bytes
     *     (`file: file-empty`), over the clinic's limit (`file-too-large`; a body over the route's
     *     limit: `body: too-long`), HEIC (`file-heic`), anything but PDF, JPEG or PNG by its first
     *     bytes (`file-type`), a category missing or unknown, a note over 500 characters.
     */
    readonly post: operations['uploadDocument'];
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/documents/{documentId}': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly get?: never;
    readonly put?: never;
    readonly post?: never;
    /**
     * Delete one of the patient's own uploads
     * @description Only a document in "Uploaded by you" of the signed-in patient; a clinic document, another
     *     patient's id or an unknown id answers 404 and nothing is deleted. Audited
     *     (`documents.delete`, or `documents.denied` with the id).
     */
    readonly delete: operations['deleteDocument'];
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/documents/{documentId}/refill-requests': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly get?: never;
    readonly put?: never;
    /**
     * Ask the clinic to refill a prescription
     * @description Sends the clinic a message in the patient's conversations (a new conversation, topic
     *     `general`) naming the medication, dose, date and file, with her optional note. Allowed when
     *     the clinic takes refill requests, the prescriber allows refills, some are left and the
     *     prescription has not expired (`refillStatus`); otherwise 422 `refill: unavailable`, nothing
     *     sent (also for one of her documents that is not a prescription with details). While an
     *     earlier request waits for the clinic's answer: 200 with that request
     *     (`alreadyRequested: true`), nothing new sent. Another patient's or an unknown id: 404.
     *     Counted against the patient's message limits; audited (`documents.refill`, ids only).
     */
    readonly post: operations['requestRefill'];
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/documents/{documentId}/content': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    /**
     * A document's bytes
     * @description The file itself, with `Content-Disposition` (`inline` to open it in the browser's viewer,
     *     `attachment` to save it) and its cleaned original name, `Cache-Control: no-store` and
     *     `X-Content-Type-Options: nosniff`. Marks the document opened. Only with the owner's session:
     *     no link that works without it. Audited (`documents.download`, ids only). A stored file that
     *     cannot be read back: 503 `document-unreadable` (audited `documents.unreadable`).
     */
    readonly get: operations['downloadDocument'];
    readonly put?: never;
    readonly post?: never;
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/invoices': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    /**
     * The patient's invoices
     * @description Newest first, with the balance due across them in the clinic's currency.
     */
    readonly get: operations['listInvoices'];
    readonly put?: never;
    readonly post?: never;
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/invoices/{invoiceId}': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    /** One of the patient's invoices */
    readonly get: operations['getInvoice'];
    readonly put?: never;
    readonly post?: never;
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/invoices/{invoiceId}/pdf': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    /**
     * An invoice as a PDF
     * @description The invoice as a PDF (A4, text), its labels in `language`, its amounts and dates as `locale`
     *     writes them, named after the invoice's number; `Cache-Control: no-store`,
     *     `X-Content-Type-Options: nosniff`. Only with the owner's session. Audited (`billing.pdf`,
     *     ids only). A language other than `es`/`en` or a malformed locale: 422.
     */
    readonly get: operations['getInvoicePdf'];
    readonly put?: never;
    readonly post?: never;
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/invoices/{invoiceId}/payment-intents': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly get?: never;
    readonly put?: never;
    /**
     * Pay an invoice's balance
     * @description A payment intent of the clinic's payment provider (`provider`, as `payments` in the
     *     capabilities) for the invoice's balance due, or `null` when nothing is due. The same
     *     `Idempotency-Key` gives the same intent (a key used for another invoice: 422
     *     `idempotencyKey: invalid`); while an intent for the invoice is unpaid, every request gets
     *     that one — one open intent per invoice, across servers — so a balance is never paid twice.
     *     The demo provider's step pays it (`POST /deposit-intents/{intentId}/demo-payment`); the
     *     invoice then lists the payment. Only the invoice's own patient (another's: 404).
     */
    readonly post: operations['createInvoicePaymentIntent'];
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/payments/{paymentId}/receipt': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    /**
     * A receipt for one payment history entry, as a PDF
     * @description The receipt of one deposit, payment, refund or fee of the patient's payment history (`id`
     *     from `GET /payments`): the clinic (name, address, tax id), whom it was received from (her
     *     billing name and tax id), the amount, the method (the card's brand and last four where it is
     *     recorded), the date and time in the clinic's zone, and what it paid (invoice number, visit,
     *     items). Labels in `language`, numbers as `locale` writes them; named after the receipt's
     *     number; `Cache-Control: no-store`, `nosniff`. Only the owner (another's or an unknown id:
     *     404). Audited (`billing.receipt` / `billing.denied`, ids only).
     */
    readonly get: operations['getReceiptPdf'];
    readonly put?: never;
    readonly post?: never;
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/billing-details': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    /**
     * The patient's billing details
     * @description Whom her invoices are made out to, and the clinic's country (which fields apply).
     */
    readonly get: operations['getBillingDetails'];
    /**
     * Save the patient's billing details
     * @description Replaces her billing details; every invoice (screen and PDF) is made out to them from now
     *     on. 422 field by field for bad input (nothing stored). Audited (`billing.details`, without
     *     the values).
     */
    readonly put: operations['saveBillingDetails'];
    readonly post?: never;
    /**
     * Remove the patient's billing details
     * @description Removes her billing details (the domain's `billingDetailsRemoved`): none kept, so every
     *     invoice (screen and PDF) is made out to her name as the portal knows it again. With none,
     *     the same answer (200, nothing to remove). Answers the view with `details: null`. Audited
     *     (`billing.details-removed`, ids only).
     */
    readonly delete: operations['removeBillingDetails'];
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/payments': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    /**
     * The patient's payment history
     * @description Deposits, payments, refunds and fees of every invoice, newest first.
     */
    readonly get: operations['listPayments'];
    readonly put?: never;
    readonly post?: never;
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/conversations': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    /**
     * The patient's conversations
     * @description Latest activity first, each with its unread count; the unread total (the portal's
     *     navigation shows it) and the clinic's settings (topics, reply time, emergency number). What
     *     the element polls.
     */
    readonly get: operations['listConversations'];
    readonly put?: never;
    /**
     * Start a conversation
     * @description A topic the clinic offers and a first message. Refused (422, nothing stored): a topic missing
     *     (`topic: required`) or not offered (`invalid`), a message empty (`body: required`), over 2000
     *     characters (`too-long`) or with control characters (`invalid`), or files the documents'
     *     upload rule refuses (`AttachmentUploads`). Audited (`messages.start`). With files, the body
     *     may be as large as the files in base64.
     */
    readonly post: operations['startConversation'];
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/conversations/{conversationId}': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    /**
     * A conversation with its messages
     * @description Oldest first. Reading it does not mark it read. Another patient's id answers 404.
     */
    readonly get: operations['getConversation'];
    readonly put?: never;
    readonly post?: never;
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/conversations/{conversationId}/messages': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly get?: never;
    readonly put?: never;
    /**
     * Reply in a conversation
     * @description The patient's message (the same rules as a first message, files too). Audited (`messages.reply`).
     */
    readonly post: operations['replyToConversation'];
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/conversations/{conversationId}/read': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly get?: never;
    readonly put?: never;
    /**
     * Mark a conversation read
     * @description Every message so far; the unread counts drop.
     */
    readonly post: operations['markConversationRead'];
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/message-attachments/{attachmentId}/content': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    /**
     * A message's file
     * @description The bytes of a file sent with a message in one of the patient's conversations (hers or the
     *     clinic's), as a document's download: `Content-Disposition` (`inline` or `attachment`) with
     *     its cleaned name, `Cache-Control: no-store`, `X-Content-Type-Options: nosniff`. Only with
     *     the owner's session: no link that works without it. Another patient's or an unknown id:
     *     404 (audited `messages.attachment-denied`). Audited (`messages.attachment-download`, ids
     *     only). A stored file that cannot be read back: 503 `document-unreadable`.
     */
    readonly get: operations['downloadAttachment'];
    readonly put?: never;
    readonly post?: never;
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/cards': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    /** The patient's cards on file */
    readonly get: operations['listCards'];
    readonly put?: never;
    readonly post?: never;
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/card-setups': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly get?: never;
    readonly put?: never;
    /**
     * Start saving a card (no charge)
     * @description A card setup of the clinic's payment provider (`mode: setup`, amount 0): the provider's step
     *     collects the card and confirms it; the card is then in `GET /cards` (the first is the
     *     default). The same `Idempotency-Key` gives the same setup (keys are the patient's own). At
     *     most 10 cards (422 `cards: too-many`). With Stripe (`provider: stripe`, with `clientSecret`
     *     and `publishableKey` for Stripe's Payment Element) it is a SetupIntent on the patient's
     *     Stripe Customer; Stripe failing: 502, nothing stored.
     */
    readonly post: operations['startCardSetup'];
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/card-setups/{setupId}/demo-confirmation': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly get?: never;
    readonly put?: never;
    /**
     * Save a demo test card
     * @description The demo provider's confirmation of a card setup (`payments: demo` only; 501 otherwise): saves the chosen
     *     test card (204; again: 204, still one card), or 402 `payment-failed` for `declined` (nothing
     *     saved; the patient may try again). Only the setup's own patient (another's: 404).
     */
    readonly post: operations['confirmDemoCardSetup'];
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/cards/{cardId}/default': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly get?: never;
    readonly put?: never;
    /**
     * Make a card the default
     * @description The card fees are charged to when no other was authorized. Audited (`cards.default`).
     */
    readonly post: operations['setDefaultCard'];
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/cards/{cardId}': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly get?: never;
    readonly put?: never;
    readonly post?: never;
    /**
     * Remove a card
     * @description Forgets the card (the newest card left becomes the default if it was). Audited
     *     (`cards.remove`). With Stripe the card is detached from the patient's Stripe Customer first
     *     (never chargeable again); Stripe failing: 502, the card kept.
     */
    readonly delete: operations['removeCard'];
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/medical': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    /** The patient's medical information */
    readonly get: operations['getMedicalInfo'];
    readonly put?: never;
    readonly post?: never;
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/medical/{list}': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly get?: never;
    readonly put?: never;
    /**
     * Add an entry to a list
     * @description Adds an entry, "reported by you" and not reviewed. 422 field by field (nothing stored) for
     *     bad input, `list: invalid` for an unknown list, `<list>: too-many` past 50 entries. Audited
     *     (`medical.add`).
     */
    readonly post: operations['addMedicalEntry'];
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/medical/{list}/{entryId}': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly get?: never;
    /**
     * Correct an entry
     * @description Replaces what the entry says; it becomes "reported by you" and not reviewed, even if the
     *     clinic wrote it. Another patient's entry, another list's or an unknown id: 404 (audited
     *     `medical.denied`); bad input: 422, nothing changed. Audited (`medical.update`).
     */
    readonly put: operations['updateMedicalEntry'];
    readonly post?: never;
    /**
     * Remove an entry
     * @description Removes one of the patient's entries. Another patient's entry, another list's or an
     *     unknown id: 404 (audited `medical.denied`). Audited (`medical.remove`).
     */
    readonly delete: operations['removeMedicalEntry'];
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/insurance-cards': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    /** The patient's insurance cards */
    readonly get: operations['listInsuranceCards'];
    readonly put?: never;
    /**
     * Add an insurance card
     * @description Adds a card (her first one is primary). 422 field by field (nothing stored) for bad input,
     *     `cards: too-many` past 5 cards. Audited (`insurance.add`).
     */
    readonly post: operations['addInsuranceCard'];
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/insurance-cards/{cardId}': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly get?: never;
    /**
     * Correct an insurance card
     * @description Replaces what the card says (whether it is primary stays). Another patient's card or an
     *     unknown id: 404 (audited `insurance.denied`); bad input: 422, nothing changed. Audited
     *     (`insurance.update`).
     */
    readonly put: operations['updateInsuranceCard'];
    readonly post?: never;
    /**
     * Remove an insurance card
     * @description Removes one of the patient's cards; when it was the primary, the oldest card left becomes
     *     primary. Another patient's card or an unknown id: 404 (audited `insurance.denied`).
     *     Audited (`insurance.remove`).
     */
    readonly delete: operations['removeInsuranceCard'];
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/insurance-cards/{cardId}/primary': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly get?: never;
    readonly put?: never;
    /**
     * Make an insurance card the primary one
     * @description The others stop being primary. Audited (`insurance.primary`).
     */
    readonly post: operations['setPrimaryInsuranceCard'];
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/insurance-cards/{cardId}/photos/{side}': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path: {
        /** @description The insurance card's id (from `GET /insurance-cards`). */
        readonly cardId: components['parameters']['InsuranceCardId'];
        /** @description The card's `front` or `back`. */
        readonly side: 'front' | 'back';
      };
      readonly cookie?: never;
    };
    /**
     * The photo of one side of an insurance card
     * @description The bytes, as the profile photo's (`Cache-Control: private, no-store`, `nosniff`), only
     *     with the card owner's session. No photo of that side yet: 204 (nothing to show, not an
     *     error). Another patient's card or an unknown one: 404.
     */
    readonly get: operations['getInsuranceCardPhoto'];
    /**
     * Store the photo of one side of an insurance card
     * @description Replaces that side's photo. The profile photo's rule (`rules/profile-image.ts`): 422 with
     *     `photo` (`file-empty`, `file-too-large`, `file-heic`, `file-type` — a PDF or an SVG renamed
     *     `.jpg` —, `invalid`) and nothing stored; a body past 5 MB in base64 is refused before it is
     *     read. Another patient's card: 404 (audited `insurance.denied`). Audited
     *     (`insurance.photo-upload`, the card's id only).
     */
    readonly put: operations['uploadInsuranceCardPhoto'];
    readonly post?: never;
    /**
     * Remove the photo of one side of an insurance card
     * @description None: nothing to do. Another patient's card: 404. Audited (`insurance.photo-remove`).
     */
    readonly delete: operations['removeInsuranceCardPhoto'];
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/people': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    /**
     * The people the signed-in holder may act for
     * @description Herself first, then the dependents she holds a live grant for (oldest first), each with the
     *     grant's scope. Never with `Portal-Acting-For` (404).
     */
    readonly get: operations['listPeople'];
    readonly put?: never;
    readonly post?: never;
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/proxy-invitations': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly get?: never;
    readonly put?: never;
    /**
     * Invite someone to act for her
     * @description The adult's own invitation (family members): an email with a single-use link
     *     (`#portal-proxy-invitation=TOKEN`, 7 days) goes to the address, whether or not it has an
     *     account (the answer does not say). A minor: 403. 422 field by field: `email` `required`,
     *     `invalid-email`, `invalid` (her own address), `duplicate` (someone who already has access
     *     or an invitation waiting), `too-many` (ten waiting); `scope`, `relationship`. Five a day
     *     (429). Audited (`proxy.invite`). Never with `Portal-Acting-For` (404).
     */
    readonly post: operations['inviteProxy'];
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/proxy-invitations/lookup': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly get?: never;
    readonly put?: never;
    /**
     * What an invitation's link offers
     * @description The token from the link's fragment, for the signed-in account it was sent to (its email,
     *     case-insensitively): who invites, the relationship and the scope. Another address's account:
     *     403; unknown, used, withdrawn or expired: 410.
     */
    readonly post: operations['getProxyInvitation'];
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/proxy-invitations/answer': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly get?: never;
    readonly put?: never;
    /**
     * Accept or decline an invitation
     * @description Accepting records the grant for the signed-in account (the same grant the clinic records:
     *     she then lists the inviter in `GET /people`) and emails the inviter; declining records
     *     nothing else. The link is used up either way. Errors as the lookup. Audited
     *     (`proxy.invitation.accept`, `proxy.invitation.decline`).
     */
    readonly post: operations['answerProxyInvitation'];
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/proxy-access': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    /**
     * Who may see her information
     * @description The live grants for the signed-in patient (the clinic's and by invitation: the holder's
     *     name, relationship, scope and since when) and her invitations waiting. Never with
     *     `Portal-Acting-For` (404).
     */
    readonly get: operations['listProxyAccess'];
    readonly put?: never;
    readonly post?: never;
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/proxy-access/{id}': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly get?: never;
    readonly put?: never;
    readonly post?: never;
    /**
     * Revoke a grant or withdraw an invitation
     * @description A grant's id: it ends now (the holder's very next request for her is 404); audited
     *     `proxy.revoke`. A waiting invitation's id: its link stops working; audited
     *     `proxy.invitation.withdraw`. Another patient's or unknown: 404.
     */
    readonly delete: operations['revokeProxyAccess'];
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/waitlist': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    /**
     * The patient's waitlist entries
     * @description Her waiting entries, first joined first (booked and past ones are not listed).
     */
    readonly get: operations['listWaitlist'];
    readonly put?: never;
    /**
     * Join the waitlist
     * @description "Tell me if an earlier time opens": 422 field by field (nothing stored) for bad input.
     *     Audited (`waitlist.join`).
     */
    readonly post: operations['joinWaitlist'];
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/waitlist/{entryId}': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly get?: never;
    readonly put?: never;
    readonly post?: never;
    /**
     * Leave the waitlist
     * @description Ends one of the patient's entries. Another patient's entry or an unknown id: 404 (audited
     *     `waitlist.denied`). Audited (`waitlist.leave`).
     */
    readonly delete: operations['leaveWaitlist'];
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/waitlist-offers/resolve': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly get?: never;
    readonly put?: never;
    /**
     * What an offer's link stands for
     * @description The offered time and whether it can still be booked (`open`, `gone`, `booked`), with the
     *     token from the link's fragment alone. Unknown token: 410.
     */
    readonly post: operations['resolveWaitlistOffer'];
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/waitlist-offers/accept': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly get?: never;
    readonly put?: never;
    /**
     * Book the offered time
     * @description Books the offered time for the patient the offer went to, with the token alone, under the
     *     provider's calendar lock: of several offered patients accepting at once exactly one books
     *     it, the others get 409 (`slot-taken`). Accepting again answers the same appointment.
     *     Unknown token: 410. Audited (`waitlist.accept`). Where the clinic keeps a card on file for
     *     its late-cancellation or no-show fee (and the visit takes no deposit), the patient's
     *     default saved card is authorized as a signed-in booking's is: none saved is 422
     *     (`cardId: required`), a declined card 402 (`payment-failed`); either way nothing is booked
     *     and the offer stays held for her until it expires.
     */
    readonly post: operations['acceptWaitlistOffer'];
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/reminder-links/resolve': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly get?: never;
    readonly put?: never;
    /** Resolve a reminder link */
    readonly post: operations['resolveReminderToken'];
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/reminder-links/apply': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly get?: never;
    readonly put?: never;
    /** Confirm or cancel from a reminder link */
    readonly post: operations['applyReminderAction'];
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/reminder-preferences': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    /** Reminder preferences */
    readonly get: operations['getReminderPreferences'];
    /** Save reminder preferences */
    readonly put: operations['saveReminderPreferences'];
    readonly post?: never;
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/reminder-preferences/test': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly get?: never;
    readonly put?: never;
    /** Send a test reminder */
    readonly post: operations['sendTestReminder'];
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/profile': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    /** The patient's own details */
    readonly get: operations['getProfile'];
    /**
     * Change the patient's details
     * @description Only the fields given change; every field's problem at once (422), nothing stored then.
     */
    readonly put: operations['updateProfile'];
    readonly post?: never;
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/profile/email-change': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly get?: never;
    readonly put?: never;
    /**
     * Ask to change the email address
     * @description Checks the current password (wrong ones count like failed sign-ins), then sends a link to the new address and tells the current one. The same answer whether or not another account uses the new address. One request a minute.
     */
    readonly post: operations['requestEmailChange'];
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/profile/email-change/confirm': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly get?: never;
    readonly put?: never;
    /**
     * Confirm a new email address
     * @description The token from the link sent to the new address; no session needed. Single use, 24 hours.
     */
    readonly post: operations['confirmEmailChange'];
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/profile/password': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly get?: never;
    readonly put?: never;
    /**
     * Change the password
     * @description Current password checked (counted like sign-ins), the registration rules for the new one; every other session ends.
     */
    readonly post: operations['changePassword'];
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/profile/security-question': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly get?: never;
    /**
     * Set her security question and answer
     * @description Where the clinic asks for one (`Clinic.securityQuestion`; otherwise 501). The current password is checked (counted like sign-ins); the answer is stored as a hash of its normalized form, never returned or logged. Answers the profile.
     */
    readonly put: operations['setSecurityAnswer'];
    readonly post?: never;
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/profile/security-question/removal': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly get?: never;
    readonly put?: never;
    /**
     * Remove her security question
     * @description Where the clinic's setting is `optional` (`Clinic.securityQuestion`; not asked: 501). Where the clinic requires one, 422 `question: required` before the password is looked at (`rules/security-answer.ts`). The current password is checked (counted like sign-ins). With none set, the same answer. Answers the profile.
     */
    readonly post: operations['removeSecurityAnswer'];
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/profile/sessions': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    /** The patient's sessions */
    readonly get: operations['listSessions'];
    readonly put?: never;
    readonly post?: never;
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/profile/sessions/sign-out-others': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly get?: never;
    readonly put?: never;
    /** Sign out everywhere else */
    readonly post: operations['signOutOtherSessions'];
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/profile/photo': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    /**
     * The patient's profile photo
     * @description Her photo's bytes, with the type sniffed when they were stored, `Cache-Control: private,
     *     no-store` and `X-Content-Type-Options: nosniff`. Only with her session: there is no address
     *     for anyone else's photo and no link that works without it. No photo yet: 204 (nothing to
     *     show, not an error: a browser logs every 404 as an error in the host page's console).
     */
    readonly get: operations['getProfilePhoto'];
    /**
     * Store the patient's profile photo
     * @description Replaces her photo. 422 with `photo` (`file-empty`, `file-too-large`, `file-heic`,
     *     `file-type` for anything but JPEG, PNG or WebP by its bytes — a PDF or an SVG renamed
     *     `.jpg` —, `invalid` for bad base64 or a size it cannot decode) and nothing stored; a body
     *     past 5 MB in base64 is refused before it is read (`body: too-long`). Audited
     *     (`photo.upload`, her id only).
     */
    readonly put: operations['uploadProfilePhoto'];
    readonly post?: never;
    /**
     * Remove the patient's profile photo
     * @description Removes her photo (none: nothing to do). Audited (`photo.remove`).
     */
    readonly delete: operations['removeProfilePhoto'];
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/outbox': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    /**
     * Messages sent (testing only)
     * @description Every message the server sent (email, SMS, voice) after the sequence number `after`, oldest
     *     first, at most 200 per answer (ask again with `last`). Codes and links included: testing only.
     */
    readonly get: operations['devOutbox'];
    readonly put?: never;
    readonly post?: never;
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/reminders': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly get?: never;
    readonly put?: never;
    /**
     * Send the due reminders now (testing only)
     * @description The reminder pass the scheduler runs every minute, now, then a delivery run.
     */
    readonly post: operations['devSendReminders'];
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/conversations/{conversationId}/reply': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly get?: never;
    readonly put?: never;
    /**
     * The clinic answers a conversation (testing only)
     * @description The staff side of messages for the demo and the contract suite (as `npm run server:reply`):
     *     the clinic's message, then a delivery run (the patient's email says an answer is waiting).
     */
    readonly post: operations['devReplyAsClinic'];
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/patients/{patientId}/documents': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly get?: never;
    readonly put?: never;
    /**
     * The clinic adds a document for a patient (testing only)
     * @description The staff side of documents for the demo and the contract suite (as
     *     `npm run server:add-document`): checked by the same rule (a clinic folder, a cleaned name,
     *     PDF, JPEG or PNG by its bytes, within the clinic's size limit; nothing stored when refused),
     *     stored "New", audited `documents.clinic-add` with ids only; then a delivery run (the
     *     patient's "A new document is available" email, which never names it).
     */
    readonly post: operations['devAddClinicDocument'];
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/proxy-grants': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly get?: never;
    readonly put?: never;
    /**
     * The clinic grants or revokes family access (testing only)
     * @description The staff side of family members (#21) for the demo and the contract suite (as
     *     `npm run server:grant`): grants a holder access to a dependent's record with a scope
     *     (`full` or `appointments`), changes the scope of her live grant, or revokes it
     *     (`revoke: true`); her next request acting for that person follows. Audited
     *     (`proxy.grant`, `proxy.revoke`) with ids only.
     */
    readonly post: operations['devSetProxyGrant'];
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/appointments/{appointmentId}/no-show': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly get?: never;
    readonly put?: never;
    /**
     * The clinic marks a visit a no-show (testing only)
     * @description The staff side of the no-show fee for the demo and the contract suite (as
     *     `npm run server:no-show`): the visit (active and started) becomes `no-show`; when the
     *     patient booked it herself with a card on file and the clinic has a `noShowFee`, the fee is
     *     charged to that card once (the default card when that one is gone or declines; recorded as
     *     due when none takes it), emailed and billed on the visit's invoice; then a delivery run.
     *     Marking it again answers the same appointment and charges nothing.
     */
    readonly post: operations['devMarkNoShow'];
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/demo-patient': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    /**
     * The seeded patient's sign-in (testing only)
     * @description A seeded patient with an account (the demo clinic's published one): email, password and date
     *     of birth; `{"patientEmail": null}` when the data has none.
     */
    readonly get: operations['devDemoPatient'];
    readonly put?: never;
    readonly post?: never;
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/clock': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly get?: never;
    readonly put?: never;
    /**
     * Set the server's clock (testing only)
     * @description The clock every rule follows (cancellation windows, reminders, video rooms, session expiry):
     *     `{"now": <epoch ms>}` stops it there, `{"advanceBy": <ms>}` moves a stopped clock on, and
     *     `{"now": null}` gives real time back.
     */
    readonly post: operations['devSetClock'];
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly '/reset': {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly get?: never;
    readonly put?: never;
    /**
     * Back to the demo seed (testing only)
     * @description Every table emptied and the clinic seeded again as of the clock now (its demo patients and
     *     their appointments included), rate limits cleared.
     */
    readonly post: operations['devReset'];
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    readonly FhirExtension: {
      readonly url: string;
      readonly valueCode?: string;
      readonly valueString?: string;
      readonly valueCodeableConcept?: {
        readonly coding?: readonly components['schemas']['Coding'][];
      };
      readonly extension?: readonly components['schemas']['FhirExtension'][];
    };
    readonly FhirElement: {
      readonly extension?: readonly components['schemas']['FhirExtension'][];
    };
    readonly Coding: {
      readonly system?: string;
      readonly code?: string;
      readonly display?: string;
      readonly _display?: components['schemas']['FhirElement'];
    };
    /** @description One FHIR `value[x]`; exactly one key is set. */
    readonly AnswerValue: {
      readonly valueBoolean?: boolean;
      readonly valueDecimal?: number;
      readonly valueInteger?: number;
      readonly valueDate?: string;
      readonly valueDateTime?: string;
      readonly valueTime?: string;
      readonly valueString?: string;
      readonly valueCoding?: components['schemas']['Coding'];
    };
    readonly AnswerOption: components['schemas']['AnswerValue'] & {
      readonly initialSelected?: boolean;
    };
    readonly EnableWhen: {
      readonly question: string;
      /** @enum {string} */
      readonly operator: 'exists' | '=' | '!=' | '>' | '<' | '>=' | '<=';
      readonly answerBoolean?: boolean;
      readonly answerDecimal?: number;
      readonly answerInteger?: number;
      readonly answerDate?: string;
      readonly answerDateTime?: string;
      readonly answerTime?: string;
      readonly answerString?: string;
      readonly answerCoding?: components['schemas']['Coding'];
    };
    /** @description A FHIR R4 Questionnaire item (the subset `<patient-forms>` renders; other fields pass through). */
    readonly QuestionnaireItem: {
      readonly linkId: string;
      readonly prefix?: string;
      readonly text?: string;
      readonly _text?: components['schemas']['FhirElement'];
      readonly type: string;
      readonly required?: boolean;
      readonly repeats?: boolean;
      readonly readOnly?: boolean;
      readonly maxLength?: number;
      readonly enableWhen?: readonly components['schemas']['EnableWhen'][];
      /** @enum {string} */
      readonly enableBehavior?: 'all' | 'any';
      readonly initial?: readonly components['schemas']['AnswerValue'][];
      readonly answerOption?: readonly components['schemas']['AnswerOption'][];
      /** @description The answers' value set; `#id` names a ValueSet in the questionnaire's `contained` (expanded into options). Others are not resolved. */
      readonly answerValueSet?: string;
      readonly extension?: readonly components['schemas']['FhirExtension'][];
      readonly item?: readonly components['schemas']['QuestionnaireItem'][];
    };
    /** @description A FHIR R4 Questionnaire resource. */
    readonly Questionnaire: {
      /** @constant */
      readonly resourceType: 'Questionnaire';
      readonly id?: string;
      readonly url?: string;
      readonly version?: string;
      readonly language?: string;
      readonly title?: string;
      readonly _title?: components['schemas']['FhirElement'];
      /** @enum {string} */
      readonly status: 'draft' | 'active' | 'retired' | 'unknown';
      /** @description FHIR resources inside the questionnaire (ValueSets named by `answerValueSet`). */
      readonly contained?: readonly {
        readonly resourceType: string;
        readonly id?: string;
      }[];
      readonly item?: readonly components['schemas']['QuestionnaireItem'][];
    };
    readonly ResponseAnswer: components['schemas']['AnswerValue'] & {
      readonly item?: readonly components['schemas']['ResponseItem'][];
    };
    readonly ResponseItem: {
      readonly linkId: string;
      readonly text?: string;
      readonly answer?: readonly components['schemas']['ResponseAnswer'][];
      readonly item?: readonly components['schemas']['ResponseItem'][];
    };
    /** @description A FHIR R4 QuestionnaireResponse (answers by `linkId`). */
    readonly QuestionnaireResponse: {
      /** @constant */
      readonly resourceType: 'QuestionnaireResponse';
      readonly questionnaire?: string;
      /** @enum {string} */
      readonly status: 'in-progress' | 'completed';
      readonly authored?: string;
      readonly item?: readonly components['schemas']['ResponseItem'][];
    };
    readonly ConsentDocument: {
      readonly id: string;
      readonly version: string;
      readonly title: components['schemas']['LocalizedText'];
      readonly body: components['schemas']['LocalizedText'];
      /**
       * @description Whether the patient may withdraw a signature from the portal: `before-visit` while the
       *     visit is still ahead (a treatment's consent), `any-time` while the visit is not
       *     cancelled. Absent: no withdrawal in the portal (the patient asks the clinic).
       * @enum {string}
       */
      readonly withdrawal?: 'before-visit' | 'any-time';
    };
    readonly ConsentSignRequest: {
      readonly version: string;
      readonly typedName: string;
      readonly agreed: boolean;
      /**
       * @description An optional drawn signature: base64 (no `data:` prefix) of a PNG of at most 102400 bytes,
       *     8 bits per channel, not interlaced, greyscale/RGB with or without alpha, 16–2400 px wide
       *     and 16–1200 px high, whose image data decodes. Anything else answers 422 with
       *     `signatureImage`: `file-type` (not a PNG), `file-too-large` or `invalid`; nothing is
       *     stored. Ancillary chunks (text, metadata) are dropped. The typed name alone is enough.
       */
      readonly signatureImage?: string;
    };
    readonly ConsentSignature: {
      readonly consentId: string;
      readonly version: string;
      readonly typedName: string;
      readonly signedAt: components['schemas']['Instant'];
      /** @description The drawn signature as stored (base64 of the PNG), when the patient drew one. */
      readonly signatureImage?: string;
    };
    /**
     * @description `uploads` is "Uploaded by you".
     * @enum {string}
     */
    readonly DocumentFolder: 'results' | 'prescriptions' | 'reports' | 'images' | 'uploads';
    /** @enum {string} */
    readonly UploadCategory: 'results' | 'prescriptions' | 'reports' | 'images' | 'other';
    readonly PatientDocument: {
      readonly id: string;
      readonly folder: components['schemas']['DocumentFolder'];
      readonly category?: components['schemas']['UploadCategory'];
      /** @description The original name, cleaned (no path, no control characters). */
      readonly fileName: string;
      /** @enum {string} */
      readonly contentType: 'application/pdf' | 'image/jpeg' | 'image/png';
      readonly size: number;
      readonly createdAt: components['schemas']['Instant'];
      /** @description The provider or clinic; absent on the patient's uploads. */
      readonly author?: string;
      readonly note?: string;
      /** @description A clinic document not yet opened or downloaded. */
      readonly isNew: boolean;
      readonly results?: components['schemas']['LabResults'];
      readonly prescription?: components['schemas']['PrescriptionDetails'];
    };
    /**
     * @description How a value compares with its reference range (`abnormal`: a text result outside what is expected).
     * @enum {string}
     */
    readonly LabFlag: 'high' | 'low' | 'normal' | 'abnormal';
    readonly LabValue: {
      /** @description What was measured, in the clinic's words. */
      readonly name: string;
      readonly value: number | string;
      readonly unit?: string;
      readonly referenceRange?: {
        readonly low?: number;
        readonly high?: number;
        readonly text?: string;
      };
      readonly interpretation?: components['schemas']['LabFlag'];
    };
    /** @description A lab result's structured values, when the clinic's system gives them (results only). */
    readonly LabResults: {
      readonly values: readonly components['schemas']['LabValue'][];
      readonly collectedAt?: components['schemas']['Instant'];
    };
    /** @description A prescription's details, when the clinic's system gives them (prescriptions only). */
    readonly PrescriptionDetails: {
      readonly medication: string;
      readonly dose: string;
      readonly instructions: string;
      readonly prescriber: string;
      readonly date: components['schemas']['PlainDate'];
      readonly refillsAllowed: boolean;
      readonly refillsLeft: number;
      readonly expiresOn?: components['schemas']['PlainDate'];
      /** @description A refill the patient asked for that the clinic has not answered yet. */
      readonly pendingRefill?: {
        readonly requestedAt: components['schemas']['Instant'];
        readonly conversationId: string;
      };
    };
    readonly RefillRequestBody: {
      /** @description Optional, for the clinic: 500 characters at most (longer: 422 `note: too-long`). */
      readonly note?: string;
    };
    readonly RefillRequest: {
      readonly documentId: string;
      /** @description The conversation in the patient's messages it went to. */
      readonly conversationId: string;
      readonly requestedAt: components['schemas']['Instant'];
      /** @description A request was still waiting for the clinic: this is that one, nothing new sent. */
      readonly alreadyRequested: boolean;
    };
    /** @enum {string} */
    readonly MessageTopic: 'appointments' | 'billing' | 'results' | 'general';
    readonly ChatMessage: {
      readonly id: string;
      /** @description Plain text exactly as written (trimmed; line breaks kept). */
      readonly body: string;
      readonly sentAt: components['schemas']['Instant'];
      readonly author: {
        readonly name: string;
        /** @enum {string} */
        readonly role: 'patient' | 'clinic';
        /** @description The clinic member's job, as the clinic wrote it. */
        readonly title?: string;
      };
      /** @description Written by the signed-in patient. */
      readonly own: boolean;
      /** @description The files sent with it, in the order they were attached (absent when none). */
      readonly attachments?: readonly components['schemas']['MessageAttachment'][];
    };
    readonly MessageAttachment: {
      /** @description For `GET /message-attachments/{attachmentId}/content`. */
      readonly id: string;
      /** @description The original name, cleaned as a document's. */
      readonly fileName: string;
      /** @enum {string} */
      readonly contentType: 'application/pdf' | 'image/jpeg' | 'image/png';
      /** @description Bytes. */
      readonly size: number;
    };
    /**
     * @description A file sent with a message, checked with the documents' upload rule: PDF, JPEG or PNG by its
     *     first bytes, not empty, at most the clinic's upload limit (`settings.maxAttachmentBytes`).
     */
    readonly AttachmentUpload: {
      /** @description Cleaned before it is kept (last path segment, no control or reserved characters). */
      readonly fileName?: string;
      /** @description The bytes, base64. */
      readonly content?: string;
    };
    readonly ConversationSummary: {
      readonly id: string;
      readonly topic: components['schemas']['MessageTopic'];
      readonly startedAt: components['schemas']['Instant'];
      readonly lastMessageAt: components['schemas']['Instant'];
      /** @enum {string} */
      readonly lastRole: 'patient' | 'clinic';
      /** @description The clinic's messages not yet marked read. */
      readonly unread: number;
    };
    readonly Conversation: {
      readonly id: string;
      readonly topic: components['schemas']['MessageTopic'];
      readonly startedAt: components['schemas']['Instant'];
      readonly lastMessageAt: components['schemas']['Instant'];
      /** @enum {string} */
      readonly lastRole: 'patient' | 'clinic';
      readonly unread: number;
      readonly messages: readonly components['schemas']['ChatMessage'][];
    };
    readonly ConversationList: {
      readonly conversations: readonly components['schemas']['ConversationSummary'][];
      readonly unread: number;
      readonly settings: {
        readonly topics: readonly components['schemas']['MessageTopic'][];
        readonly replyWorkingDays: number;
        /** @description The clinic's country's: 911 (MX, US, CA…), 112 (ES, EU…). */
        readonly emergencyNumber: string;
        readonly maxLength: number;
        /** @description How many files a message may carry (0: none offered). */
        readonly maxAttachments: number;
        /** @description The largest file (bytes): the clinic's document upload limit. */
        readonly maxAttachmentBytes: number;
      };
    };
    readonly NewConversationRequest: {
      /** @description One of the topics the clinic offers. */
      readonly topic: string;
      /** @description At most 2000 characters once trimmed. */
      readonly body: string;
      readonly attachments?: components['schemas']['AttachmentUploads'];
    };
    readonly ReplyRequest: {
      /** @description At most 2000 characters once trimmed. */
      readonly body: string;
      readonly attachments?: components['schemas']['AttachmentUploads'];
    };
    /**
     * @description Files sent with the message: at most `settings.maxAttachments` (more: `attachments:
     *     too-many`; none offered: `attachments: invalid`). Each refused by its index
     *     (`attachments.0`: `required`, `file-empty`, `file-too-large`, `file-type`, `file-heic`;
     *     `attachments.0.fileName`: `required`, `too-long`); one refused file refuses the message.
     */
    readonly AttachmentUploads: readonly components['schemas']['AttachmentUpload'][];
    /** @description One entry of the payment history; a refund's amount is positive (money returned). */
    readonly PaymentEntry: {
      readonly id: string;
      /** @enum {string} */
      readonly kind: 'deposit' | 'payment' | 'refund' | 'fee';
      readonly amount: components['schemas']['Money'];
      readonly at: components['schemas']['Instant'];
      readonly invoiceId?: string;
      readonly appointmentId?: string;
      /**
       * @description The card that paid it, brand and last four, where recorded: a fee charged to a card on
       *     file (#20 item 4; such a fee counts as paid), a deposit or balance paid in the demo
       *     payment step. Absent for one paid in Stripe's field (not recorded yet).
       */
      readonly card?: components['schemas']['CardOnFile'];
    };
    readonly InvoiceLine: {
      readonly description: components['schemas']['LocalizedText'];
      readonly quantity: number;
      /** @description One unit before tax, minor units. */
      readonly unitPriceMinor: number;
      readonly taxIds?: readonly string[];
      /** @enum {string} */
      readonly kind: 'service' | 'fee';
      readonly amountMinor: number;
    };
    readonly InvoiceTax: {
      readonly id: string;
      /** @description As printed, e.g. "IVA 16 %". */
      readonly label: string;
      /** @description 1600 = 16 %. */
      readonly basisPoints: number;
      readonly baseMinor: number;
      readonly amountMinor: number;
    };
    readonly Invoice: {
      readonly id: string;
      /** @description As printed, e.g. "F-2026-0007". */
      readonly number: string;
      readonly date: components['schemas']['PlainDate'];
      readonly currency: string;
      readonly visit?: {
        readonly appointmentId: string;
        readonly start: components['schemas']['Instant'];
        readonly services: readonly components['schemas']['LocalizedText'][];
      };
      readonly billTo: {
        /** @description Her billing details' legal name, else her name. */
        readonly name: string;
        /** @description RFC (Mexico) or NIF (Spain) from her billing details. */
        readonly taxId?: string;
        /** @description Mexico, with an RFC: postal code of her fiscal address (CFDI 4.0). */
        readonly postalCode?: string;
        /** @description Mexico, with an RFC: her régimen fiscal, SAT code (CFDI 4.0). */
        readonly taxRegime?: string;
      };
      readonly lines: readonly components['schemas']['InvoiceLine'][];
      readonly taxes: readonly components['schemas']['InvoiceTax'][];
      readonly subtotalMinor: number;
      readonly taxMinor: number;
      readonly totalMinor: number;
      /** @description Payments (deposits included) less refunds. */
      readonly paidMinor: number;
      readonly balanceDueMinor: number;
      /** @enum {string} */
      readonly status: 'paid' | 'unpaid' | 'partially-paid' | 'refunded';
      readonly payments: readonly components['schemas']['PaymentEntry'][];
    };
    readonly InvoiceList: {
      readonly invoices: readonly components['schemas']['Invoice'][];
      readonly balanceDue: components['schemas']['Money'];
    };
    readonly DocumentList: {
      readonly documents: readonly components['schemas']['PatientDocument'][];
      /** @description The clinic's upload limit (default 20 MB). */
      readonly maxUploadBytes: number;
    };
    readonly DocumentUploadRequest: {
      readonly fileName: string;
      /** @description One of `UploadCategory` (checked by the server: `required`/`invalid`). */
      readonly category: string;
      readonly note?: string;
      /** @description The file, base64 (RFC 4648). At most the clinic's `maxUploadBytes` once decoded. */
      readonly content: string;
    };
    readonly FormTask: {
      readonly appointmentId: string;
      readonly appointmentStart: components['schemas']['Instant'];
      readonly appointmentStatus: components['schemas']['AppointmentStatus'];
      readonly services: readonly {
        readonly id: string;
        readonly name: components['schemas']['LocalizedText'];
      }[];
      readonly item: components['schemas']['VisitItem'];
      readonly actionRequired: boolean;
      readonly dueBy?: components['schemas']['Instant'];
    };
    readonly QuestionnaireForm: {
      readonly task: components['schemas']['FormTask'];
      readonly questionnaire: components['schemas']['Questionnaire'];
      readonly response?: components['schemas']['QuestionnaireResponse'];
    };
    readonly ConsentForm: {
      readonly task: components['schemas']['FormTask'];
      readonly document: components['schemas']['ConsentDocument'];
      readonly signature?: components['schemas']['ConsentSignature'];
      /** @description Whether the patient may withdraw the signature now (present when the document allows withdrawal). */
      readonly withdrawable?: boolean;
      /** @description Signatures the patient withdrew on this item, latest first. */
      readonly withdrawn?: readonly components['schemas']['WithdrawnConsent'][];
    };
    readonly WithdrawnConsent: {
      readonly consentId: string;
      readonly version: string;
      readonly typedName: string;
      readonly signedAt: components['schemas']['Instant'];
      readonly signatureImage?: string;
      readonly withdrawnAt: components['schemas']['Instant'];
    };
    /** @enum {string} */
    readonly ErrorCode:
      | 'slot-taken'
      | 'validation'
      | 'not-signed-in'
      | 'session-expired'
      | 'forbidden'
      | 'csrf'
      | 'rate-limited'
      | 'server'
      | 'not-supported'
      | 'not-found'
      | 'invalid-link'
      | 'payment-failed'
      | 'hold-expired'
      | 'document-unreadable';
    /** @enum {string} */
    readonly FieldErrorCode:
      | 'required'
      | 'invalid'
      | 'read-only'
      | 'invalid-email'
      | 'invalid-phone'
      | 'invalid-date'
      | 'date-in-future'
      | 'date-too-old'
      | 'too-long'
      | 'too-short'
      | 'password-too-short'
      | 'password-too-common'
      | 'password-personal'
      | 'password-mismatch'
      | 'duplicate'
      | 'too-many'
      | 'consent-required'
      | 'policy-required'
      | 'code-invalid'
      | 'code-expired'
      | 'unavailable'
      | 'file-empty'
      | 'file-too-large'
      | 'file-type'
      | 'file-heic';
    readonly Problem: {
      /** @description A URI reference naming the problem, e.g. `urn:portal:problem:slot-taken`. */
      readonly type: string;
      readonly title: string;
      readonly status: number;
      readonly detail?: string;
      readonly instance?: string;
      readonly code: components['schemas']['ErrorCode'];
      readonly errors?: {
        readonly [key: string]: components['schemas']['FieldErrorCode'];
      };
      readonly retryAfter?: number;
      readonly slotId?: string;
      readonly capability?: string;
      /**
       * @description The server's id for this request, also in the `X-Request-Id` response header and in
       *     the server's log: quote it when reporting a problem.
       */
      readonly requestId?: string;
    };
    readonly ValidationProblem: components['schemas']['Problem'] & {
      /** @constant */
      readonly code?: 'validation';
      /** @constant */
      readonly status?: 422;
    };
    readonly Instant: string;
    readonly PlainDate: string;
    readonly E164: string;
    /** @enum {string} */
    readonly Language: 'en' | 'es';
    readonly LocalizedText: {
      readonly [key: string]: string;
    };
    readonly Money: {
      readonly amountMinor: number;
      readonly currency: string;
    };
    /** @enum {string} */
    readonly VisitMode: 'in-person' | 'video';
    /** @enum {string} */
    readonly ReminderChannel: 'email' | 'sms' | 'voice';
    readonly Capabilities: {
      /** @description Questionnaires, drafts and consents (absent: false). */
      readonly forms?: boolean;
      /** @description The patient's documents and uploads (absent: false). */
      readonly documents?: boolean;
      /** @description The patient's invoices, their PDF and the payment history (absent: false). */
      readonly billing?: boolean;
      /** @description Conversations with the clinic (absent: false). */
      readonly messages?: boolean;
      /** @description Prescription refill requests, sent as a message to the clinic (absent: false). */
      readonly refills?: boolean;
      /** @description Cards on file: save, list, default, remove (absent: false). */
      readonly cards?: boolean;
      /** @description Medical information the patient keeps up to date: allergies, medications, conditions, emergency contacts (absent: false). */
      readonly medical?: boolean;
      /** @description Insurance cards: add, correct, make primary, remove (absent: false). */
      readonly insurance?: boolean;
      /** @description The profile photo: store, read, remove (absent: false). */
      readonly photo?: boolean;
      /** @description The waitlist: join, list, leave; offers of freed times by link (absent: false). */
      readonly waitlist?: boolean;
      /** @description Family members: `GET /people` and the `Portal-Acting-For` header (absent: false). */
      readonly proxy?: boolean;
      /** @description The adult's own invitation: `/proxy-invitations` and `/proxy-access` (absent: false). */
      readonly proxyInvitations?: boolean;
      readonly signIn:
        | {
            /** @constant */
            readonly kind: 'password';
          }
        | {
            /** @constant */
            readonly kind: 'external';
            readonly name: string;
          };
      readonly selfRegistration: boolean;
      readonly invitations: boolean;
      readonly passwordReset: boolean;
      /** @enum {boolean|string} */
      readonly secondFactor: false | 'sms' | 'email';
      readonly smsCodes: boolean;
      /** @enum {boolean|string} */
      readonly payments: false | 'demo' | 'stripe';
      readonly holds: boolean;
      readonly confirm: boolean;
      readonly cancel: boolean;
      readonly reschedule: boolean;
      readonly telehealth: boolean;
      readonly profile?: boolean;
      readonly reminderChannels: readonly ('sms' | 'voice')[];
      readonly testReminder: boolean;
      readonly reminderLinks: boolean;
    };
    readonly ClinicLocation: {
      readonly id: string;
      readonly name: components['schemas']['LocalizedText'];
      readonly address: string;
      readonly phone?: components['schemas']['E164'];
    };
    readonly Clinic: {
      readonly id: string;
      readonly name: string;
      readonly timeZone: string;
      readonly country: string;
      readonly currency: string;
      readonly phone: components['schemas']['E164'];
      readonly email?: string;
      readonly website?: string;
      /** @description The clinic's logo (https only), shown beside its name in the whole portal's header. */
      readonly logoUrl?: string;
      readonly languages: readonly string[];
      readonly locations: readonly components['schemas']['ClinicLocation'][];
      /**
       * @description Whether the clinic asks patients for a security question and answer (seed 002): absent, not asked; `optional`, her profile offers one; `required`, first access asks for one too. The answer is asked when she resets a forgotten password.
       * @enum {string}
       */
      readonly securityQuestion?: 'optional' | 'required';
      /** @description Family members acting for a minor: `ageOfMajority` (default 18) and `confidentialFromAge` — from that age until majority, visits for services marked `confidential` are not shown to a family member acting for her (`null`: never hidden; absent: the country's default, 16 in Spain, none elsewhere). */
      readonly familyAccess?: {
        readonly ageOfMajority?: number;
        readonly confidentialFromAge?: number | null;
      };
      /** @description Whether first access (the invitation's link) asks for her mobile number too, verified by an SMS code (seed 002). */
      readonly firstAccessMobile?: boolean;
      /** @description Whether the patient's legal name and date of birth are kept as the clinic holds them (as on her ID): her profile shows them read-only and a change is made at the front desk. */
      readonly identityReadOnly?: boolean;
      readonly cancellation: {
        readonly windowHours: number;
        readonly lateFee?: components['schemas']['Money'];
        /**
         * @description Charged when the patient misses the visit. With a late fee or this and no deposit,
         *     a signed-in booking keeps a card on file for them (`BookingRequest.cardId`).
         */
        readonly noShowFee?: components['schemas']['Money'];
        readonly text: components['schemas']['LocalizedText'];
        readonly acceptanceRequired: boolean;
      };
      readonly deposit?: {
        readonly defaultDeposit?: components['schemas']['Money'];
        readonly refundableOutsideWindow: boolean;
        readonly text: components['schemas']['LocalizedText'];
      };
      readonly reminders: {
        readonly offeredHours: readonly number[];
        readonly patientChoosesTimes: boolean;
        readonly channels: readonly components['schemas']['ReminderChannel'][];
        readonly maxPhones: number;
        readonly voiceCallerNote?: components['schemas']['LocalizedText'];
      };
      readonly telehealth?: {
        /** @enum {string} */
        readonly provider: 'zoom' | 'jitsi' | 'url';
        readonly allowedHosts: readonly string[];
        readonly opensMinutesBefore: number;
      };
      readonly privacy: {
        /** @enum {string} */
        readonly law: 'LFPDPPP' | 'GDPR' | 'PIPEDA' | 'HIPAA';
        readonly noticeUrl: string;
        readonly consentText: components['schemas']['LocalizedText'];
        readonly explicitConsent: boolean;
      };
      readonly booking: {
        readonly minNoticeMinutes: number;
        readonly horizonDays: number;
        readonly allowAnyProvider: boolean;
        readonly phoneVerification: boolean;
        readonly holdMinutes: number;
      };
    };
    readonly ServerTime: {
      readonly now: components['schemas']['Instant'];
    };
    readonly Health: {
      /** @constant */
      readonly status: 'ok';
    };
    readonly Ready: {
      /** @constant */
      readonly status: 'ready';
    };
    readonly ServiceCategory: {
      readonly id: string;
      readonly name: components['schemas']['LocalizedText'];
      readonly description?: components['schemas']['LocalizedText'];
    };
    readonly Service: {
      readonly id: string;
      readonly categoryId: string;
      readonly name: components['schemas']['LocalizedText'];
      readonly description?: components['schemas']['LocalizedText'];
      readonly mode: components['schemas']['VisitMode'];
      readonly durationMinutes: number;
      readonly price?: components['schemas']['Money'];
      readonly providerTerms?: {
        readonly [key: string]: {
          readonly durationMinutes: number;
          readonly price?: components['schemas']['Money'];
        };
      };
      readonly providerIds: readonly string[];
      readonly deposit?: components['schemas']['Money'];
      readonly preVisitInstructions?: components['schemas']['LocalizedText'];
      readonly postVisitInstructions?: components['schemas']['LocalizedText'];
      readonly locationIds: readonly string[];
      /** @description Confidential care (e.g. sexual or mental health): a teenager's visits for it are not shown to a family member acting for her where the clinic's `familyAccess` says so. */
      readonly confidential?: boolean;
    };
    readonly Provider: {
      readonly id: string;
      readonly name: string;
      readonly title: components['schemas']['LocalizedText'];
      readonly languages: readonly string[];
      readonly photoUrl?: string;
      readonly bio?: components['schemas']['LocalizedText'];
      readonly locationIds: readonly string[];
    };
    readonly Catalog: {
      readonly categories: readonly components['schemas']['ServiceCategory'][];
      readonly services: readonly components['schemas']['Service'][];
      readonly providers: readonly components['schemas']['Provider'][];
    };
    readonly CancellationReason: {
      readonly id: string;
      readonly label: components['schemas']['LocalizedText'];
      readonly needsText: boolean;
    };
    readonly Slot: {
      readonly id: string;
      readonly start: components['schemas']['Instant'];
      readonly end: components['schemas']['Instant'];
      readonly providerId: string;
      readonly serviceIds: readonly string[];
      readonly locationId?: string;
      readonly mode: components['schemas']['VisitMode'];
    };
    readonly Availability: {
      readonly slots: readonly components['schemas']['Slot'][];
      readonly timeZone: string;
    };
    readonly Hold: {
      readonly id: string;
      readonly slot: components['schemas']['Slot'];
      readonly expiresAt: components['schemas']['Instant'];
    };
    readonly HoldRequest: {
      readonly slot: components['schemas']['Slot'];
      readonly serviceIds: readonly string[];
      /**
       * @description A guest's proof of a verified phone (from `verifyPhoneCode`; holding does not use it up,
       *     the booking does). Required without a session: 422 `phoneVerificationToken: required`,
       *     or `invalid` when unknown, used or expired. A signed-in patient sends none.
       */
      readonly phoneVerificationToken?: string;
    };
    /** @description What a patient types; values are checked by the server (field-level 422), not here. */
    readonly PatientDetails: {
      readonly givenName?: string;
      readonly familyName?: string;
      readonly email?: string;
      readonly phone?: string;
      readonly dateOfBirth?: string;
      readonly language?: string;
    };
    /** @description The adapter's BookingRequest; its idempotency key travels in the `Idempotency-Key` header. */
    readonly BookingRequest: {
      readonly slot: components['schemas']['Slot'];
      readonly serviceIds: readonly string[];
      readonly holdId?: string;
      readonly patient?: components['schemas']['PatientDetails'];
      readonly phoneVerificationToken?: string;
      readonly privacyConsent: boolean;
      readonly policyAccepted: boolean;
      readonly paymentIntentId?: string;
      /**
       * @description The saved card (`listCards`) to keep on file for the clinic's late-cancellation and
       *     no-show fees, where the policy needs one: signed in, the clinic charges such a fee, and
       *     the visit takes no deposit. Absent: the default card.
       */
      readonly cardId?: string;
      readonly language: string;
      /**
       * @description The patient's own IANA time zone when it differs from the clinic's: the booking's
       *     emails then also state the time in it. An unknown zone is refused (422).
       * @example Asia/Tokyo
       */
      readonly patientTimeZone?: string;
    };
    readonly DepositIntentRequest: {
      readonly slot: components['schemas']['Slot'];
      readonly serviceIds: readonly string[];
    };
    /**
     * @description The demo payment provider's choice of test card: `succeeds` (4242 4242 4242 4242) or
     *     `declined` (4000 0000 0000 0002). No card number travels, not even a test one.
     */
    readonly DemoPaymentRequest: {
      /** @enum {string} */
      readonly card: 'succeeds' | 'declined';
    };
    readonly PaymentIntent: {
      readonly id: string;
      readonly amount: components['schemas']['Money'];
      /** @enum {string} */
      readonly provider: 'demo' | 'stripe';
      readonly clientSecret?: string;
      readonly publishableKey?: string;
      /**
       * @description `setup`: saves a card, nothing charged (amount 0).
       * @enum {string}
       */
      readonly mode?: 'setup';
    };
    /** @description A card on file, as the payment provider reports it. Never its number. */
    readonly SavedCard: {
      readonly id: string;
      /** @enum {string} */
      readonly brand: 'visa' | 'mastercard' | 'amex' | 'other';
      readonly last4: string;
      readonly expMonth: number;
      readonly expYear: number;
      readonly isDefault: boolean;
    };
    /** @description The default card first, then the newest first. */
    readonly SavedCardList: readonly components['schemas']['SavedCard'][];
    /**
     * @description In the clinic's time zone: morning before 12:00, afternoon 12:00–16:59, evening from 17:00.
     * @enum {string}
     */
    readonly PartOfDay: 'morning' | 'afternoon' | 'evening';
    /**
     * @description Checked by `checkWaitlistRequest` (422 field by field, nothing stored): dates as
     *     YYYY-MM-DD (`invalid-date`), `from` not before today and `to` not before `from`
     *     (`invalid`), at most 90 days (`to: too-long`), parts of the day (`required`, `invalid`),
     *     `waitlist: too-many` with 3 waiting already.
     */
    readonly WaitlistRequest: {
      readonly serviceIds: readonly string[];
      readonly providerId?: string;
      readonly from: string;
      readonly to: string;
      readonly partsOfDay: readonly string[];
    };
    readonly WaitlistEntry: {
      readonly id: string;
      readonly serviceIds: readonly string[];
      readonly providerId?: string;
      readonly from: components['schemas']['PlainDate'];
      readonly to: components['schemas']['PlainDate'];
      readonly partsOfDay: readonly components['schemas']['PartOfDay'][];
      readonly joinedAt: components['schemas']['Instant'];
    };
    readonly PortalPerson: {
      /** @description The patient id to send in `Portal-Acting-For`. */
      readonly id: string;
      readonly givenName: string;
      readonly familyName: string;
      /** Format: date */
      readonly dateOfBirth: string;
      /** @enum {string} */
      readonly relationship:
        'self' | 'daughter' | 'son' | 'child' | 'mother' | 'father' | 'partner' | 'other';
      /** @enum {string} */
      readonly scope: 'full' | 'appointments';
      /**
       * @description Present (true) for a minor old enough that her confidential care is her own by the
       *     clinic's rules (`keepsConfidential` in `src/domain/rules/proxy.ts`: 16 in Spain by
       *     default, the clinic's `familyAccess.confidentialFromAge` elsewhere): her confidential
       *     visits, her conversations and her documents answer 404 to anyone acting for her,
       *     whatever the grant.
       */
      readonly confidential?: boolean;
    };
    /**
     * @description Whom she invites (an email address), what they may do, and how she is related to them
     *     (`daughter` when she invites her mother). Checked field by field (422) by
     *     `src/domain/rules/proxy-invitation.ts`, so the values are plain strings here.
     */
    readonly ProxyInvitationRequest: {
      readonly email?: string;
      readonly scope?: string;
      readonly relationship?: string;
    };
    readonly ProxyInvitationAnswerRequest: {
      readonly token: string;
      /** @description `accept` or `decline` (422 otherwise). */
      readonly answer: string;
    };
    readonly ProxyInvitation: {
      readonly inviterGivenName: string;
      readonly inviterFamilyName: string;
      /** @enum {string} */
      readonly relationship: 'daughter' | 'son' | 'child' | 'mother' | 'father' | 'partner' | 'other';
      /** @enum {string} */
      readonly scope: 'full' | 'appointments';
      readonly expiresAt: components['schemas']['Instant'];
    };
    readonly ProxyAccess: {
      /** @description The live grants for her (the clinic's and by invitation), oldest first. */
      readonly grants: readonly {
        /** @description For `DELETE /proxy-access/{id}`. */
        readonly id: string;
        readonly givenName: string;
        readonly familyName: string;
        /** @enum {string} */
        readonly relationship: 'daughter' | 'son' | 'child' | 'mother' | 'father' | 'partner' | 'other';
        /** @enum {string} */
        readonly scope: 'full' | 'appointments';
        readonly since: components['schemas']['Instant'];
      }[];
      /** @description Her invitations waiting for an answer, oldest first. */
      readonly invitations: readonly {
        /** @description For `DELETE /proxy-access/{id}` (withdraws it). */
        readonly id: string;
        readonly email: string;
        /** @enum {string} */
        readonly relationship: 'daughter' | 'son' | 'child' | 'mother' | 'father' | 'partner' | 'other';
        /** @enum {string} */
        readonly scope: 'full' | 'appointments';
        readonly expiresAt: components['schemas']['Instant'];
      }[];
    };
    readonly PortalPersonList: readonly components['schemas']['PortalPerson'][];
    readonly WaitlistEntryList: readonly components['schemas']['WaitlistEntry'][];
    readonly WaitlistOfferRequest: {
      readonly token: string;
    };
    readonly WaitlistOffer: {
      /**
       * @description `open`: it can be booked now; `gone`: someone else booked it or the hold ran out; `booked`: this offer booked it.
       * @enum {string}
       */
      readonly state: 'open' | 'gone' | 'booked';
      readonly start: components['schemas']['Instant'];
      readonly end: components['schemas']['Instant'];
      readonly providerId: string;
      readonly serviceIds: readonly string[];
      readonly locationId?: string;
      readonly expiresAt: components['schemas']['Instant'];
    };
    /**
     * @description What the patient writes for an entry. Which fields belong to which list: `allergies`
     *     `substance` (required), `reaction`, `severity` (`mild`, `moderate`, `severe`);
     *     `medications` `name` (required), `dose`, `frequency`; `conditions` `name` (required),
     *     `since`; `emergencyContacts` `name`, `relationship`, `phone` (E.164), all required. At most
     *     200 characters each once trimmed (422 `too-long`; the longer limits here only bound the
     *     request); a field of another list is 422 `invalid`.
     */
    readonly MedicalEntryRequest: {
      readonly substance?: string;
      readonly reaction?: string;
      readonly severity?: string;
      readonly name?: string;
      readonly dose?: string;
      readonly frequency?: string;
      readonly since?: string;
      readonly relationship?: string;
      readonly phone?: string;
    };
    /**
     * @description One entry of a list: what it says (the list's fields, as in `MedicalEntryRequest`), who
     *     wrote it last (`patient`: "reported by you"; `clinic`), whether the clinic reviewed it, and
     *     when it last changed.
     */
    readonly MedicalEntry: {
      readonly id: string;
      /** @enum {string} */
      readonly reportedBy: 'patient' | 'clinic';
      readonly reviewed: boolean;
      readonly updatedAt: components['schemas']['Instant'];
      readonly substance?: string;
      readonly reaction?: string;
      /** @enum {string} */
      readonly severity?: 'mild' | 'moderate' | 'severe';
      readonly name?: string;
      readonly dose?: string;
      readonly frequency?: string;
      readonly since?: string;
      readonly relationship?: string;
      readonly phone?: string;
    };
    /** @description Oldest first. */
    readonly MedicalEntryList: readonly components['schemas']['MedicalEntry'][];
    /** @description The patient's four lists. */
    readonly MedicalInfo: {
      readonly allergies: components['schemas']['MedicalEntryList'];
      readonly medications: components['schemas']['MedicalEntryList'];
      readonly conditions: components['schemas']['MedicalEntryList'];
      readonly emergencyContacts: components['schemas']['MedicalEntryList'];
    };
    /**
     * @description Whom her invoices are made out to (`src/domain/rules/billing-details.ts`). `legalName`
     *     required (at most 200 characters). A clinic in Mexico: `taxId` (RFC) optional, and with it
     *     `postalCode` (5 digits) and `taxRegime` (one of the SAT codes that fits the RFC: a person's
     *     605 606 612 616 621 626, a company's 601 603 626; the generic RFC 616) required. Spain:
     *     `taxId` (NIF) optional. Elsewhere: the name only. A field the country does not ask for, a
     *     bad RFC/NIF or postal code: 422 field by field, nothing stored. The longer limits here only
     *     bound the request.
     */
    readonly BillingDetailsRequest: {
      readonly legalName?: string;
      readonly taxId?: string;
      readonly postalCode?: string;
      readonly taxRegime?: string;
    };
    /** @description Her billing details (null when none were given: invoices use her name) and the clinic's country, which decides the fields. */
    readonly BillingDetailsView: {
      /** @description ISO 3166-1 alpha-2 of the clinic's billing profile. */
      readonly country: string;
      /** @description The fields the form asks for (Mexico all four, Spain name and NIF, elsewhere the name). */
      readonly fields: readonly ('legalName' | 'taxId' | 'postalCode' | 'taxRegime')[];
      /** @description Where the régimen is asked, the SAT codes to choose from. */
      readonly taxRegimes?: readonly ('605' | '606' | '612' | '616' | '621' | '626' | '601' | '603')[];
      readonly details: null | {
        readonly legalName: string;
        readonly taxId?: string;
        readonly postalCode?: string;
        /** @enum {string} */
        readonly taxRegime?: '605' | '606' | '612' | '616' | '621' | '626' | '601' | '603';
      };
    };
    /**
     * @description What the patient writes for a card: `insurer` and `memberNumber` required, `plan` optional.
     *     The insurer and plan at most 100 characters once trimmed, the member number at most 40
     *     letters, digits, spaces, `-`, `.` or `/` (422 `too-long` or `invalid`; the longer limits
     *     here only bound the request); any other field is 422 `invalid`.
     */
    readonly InsuranceCardRequest: {
      readonly insurer?: string;
      readonly plan?: string;
      readonly memberNumber?: string;
    };
    /** @description One of the patient's insurance cards, whether it is the primary one, and when it last changed. */
    readonly InsuranceCard: {
      readonly id: string;
      readonly insurer: string;
      readonly plan?: string;
      readonly memberNumber: string;
      readonly primary: boolean;
      readonly updatedAt: components['schemas']['Instant'];
    };
    readonly ProfilePhotoRequest: {
      /**
       * @description The photo, base64 (RFC 4648): JPEG, PNG or WebP by its first bytes, at most 5 MB once
       *     decoded, 32-8000 px a side and 40 million pixels (`rules/profile-image.ts`).
       */
      readonly content: string;
    };
    /** @description What was stored, the type sniffed from the bytes. */
    readonly ProfilePhotoStored: {
      /** @enum {string} */
      readonly contentType: 'image/jpeg' | 'image/png' | 'image/webp';
      readonly width: number;
      readonly height: number;
    };
    /** @description The primary card first, then the others oldest first. */
    readonly InsuranceCardList: readonly components['schemas']['InsuranceCard'][];
    /**
     * @description The demo provider's choice of test card to save: `succeeds` (Visa 4242), `mastercard`
     *     (5555 … 4444), `charge-declines` (4000 … 0341: saved, later charges declined) or `declined`
     *     (4000 … 0002: 402, nothing saved). No card number travels.
     */
    readonly DemoCardSetupRequest: {
      /** @enum {string} */
      readonly card: 'succeeds' | 'mastercard' | 'charge-declines' | 'declined';
    };
    readonly PhoneCodeRequest: {
      readonly phone: string;
      readonly language: string;
    };
    readonly PhoneChallenge: {
      readonly id: string;
      readonly length: number;
      readonly expiresAt: components['schemas']['Instant'];
      readonly resendAt: components['schemas']['Instant'];
    };
    readonly CodeRequest: {
      readonly challengeId: string;
      readonly code: string;
    };
    /** @enum {string} */
    readonly AppointmentStatus: 'pending' | 'booked' | 'confirmed' | 'cancelled' | 'fulfilled' | 'no-show';
    readonly VisitItem: {
      readonly id: string;
      /** @enum {string} */
      readonly kind: 'questionnaire' | 'consent' | 'instructions';
      /** @enum {string} */
      readonly phase: 'before' | 'after';
      readonly title: components['schemas']['LocalizedText'];
      /** @enum {string} */
      readonly state: 'to-do' | 'done' | 'info';
      readonly body?: components['schemas']['LocalizedText'];
      readonly formId?: string;
    };
    readonly Appointment: {
      readonly id: string;
      readonly status: components['schemas']['AppointmentStatus'];
      readonly start: components['schemas']['Instant'];
      readonly end: components['schemas']['Instant'];
      readonly services: readonly {
        readonly id: string;
        readonly name: components['schemas']['LocalizedText'];
      }[];
      readonly providerId: string;
      readonly providerName: string;
      readonly mode: components['schemas']['VisitMode'];
      readonly location?: components['schemas']['ClinicLocation'];
      readonly video?: {
        /** @enum {string} */
        readonly provider: 'zoom' | 'jitsi' | 'url';
        readonly opensAt: components['schemas']['Instant'];
      };
      readonly actions: {
        readonly confirm: boolean;
        readonly cancel: boolean;
        readonly reschedule: boolean;
        readonly join: boolean;
        readonly addToCalendar: boolean;
      };
      readonly items: readonly components['schemas']['VisitItem'][];
      readonly cancellation?: {
        readonly reasonId: string;
        readonly note?: string;
        readonly at: components['schemas']['Instant'];
        readonly fee?: components['schemas']['Money'];
        /** @enum {string} */
        readonly by: 'patient' | 'clinic';
      };
      readonly depositPaid?: components['schemas']['Money'];
      /**
       * @description The saved card the booking authorized for the clinic's late-cancellation and no-show
       *     fees (#20 item 4): brand and last four only.
       */
      readonly cardOnFile?: components['schemas']['CardOnFile'];
      /**
       * @description A late-cancellation or no-show fee charged under that authorization; `card` is the card
       *     that took it (absent: the card declined and the fee is due on the invoice).
       */
      readonly feeCharged?: {
        /** @enum {string} */
        readonly kind: 'late-cancellation' | 'no-show';
        readonly amount: components['schemas']['Money'];
        readonly card?: components['schemas']['CardOnFile'];
      };
    };
    readonly CardOnFile: {
      /** @enum {string} */
      readonly brand: 'visa' | 'mastercard' | 'amex' | 'other';
      readonly last4: string;
    };
    readonly AppointmentPage: {
      readonly items: readonly components['schemas']['Appointment'][];
      readonly nextCursor?: string;
      readonly total?: number;
    };
    readonly CancellationQuote: {
      readonly late: boolean;
      readonly fee?: components['schemas']['Money'];
      readonly windowStart: components['schemas']['Instant'];
    };
    readonly CancelRequest: {
      readonly reasonId: string;
      readonly note?: string;
    };
    readonly RescheduleRequest: {
      readonly slot: components['schemas']['Slot'];
    };
    readonly ReminderTokenRequest: {
      readonly token: string;
    };
    readonly ReminderActionRequest: {
      readonly token: string;
      readonly reasonId?: string;
      readonly note?: string;
    };
    readonly ReminderTokenInfo: {
      /** @enum {string} */
      readonly action: 'confirm' | 'cancel';
      readonly appointment: components['schemas']['Appointment'];
      readonly withoutSignIn: boolean;
    };
    readonly Patient: {
      readonly id: string;
      readonly givenName: string;
      readonly familyName: string;
      readonly email: string;
      readonly phone?: components['schemas']['E164'];
      readonly dateOfBirth: components['schemas']['PlainDate'];
      readonly language: components['schemas']['Language'];
      /** @description The name she likes to be called by, when she gave one on her profile. */
      readonly preferredName?: string;
      readonly onboardingDone: boolean;
    };
    readonly Session: {
      readonly id: string;
      readonly patient: components['schemas']['Patient'];
      readonly expiresAt?: components['schemas']['Instant'];
      /** @enum {string} */
      readonly method: 'password' | 'invitation' | 'verification' | 'reset' | 'external' | 'reminder-link';
      /** @description Bearer mode only: the session's token, to send as `Authorization: Bearer …` (kept in memory by the client, never in storage or URLs). Present in the answers that start or extend a session, absent otherwise and always absent in cookie mode. */
      readonly accessToken?: string;
    };
    readonly SessionState: {
      readonly session: components['schemas']['Session'] | null;
    };
    readonly SignInRequest: {
      readonly email: string;
      readonly password: string;
    };
    readonly SignInResult:
      | {
          /** @constant */
          readonly status: 'signed-in';
          readonly session: components['schemas']['Session'];
        }
      | {
          /** @constant */
          readonly status: 'second-factor';
          readonly challengeId: string;
          /** @enum {string} */
          readonly channel: 'sms' | 'email';
        };
    readonly Profile: {
      readonly givenName: string;
      readonly familyName: string;
      readonly email: string;
      readonly phone?: components['schemas']['E164'];
      readonly dateOfBirth: components['schemas']['PlainDate'];
      readonly language: components['schemas']['Language'];
      /** @description A new address waiting for its link to be opened, masked (`a•••@example.com`). */
      readonly pendingEmail?: string;
      /** @description Her own security question, when she set one (its answer is never returned). */
      readonly securityQuestion?: string;
      /** @description The name she likes to be called by, when she gave one. */
      readonly preferredName?: string;
      readonly address?: components['schemas']['PostalAddress'];
      /** @description The details she can't change online at this clinic (`identityReadOnly` in the clinic's settings): a change is made at the front desk, and an update that changes one is refused with `read-only`. */
      readonly readOnly?: readonly ('givenName' | 'familyName' | 'dateOfBirth')[];
    };
    /** @description A postal address: the fields of its country's forms (`src/domain/rules/address.ts`) — Mexico `line1` (calle y número), `line2`, `neighborhood` (colonia), `postalCode` (5 digits), `city` (municipio o alcaldía), `region` (the state's name); the United States and Canada `line1`, `line2`, `city`, `region` (USPS / Canada Post code), `postalCode` (ZIP or ZIP+4; A1A 1A1); Spain `line1`, `line2`, `postalCode` (01–52 + 3 digits), `city`, `region`; elsewhere `line1`, `line2`, `city`, `region`, `postalCode`. Checked and normalized on the way in (trimmed, postal codes upper-cased); a field of another country's form is dropped. Each text at most 200 characters. */
    readonly PostalAddress: {
      /** @description ISO 3166-1 alpha-2, e.g. MX */
      readonly country: string;
      readonly line1?: string;
      readonly line2?: string;
      readonly neighborhood?: string;
      readonly city?: string;
      readonly region?: string;
      readonly postalCode?: string;
    };
    /** @description An address as typed: its country's fields (see `PostalAddress`); a name that is no address field is refused with `address.<name>: invalid` (by the address rule, so every backend says the same). */
    readonly PostalAddressInput: {
      readonly country?: string;
      readonly line1?: string;
      readonly line2?: string;
      readonly neighborhood?: string;
      readonly city?: string;
      readonly region?: string;
      readonly postalCode?: string;
    } & {
      readonly [key: string]: string;
    };
    /** @description Only the fields given change. A new phone needs `phoneVerificationToken` for that number. */
    readonly ProfileUpdate: {
      readonly givenName?: string;
      readonly familyName?: string;
      readonly dateOfBirth?: string;
      readonly language?: string;
      /** @description Her preferred name; an empty string or null removes it (at most 100 characters kept). */
      readonly preferredName?: string | null;
      /** @description Her postal address, checked by her country's rule (reasons as `address.<field>`); null removes it. */
      readonly address?: components['schemas']['PostalAddressInput'] | null;
      readonly phone?: string;
      readonly phoneVerificationToken?: string;
    };
    readonly EmailChangeRequest: {
      readonly newEmail: string;
      readonly currentPassword: string;
    };
    /** @description Her own question and its answer (`rules/security-answer.ts`); the answer is stored as a hash of its normalized form. */
    readonly SecurityAnswerRequest: {
      readonly currentPassword: string;
      readonly question: string;
      readonly answer: string;
    };
    /** @description Her current password, to remove her security question. */
    readonly SecurityAnswerRemoval: {
      readonly currentPassword: string;
    };
    readonly PasswordResetCheck: {
      /** @description Her security question, when she set one; `resetPassword` then needs `securityAnswer`. */
      readonly securityQuestion?: string;
    };
    readonly PasswordChangeRequest: {
      readonly currentPassword: string;
      readonly newPassword: string;
    };
    readonly ActiveSession: {
      readonly id: string;
      /** @enum {string} */
      readonly method: 'password' | 'invitation' | 'verification' | 'reset' | 'external' | 'reminder-link';
      readonly lastUsedAt: components['schemas']['Instant'];
      readonly current: boolean;
    };
    readonly ActiveSessions: {
      readonly sessions: readonly components['schemas']['ActiveSession'][];
    };
    readonly SessionsEnded: {
      readonly ended: number;
    };
    readonly TokenRequest: {
      readonly token: string;
    };
    readonly TokenPasswordRequest: {
      readonly token: string;
      readonly password: string;
      /** @description For a reset link of a patient who set a security question (`PasswordResetCheck`). */
      readonly securityAnswer?: string;
    };
    readonly InvitationInfo: {
      readonly givenName: string;
      readonly maskedEmail: string;
      /** @description What first access asks besides the password, as the clinic configures it (`rules/first-access.ts`): her mobile number with an SMS code (`firstAccessMobile`), her security question (`securityQuestion: required`). Absent: nothing more. */
      readonly asks?: {
        readonly mobile: boolean;
        readonly securityQuestion: boolean;
      };
    };
    /** @description The password, and what first access asks besides it (`InvitationInfo.asks`). */
    readonly AcceptInvitationRequest: {
      readonly token: string;
      readonly password: string;
      /** @description Her mobile number (E.164), when asked. */
      readonly phone?: string;
      /** @description The proof from `/phone-codes/verify` for that number. */
      readonly phoneVerificationToken?: string;
      readonly securityQuestion?: string;
      readonly securityAnswer?: string;
    };
    readonly RegistrationRequest: {
      readonly patient: components['schemas']['PatientDetails'];
      readonly password: string;
      readonly privacyConsent: boolean;
    };
    readonly PasswordResetRequest: {
      readonly email: string;
      readonly dateOfBirth: string;
      readonly language: string;
    };
    readonly ReminderPhone: {
      readonly number: string;
      readonly country: string;
      readonly sms: boolean;
      readonly voice: boolean;
    };
    readonly ReminderPreferences: {
      readonly email: string;
      readonly phones: readonly components['schemas']['ReminderPhone'][];
      readonly hours: readonly number[];
    };
    readonly TestReminderRequest: {
      readonly channel: components['schemas']['ReminderChannel'];
    };
    readonly VideoJoin: {
      /** @enum {string} */
      readonly state: 'not-open' | 'open' | 'in-progress' | 'ended' | 'cancelled';
      /** @enum {string} */
      readonly provider: 'zoom' | 'jitsi' | 'url';
      readonly opensAt: components['schemas']['Instant'];
      readonly endsAt: components['schemas']['Instant'];
      readonly appUrl?: string;
      readonly webUrl?: string;
    };
  };
  responses: {
    /** @description A problem document (RFC 9457). */
    readonly Problem: {
      headers: {
        readonly [name: string]: unknown;
      };
      content: {
        readonly 'application/problem+json': components['schemas']['Problem'];
      };
    };
    /**
     * @description The body is not declared JSON: every request body must be sent with `Content-Type:
     *     application/json` (a form post or a `text/plain` body is never read). `code: validation`,
     *     `errors: {Content-Type: invalid}`.
     */
    readonly UnsupportedMediaType: {
      headers: {
        readonly [name: string]: unknown;
      };
      content: {
        readonly 'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description The request was understood but refused, field by field. */
    readonly ValidationProblem: {
      headers: {
        readonly [name: string]: unknown;
      };
      content: {
        readonly 'application/problem+json': components['schemas']['ValidationProblem'];
      };
    };
    /** @description No session (`not-signed-in`) or the session ended (`session-expired`). */
    readonly NotSignedIn: {
      headers: {
        readonly [name: string]: unknown;
      };
      content: {
        readonly 'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description Not allowed (`forbidden`), or a missing or wrong CSRF token (`csrf`). */
    readonly Forbidden: {
      headers: {
        readonly [name: string]: unknown;
      };
      content: {
        readonly 'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description No such thing for this patient (`not-found`). */
    readonly NotFound: {
      headers: {
        readonly [name: string]: unknown;
      };
      content: {
        readonly 'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description Someone else has the slot (`slot-taken`), or the hold expired and the slot is gone (`hold-expired`). */
    readonly SlotTaken: {
      headers: {
        readonly [name: string]: unknown;
      };
      content: {
        readonly 'application/problem+json': components['schemas']['Problem'];
      };
    };
    /**
     * @description Too many requests (`rate-limited`). The reference server limits writes (per client
     *     address); on the public reads and `GET /session` it sends none, but an implementation or a
     *     proxy in front of it may limit them too.
     */
    readonly RateLimited: {
      headers: {
        readonly 'Retry-After': components['headers']['RetryAfter'];
        readonly [name: string]: unknown;
      };
      content: {
        readonly 'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description This backend does not offer the operation (`not-supported`, see `capability`). */
    readonly NotSupported: {
      headers: {
        readonly [name: string]: unknown;
      };
      content: {
        readonly 'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description The server failed (`server`); with `Retry-After` when it knows when to come back. */
    readonly ServerError: {
      headers: {
        readonly 'Retry-After': components['headers']['RetryAfter'];
        readonly [name: string]: unknown;
      };
      content: {
        readonly 'application/problem+json': components['schemas']['Problem'];
      };
    };
    /**
     * @description The document is the patient's, but its stored file cannot be read back as it was written
     *     (changed, cut, missing, or under a key the server does not have): `document-unreadable`,
     *     without `Retry-After` — the clinic must restore the file (its random id is in the server's
     *     log, the document's id in the audit log as `documents.unreadable`). Nothing is served. (A
     *     503 with `code: server` and `Retry-After` is the database out of reach, as on every route.)
     */
    readonly DocumentUnreadable: {
      headers: {
        readonly [name: string]: unknown;
      };
      content: {
        readonly 'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description An emailed link's token is unknown, used or expired (`invalid-link`), one answer for all three. */
    readonly InvalidLink: {
      headers: {
        readonly [name: string]: unknown;
      };
      content: {
        readonly 'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description Done; nothing to return. */
    readonly Empty: {
      headers: {
        readonly [name: string]: unknown;
      };
      content?: never;
    };
  };
  parameters: {
    /** @description One key per intent (a booking, a reschedule, a deposit); 1–200 visible ASCII characters. */
    readonly IdempotencyKey: string;
    /** @description Required on every unsafe request that may carry the session cookie (cookie mode: all of them); not sent with `Authorization: Bearer` (bearer mode). Missing or wrong: 403 `csrf`. */
    readonly CsrfToken: string;
    readonly AppointmentId: string;
    /** @description The visit item's id (from the appointment's `items` or `GET /forms`). */
    readonly FormItemId: string;
    /** @description The document's id (from `GET /documents`). */
    readonly DocumentId: string;
    /** @description The conversation's id (from `GET /conversations`). */
    readonly ConversationId: string;
    /** @description The invoice's id (from `GET /invoices`). */
    readonly InvoiceId: string;
    /** @description The list: `allergies`, `medications`, `conditions` or `emergencyContacts`. */
    readonly MedicalList: string;
    /** @description The entry's id (from `GET /medical`). */
    readonly MedicalEntryId: string;
    /** @description The insurance card's id (from `GET /insurance-cards`). */
    readonly InsuranceCardId: string;
    /** @description The saved card's id (from `GET /cards`). */
    readonly CardId: string;
  };
  requestBodies: never;
  headers: {
    /** @description Seconds to wait before trying again. */
    readonly RetryAfter: number;
    /** @description The CSRF token to send back in `X-CSRF-Token` on writes during this session. */
    readonly CsrfToken: string;
  };
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  readonly getHealth: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly requestBody?: never;
    readonly responses: {
      /** @description Alive. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['Health'];
        };
      };
      readonly 429: components['responses']['RateLimited'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly getReadiness: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly requestBody?: never;
    readonly responses: {
      /** @description Ready. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['Ready'];
        };
      };
      readonly 429: components['responses']['RateLimited'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly receiveStripeEvent: {
    readonly parameters: {
      readonly query?: never;
      readonly header: {
        /** @description Stripe's signature of the raw body (`t=…,v1=…`). */
        readonly 'Stripe-Signature': string;
      };
      readonly path?: never;
      readonly cookie?: never;
    };
    /** @description A Stripe event, as Stripe sends it (read as bytes; parsed only once the signature holds). */
    readonly requestBody: {
      readonly content: {
        readonly 'application/json': {
          /** @description `evt_…` */
          readonly id: string;
          /**
           * @example payment_intent.succeeded
           * @example payment_intent.payment_failed
           * @example setup_intent.succeeded
           * @example payment_method.detached
           * @example charge.refunded
           */
          readonly type: string;
          readonly data: {
            /** @description The PaymentIntent (`id`, `amount_received`, `currency`, …), SetupIntent or PaymentMethod. */
            readonly object?: Record<string, never>;
          };
        };
      };
    };
    readonly responses: {
      /** @description Received (handled, already handled, or ignored). */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': {
            /** @constant */
            readonly received: true;
          };
        };
      };
      /**
       * @description Not signed by Stripe with this endpoint's secret, signed more than 5 minutes away from now,
       *     tampered with, or not an event: `code: validation`, `errors: {Stripe-Signature: required |
       *     invalid}`. Nothing changed.
       */
      readonly 400: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/problem+json': components['schemas']['ValidationProblem'];
        };
      };
      readonly 422: components['responses']['ValidationProblem'];
      readonly 429: components['responses']['RateLimited'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly getCapabilities: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly requestBody?: never;
    readonly responses: {
      /** @description What this backend can do. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['Capabilities'];
        };
      };
      readonly 429: components['responses']['RateLimited'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly getClinic: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly requestBody?: never;
    readonly responses: {
      /** @description The clinic. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['Clinic'];
        };
      };
      readonly 429: components['responses']['RateLimited'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly getServerTime: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly requestBody?: never;
    readonly responses: {
      /** @description Server time. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['ServerTime'];
        };
      };
      readonly 429: components['responses']['RateLimited'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly getCatalog: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly requestBody?: never;
    readonly responses: {
      /** @description Categories, services and providers. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['Catalog'];
        };
      };
      readonly 429: components['responses']['RateLimited'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly getCancellationReasons: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly requestBody?: never;
    readonly responses: {
      /** @description Reasons a patient may give. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': {
            readonly reasons: readonly components['schemas']['CancellationReason'][];
          };
        };
      };
      readonly 429: components['responses']['RateLimited'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly getSession: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly requestBody?: never;
    readonly responses: {
      /** @description The session, or null. */
      readonly 200: {
        headers: {
          readonly 'X-CSRF-Token': components['headers']['CsrfToken'];
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['SessionState'];
        };
      };
      readonly 429: components['responses']['RateLimited'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly signIn: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: {
        /** @description Required on every unsafe request that may carry the session cookie (cookie mode: all of them); not sent with `Authorization: Bearer` (bearer mode). Missing or wrong: 403 `csrf`. */
        readonly 'X-CSRF-Token'?: components['parameters']['CsrfToken'];
      };
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly requestBody: {
      readonly content: {
        readonly 'application/json': components['schemas']['SignInRequest'];
      };
    };
    readonly responses: {
      /** @description Signed in, or a second factor is needed. */
      readonly 200: {
        headers: {
          readonly 'X-CSRF-Token': components['headers']['CsrfToken'];
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['SignInResult'];
        };
      };
      readonly 403: components['responses']['Forbidden'];
      readonly 415: components['responses']['UnsupportedMediaType'];
      readonly 422: components['responses']['ValidationProblem'];
      readonly 429: components['responses']['RateLimited'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly signOut: {
    readonly parameters: {
      readonly query?: {
        /** @description `true`: sign out of every session of the account, not only this one. */
        readonly everywhere?: 'true' | 'false';
      };
      readonly header?: {
        /** @description Required on every unsafe request that may carry the session cookie (cookie mode: all of them); not sent with `Authorization: Bearer` (bearer mode). Missing or wrong: 403 `csrf`. */
        readonly 'X-CSRF-Token'?: components['parameters']['CsrfToken'];
      };
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly requestBody?: never;
    readonly responses: {
      readonly 204: components['responses']['Empty'];
      readonly 403: components['responses']['Forbidden'];
      readonly 422: components['responses']['ValidationProblem'];
      readonly 429: components['responses']['RateLimited'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly verifySignInCode: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: {
        /** @description Required on every unsafe request that may carry the session cookie (cookie mode: all of them); not sent with `Authorization: Bearer` (bearer mode). Missing or wrong: 403 `csrf`. */
        readonly 'X-CSRF-Token'?: components['parameters']['CsrfToken'];
      };
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly requestBody: {
      readonly content: {
        readonly 'application/json': components['schemas']['CodeRequest'];
      };
    };
    readonly responses: {
      /** @description Signed in. */
      readonly 200: {
        headers: {
          readonly 'X-CSRF-Token': components['headers']['CsrfToken'];
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['Session'];
        };
      };
      readonly 403: components['responses']['Forbidden'];
      readonly 415: components['responses']['UnsupportedMediaType'];
      readonly 422: components['responses']['ValidationProblem'];
      readonly 429: components['responses']['RateLimited'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly extendSession: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: {
        /** @description Required on every unsafe request that may carry the session cookie (cookie mode: all of them); not sent with `Authorization: Bearer` (bearer mode). Missing or wrong: 403 `csrf`. */
        readonly 'X-CSRF-Token'?: components['parameters']['CsrfToken'];
      };
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly requestBody?: never;
    readonly responses: {
      /** @description The session, extended. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['Session'];
        };
      };
      readonly 401: components['responses']['NotSignedIn'];
      readonly 403: components['responses']['Forbidden'];
      readonly 404: components['responses']['NotFound'];
      readonly 422: components['responses']['ValidationProblem'];
      readonly 429: components['responses']['RateLimited'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly getInvitation: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: {
        /** @description Required on every unsafe request that may carry the session cookie (cookie mode: all of them); not sent with `Authorization: Bearer` (bearer mode). Missing or wrong: 403 `csrf`. */
        readonly 'X-CSRF-Token'?: components['parameters']['CsrfToken'];
      };
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly requestBody: {
      readonly content: {
        readonly 'application/json': components['schemas']['TokenRequest'];
      };
    };
    readonly responses: {
      /** @description Who is invited. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['InvitationInfo'];
        };
      };
      readonly 403: components['responses']['Forbidden'];
      readonly 410: components['responses']['InvalidLink'];
      readonly 415: components['responses']['UnsupportedMediaType'];
      readonly 422: components['responses']['ValidationProblem'];
      readonly 429: components['responses']['RateLimited'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly acceptInvitation: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: {
        /** @description Required on every unsafe request that may carry the session cookie (cookie mode: all of them); not sent with `Authorization: Bearer` (bearer mode). Missing or wrong: 403 `csrf`. */
        readonly 'X-CSRF-Token'?: components['parameters']['CsrfToken'];
      };
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly requestBody: {
      readonly content: {
        readonly 'application/json': components['schemas']['AcceptInvitationRequest'];
      };
    };
    readonly responses: {
      /** @description Account created and signed in. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['Session'];
        };
      };
      readonly 403: components['responses']['Forbidden'];
      readonly 410: components['responses']['InvalidLink'];
      readonly 415: components['responses']['UnsupportedMediaType'];
      readonly 422: components['responses']['ValidationProblem'];
      readonly 429: components['responses']['RateLimited'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly register: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: {
        /** @description Required on every unsafe request that may carry the session cookie (cookie mode: all of them); not sent with `Authorization: Bearer` (bearer mode). Missing or wrong: 403 `csrf`. */
        readonly 'X-CSRF-Token'?: components['parameters']['CsrfToken'];
      };
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly requestBody: {
      readonly content: {
        readonly 'application/json': components['schemas']['RegistrationRequest'];
      };
    };
    readonly responses: {
      /** @description A verification email follows. */
      readonly 202: {
        headers: {
          readonly [name: string]: unknown;
        };
        content?: never;
      };
      readonly 403: components['responses']['Forbidden'];
      readonly 415: components['responses']['UnsupportedMediaType'];
      readonly 422: components['responses']['ValidationProblem'];
      readonly 429: components['responses']['RateLimited'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly verifyEmail: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: {
        /** @description Required on every unsafe request that may carry the session cookie (cookie mode: all of them); not sent with `Authorization: Bearer` (bearer mode). Missing or wrong: 403 `csrf`. */
        readonly 'X-CSRF-Token'?: components['parameters']['CsrfToken'];
      };
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly requestBody: {
      readonly content: {
        readonly 'application/json': components['schemas']['TokenPasswordRequest'];
      };
    };
    readonly responses: {
      /** @description Verified and signed in. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['Session'];
        };
      };
      readonly 403: components['responses']['Forbidden'];
      readonly 410: components['responses']['InvalidLink'];
      readonly 415: components['responses']['UnsupportedMediaType'];
      readonly 422: components['responses']['ValidationProblem'];
      readonly 429: components['responses']['RateLimited'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly requestPasswordReset: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: {
        /** @description Required on every unsafe request that may carry the session cookie (cookie mode: all of them); not sent with `Authorization: Bearer` (bearer mode). Missing or wrong: 403 `csrf`. */
        readonly 'X-CSRF-Token'?: components['parameters']['CsrfToken'];
      };
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly requestBody: {
      readonly content: {
        readonly 'application/json': components['schemas']['PasswordResetRequest'];
      };
    };
    readonly responses: {
      /** @description An email follows if they match. */
      readonly 202: {
        headers: {
          readonly [name: string]: unknown;
        };
        content?: never;
      };
      readonly 403: components['responses']['Forbidden'];
      readonly 415: components['responses']['UnsupportedMediaType'];
      readonly 422: components['responses']['ValidationProblem'];
      readonly 429: components['responses']['RateLimited'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly checkPasswordReset: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: {
        /** @description Required on every unsafe request that may carry the session cookie (cookie mode: all of them); not sent with `Authorization: Bearer` (bearer mode). Missing or wrong: 403 `csrf`. */
        readonly 'X-CSRF-Token'?: components['parameters']['CsrfToken'];
      };
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly requestBody: {
      readonly content: {
        readonly 'application/json': components['schemas']['TokenRequest'];
      };
    };
    readonly responses: {
      /** @description The link is good; her security question when she set one. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['PasswordResetCheck'];
        };
      };
      readonly 403: components['responses']['Forbidden'];
      readonly 410: components['responses']['InvalidLink'];
      readonly 415: components['responses']['UnsupportedMediaType'];
      readonly 422: components['responses']['ValidationProblem'];
      readonly 429: components['responses']['RateLimited'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly resetPassword: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: {
        /** @description Required on every unsafe request that may carry the session cookie (cookie mode: all of them); not sent with `Authorization: Bearer` (bearer mode). Missing or wrong: 403 `csrf`. */
        readonly 'X-CSRF-Token'?: components['parameters']['CsrfToken'];
      };
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly requestBody: {
      readonly content: {
        readonly 'application/json': components['schemas']['TokenPasswordRequest'];
      };
    };
    readonly responses: {
      /** @description New password set; signed in. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['Session'];
        };
      };
      readonly 403: components['responses']['Forbidden'];
      readonly 410: components['responses']['InvalidLink'];
      readonly 415: components['responses']['UnsupportedMediaType'];
      readonly 422: components['responses']['ValidationProblem'];
      readonly 429: components['responses']['RateLimited'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly completeOnboarding: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: {
        /** @description Required on every unsafe request that may carry the session cookie (cookie mode: all of them); not sent with `Authorization: Bearer` (bearer mode). Missing or wrong: 403 `csrf`. */
        readonly 'X-CSRF-Token'?: components['parameters']['CsrfToken'];
      };
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly requestBody?: never;
    readonly responses: {
      readonly 204: components['responses']['Empty'];
      readonly 401: components['responses']['NotSignedIn'];
      readonly 403: components['responses']['Forbidden'];
      readonly 404: components['responses']['NotFound'];
      readonly 422: components['responses']['ValidationProblem'];
      readonly 429: components['responses']['RateLimited'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly sendPhoneCode: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: {
        /** @description Required on every unsafe request that may carry the session cookie (cookie mode: all of them); not sent with `Authorization: Bearer` (bearer mode). Missing or wrong: 403 `csrf`. */
        readonly 'X-CSRF-Token'?: components['parameters']['CsrfToken'];
      };
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly requestBody: {
      readonly content: {
        readonly 'application/json': components['schemas']['PhoneCodeRequest'];
      };
    };
    readonly responses: {
      /** @description A code was sent. */
      readonly 201: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['PhoneChallenge'];
        };
      };
      readonly 403: components['responses']['Forbidden'];
      readonly 415: components['responses']['UnsupportedMediaType'];
      readonly 422: components['responses']['ValidationProblem'];
      readonly 429: components['responses']['RateLimited'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly verifyPhoneCode: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: {
        /** @description Required on every unsafe request that may carry the session cookie (cookie mode: all of them); not sent with `Authorization: Bearer` (bearer mode). Missing or wrong: 403 `csrf`. */
        readonly 'X-CSRF-Token'?: components['parameters']['CsrfToken'];
      };
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly requestBody: {
      readonly content: {
        readonly 'application/json': components['schemas']['CodeRequest'];
      };
    };
    readonly responses: {
      /** @description The verification token to pass when booking. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': {
            readonly token: string;
          };
        };
      };
      readonly 403: components['responses']['Forbidden'];
      readonly 415: components['responses']['UnsupportedMediaType'];
      readonly 422: components['responses']['ValidationProblem'];
      readonly 429: components['responses']['RateLimited'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly getAvailability: {
    readonly parameters: {
      readonly query: {
        readonly serviceId: readonly string[];
        /** @description A provider id, or `any`. */
        readonly providerId: string;
        /** @description Only slots at this clinic location: every service in person and offered there, and the provider (or, for `any`, each provider searched) working there; otherwise 422. Absent: every location. */
        readonly locationId?: string;
        readonly from: components['schemas']['Instant'];
        readonly to: components['schemas']['Instant'];
      };
      readonly header?: {
        /** @description The `ETag` of an earlier answer to the same query; unchanged, the answer is 304. */
        readonly 'If-None-Match'?: string;
      };
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly requestBody?: never;
    readonly responses: {
      /**
       * @description Free slots. `Cache-Control: private, no-cache` with an `ETag`: a browser may keep the
       *     answer and ask again with `If-None-Match`. The server keeps computed answers while the
       *     providers' calendars are unchanged (within the minute, before a counted hold expires).
       *     Compressed (`Content-Encoding: br` or `gzip`) when `Accept-Encoding` allows it; each
       *     encoding has its own `ETag`.
       */
      readonly 200: {
        headers: {
          /** @description A hash of the answer (and its encoding). */
          readonly ETag?: string;
          /** @description `Accept-Encoding`. */
          readonly Vary?: string;
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['Availability'];
        };
      };
      /** @description Unchanged since the answer whose `ETag` came in `If-None-Match`; no body. */
      readonly 304: {
        headers: {
          /** @description The same entity tag. */
          readonly ETag?: string;
          /** @description `Accept-Encoding`. */
          readonly Vary?: string;
          readonly [name: string]: unknown;
        };
        content?: never;
      };
      readonly 422: components['responses']['ValidationProblem'];
      readonly 429: components['responses']['RateLimited'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly holdSlot: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: {
        /** @description Required on every unsafe request that may carry the session cookie (cookie mode: all of them); not sent with `Authorization: Bearer` (bearer mode). Missing or wrong: 403 `csrf`. */
        readonly 'X-CSRF-Token'?: components['parameters']['CsrfToken'];
      };
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly requestBody: {
      readonly content: {
        readonly 'application/json': components['schemas']['HoldRequest'];
      };
    };
    readonly responses: {
      /** @description Held. */
      readonly 201: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['Hold'];
        };
      };
      readonly 403: components['responses']['Forbidden'];
      readonly 409: components['responses']['SlotTaken'];
      readonly 415: components['responses']['UnsupportedMediaType'];
      readonly 422: components['responses']['ValidationProblem'];
      readonly 429: components['responses']['RateLimited'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly releaseHold: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: {
        /** @description Required on every unsafe request that may carry the session cookie (cookie mode: all of them); not sent with `Authorization: Bearer` (bearer mode). Missing or wrong: 403 `csrf`. */
        readonly 'X-CSRF-Token'?: components['parameters']['CsrfToken'];
      };
      readonly path: {
        readonly holdId: string;
      };
      readonly cookie?: never;
    };
    readonly requestBody?: never;
    readonly responses: {
      readonly 204: components['responses']['Empty'];
      readonly 403: components['responses']['Forbidden'];
      readonly 422: components['responses']['ValidationProblem'];
      readonly 429: components['responses']['RateLimited'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly createDepositIntent: {
    readonly parameters: {
      readonly query?: never;
      readonly header: {
        /** @description Required on every unsafe request that may carry the session cookie (cookie mode: all of them); not sent with `Authorization: Bearer` (bearer mode). Missing or wrong: 403 `csrf`. */
        readonly 'X-CSRF-Token'?: components['parameters']['CsrfToken'];
        /** @description One key per intent (a booking, a reschedule, a deposit); 1–200 visible ASCII characters. */
        readonly 'Idempotency-Key': components['parameters']['IdempotencyKey'];
      };
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly requestBody: {
      readonly content: {
        readonly 'application/json': components['schemas']['DepositIntentRequest'];
      };
    };
    readonly responses: {
      /** @description The deposit's payment intent, or null when none is due. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': {
            readonly intent: components['schemas']['PaymentIntent'] | null;
          };
        };
      };
      readonly 403: components['responses']['Forbidden'];
      readonly 415: components['responses']['UnsupportedMediaType'];
      readonly 422: components['responses']['ValidationProblem'];
      readonly 429: components['responses']['RateLimited'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly confirmDemoPayment: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: {
        /** @description Required on every unsafe request that may carry the session cookie (cookie mode: all of them); not sent with `Authorization: Bearer` (bearer mode). Missing or wrong: 403 `csrf`. */
        readonly 'X-CSRF-Token'?: components['parameters']['CsrfToken'];
      };
      readonly path: {
        readonly intentId: string;
      };
      readonly cookie?: never;
    };
    readonly requestBody: {
      readonly content: {
        readonly 'application/json': components['schemas']['DemoPaymentRequest'];
      };
    };
    readonly responses: {
      readonly 204: components['responses']['Empty'];
      readonly 402: components['responses']['Problem'];
      readonly 403: components['responses']['Forbidden'];
      readonly 404: components['responses']['NotFound'];
      readonly 415: components['responses']['UnsupportedMediaType'];
      readonly 422: components['responses']['ValidationProblem'];
      readonly 429: components['responses']['RateLimited'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly listAppointments: {
    readonly parameters: {
      readonly query: {
        readonly when: 'upcoming' | 'past' | 'all';
        readonly status?: readonly components['schemas']['AppointmentStatus'][];
        readonly from?: components['schemas']['Instant'];
        readonly to?: components['schemas']['Instant'];
        readonly cursor?: string;
        readonly limit?: number;
      };
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly requestBody?: never;
    readonly responses: {
      /** @description One page. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['AppointmentPage'];
        };
      };
      readonly 401: components['responses']['NotSignedIn'];
      readonly 404: components['responses']['NotFound'];
      readonly 422: components['responses']['ValidationProblem'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly book: {
    readonly parameters: {
      readonly query?: never;
      readonly header: {
        /** @description Required on every unsafe request that may carry the session cookie (cookie mode: all of them); not sent with `Authorization: Bearer` (bearer mode). Missing or wrong: 403 `csrf`. */
        readonly 'X-CSRF-Token'?: components['parameters']['CsrfToken'];
        /** @description One key per intent (a booking, a reschedule, a deposit); 1–200 visible ASCII characters. */
        readonly 'Idempotency-Key': components['parameters']['IdempotencyKey'];
      };
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly requestBody: {
      readonly content: {
        readonly 'application/json': components['schemas']['BookingRequest'];
      };
    };
    readonly responses: {
      /** @description Already booked with this key. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['Appointment'];
        };
      };
      /** @description Booked. */
      readonly 201: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['Appointment'];
        };
      };
      readonly 401: components['responses']['NotSignedIn'];
      readonly 402: components['responses']['Problem'];
      readonly 403: components['responses']['Forbidden'];
      readonly 404: components['responses']['NotFound'];
      readonly 409: components['responses']['SlotTaken'];
      readonly 415: components['responses']['UnsupportedMediaType'];
      readonly 422: components['responses']['ValidationProblem'];
      readonly 429: components['responses']['RateLimited'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly getAppointment: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path: {
        readonly id: components['parameters']['AppointmentId'];
      };
      readonly cookie?: never;
    };
    readonly requestBody?: never;
    readonly responses: {
      /** @description The appointment. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['Appointment'];
        };
      };
      readonly 401: components['responses']['NotSignedIn'];
      readonly 404: components['responses']['NotFound'];
      readonly 422: components['responses']['ValidationProblem'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly confirmAppointment: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: {
        /** @description Required on every unsafe request that may carry the session cookie (cookie mode: all of them); not sent with `Authorization: Bearer` (bearer mode). Missing or wrong: 403 `csrf`. */
        readonly 'X-CSRF-Token'?: components['parameters']['CsrfToken'];
      };
      readonly path: {
        readonly id: components['parameters']['AppointmentId'];
      };
      readonly cookie?: never;
    };
    readonly requestBody?: never;
    readonly responses: {
      /** @description Confirmed. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['Appointment'];
        };
      };
      readonly 401: components['responses']['NotSignedIn'];
      readonly 403: components['responses']['Forbidden'];
      readonly 404: components['responses']['NotFound'];
      readonly 422: components['responses']['ValidationProblem'];
      readonly 429: components['responses']['RateLimited'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly getCancellationQuote: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path: {
        readonly id: components['parameters']['AppointmentId'];
      };
      readonly cookie?: never;
    };
    readonly requestBody?: never;
    readonly responses: {
      /** @description What cancelling now costs. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['CancellationQuote'];
        };
      };
      readonly 401: components['responses']['NotSignedIn'];
      readonly 403: components['responses']['Forbidden'];
      readonly 404: components['responses']['NotFound'];
      readonly 422: components['responses']['ValidationProblem'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly cancelAppointment: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: {
        /** @description Required on every unsafe request that may carry the session cookie (cookie mode: all of them); not sent with `Authorization: Bearer` (bearer mode). Missing or wrong: 403 `csrf`. */
        readonly 'X-CSRF-Token'?: components['parameters']['CsrfToken'];
      };
      readonly path: {
        readonly id: components['parameters']['AppointmentId'];
      };
      readonly cookie?: never;
    };
    readonly requestBody: {
      readonly content: {
        readonly 'application/json': components['schemas']['CancelRequest'];
      };
    };
    readonly responses: {
      /** @description Cancelled (again is the same answer). */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['Appointment'];
        };
      };
      readonly 401: components['responses']['NotSignedIn'];
      readonly 403: components['responses']['Forbidden'];
      readonly 404: components['responses']['NotFound'];
      readonly 415: components['responses']['UnsupportedMediaType'];
      readonly 422: components['responses']['ValidationProblem'];
      readonly 429: components['responses']['RateLimited'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly rescheduleAppointment: {
    readonly parameters: {
      readonly query?: never;
      readonly header: {
        /** @description Required on every unsafe request that may carry the session cookie (cookie mode: all of them); not sent with `Authorization: Bearer` (bearer mode). Missing or wrong: 403 `csrf`. */
        readonly 'X-CSRF-Token'?: components['parameters']['CsrfToken'];
        /** @description One key per intent (a booking, a reschedule, a deposit); 1–200 visible ASCII characters. */
        readonly 'Idempotency-Key': components['parameters']['IdempotencyKey'];
      };
      readonly path: {
        readonly id: components['parameters']['AppointmentId'];
      };
      readonly cookie?: never;
    };
    readonly requestBody: {
      readonly content: {
        readonly 'application/json': components['schemas']['RescheduleRequest'];
      };
    };
    readonly responses: {
      /** @description Moved. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['Appointment'];
        };
      };
      readonly 401: components['responses']['NotSignedIn'];
      readonly 403: components['responses']['Forbidden'];
      readonly 404: components['responses']['NotFound'];
      readonly 409: components['responses']['SlotTaken'];
      readonly 415: components['responses']['UnsupportedMediaType'];
      readonly 422: components['responses']['ValidationProblem'];
      readonly 429: components['responses']['RateLimited'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly getVideoJoin: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path: {
        readonly id: components['parameters']['AppointmentId'];
      };
      readonly cookie?: never;
    };
    readonly requestBody?: never;
    readonly responses: {
      /** @description The video visit's state; links only while the room is open. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['VideoJoin'];
        };
      };
      readonly 401: components['responses']['NotSignedIn'];
      readonly 404: components['responses']['NotFound'];
      readonly 422: components['responses']['ValidationProblem'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly listForms: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly requestBody?: never;
    readonly responses: {
      /** @description The visit items, with what is due before which visit. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': readonly components['schemas']['FormTask'][];
        };
      };
      readonly 401: components['responses']['NotSignedIn'];
      readonly 404: components['responses']['NotFound'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly getQuestionnaireForm: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path: {
        readonly id: components['parameters']['AppointmentId'];
        /** @description The visit item's id (from the appointment's `items` or `GET /forms`). */
        readonly itemId: components['parameters']['FormItemId'];
      };
      readonly cookie?: never;
    };
    readonly requestBody?: never;
    readonly responses: {
      /** @description The questionnaire, with the saved draft or the submitted answers. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['QuestionnaireForm'];
        };
      };
      readonly 401: components['responses']['NotSignedIn'];
      readonly 404: components['responses']['NotFound'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly saveQuestionnaireDraft: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: {
        /** @description Required on every unsafe request that may carry the session cookie (cookie mode: all of them); not sent with `Authorization: Bearer` (bearer mode). Missing or wrong: 403 `csrf`. */
        readonly 'X-CSRF-Token'?: components['parameters']['CsrfToken'];
      };
      readonly path: {
        readonly id: components['parameters']['AppointmentId'];
        /** @description The visit item's id (from the appointment's `items` or `GET /forms`). */
        readonly itemId: components['parameters']['FormItemId'];
      };
      readonly cookie?: never;
    };
    readonly requestBody: {
      readonly content: {
        readonly 'application/json': components['schemas']['QuestionnaireResponse'];
      };
    };
    readonly responses: {
      /** @description The draft as stored. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['QuestionnaireResponse'];
        };
      };
      readonly 401: components['responses']['NotSignedIn'];
      readonly 403: components['responses']['Forbidden'];
      readonly 404: components['responses']['NotFound'];
      readonly 422: components['responses']['ValidationProblem'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly submitQuestionnaire: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: {
        /** @description Required on every unsafe request that may carry the session cookie (cookie mode: all of them); not sent with `Authorization: Bearer` (bearer mode). Missing or wrong: 403 `csrf`. */
        readonly 'X-CSRF-Token'?: components['parameters']['CsrfToken'];
      };
      readonly path: {
        readonly id: components['parameters']['AppointmentId'];
        /** @description The visit item's id (from the appointment's `items` or `GET /forms`). */
        readonly itemId: components['parameters']['FormItemId'];
      };
      readonly cookie?: never;
    };
    readonly requestBody: {
      readonly content: {
        readonly 'application/json': components['schemas']['QuestionnaireResponse'];
      };
    };
    readonly responses: {
      /** @description The submitted response as stored. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['QuestionnaireResponse'];
        };
      };
      readonly 401: components['responses']['NotSignedIn'];
      readonly 403: components['responses']['Forbidden'];
      readonly 404: components['responses']['NotFound'];
      readonly 422: components['responses']['ValidationProblem'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly getConsentForm: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path: {
        readonly id: components['parameters']['AppointmentId'];
        /** @description The visit item's id (from the appointment's `items` or `GET /forms`). */
        readonly itemId: components['parameters']['FormItemId'];
      };
      readonly cookie?: never;
    };
    readonly requestBody?: never;
    readonly responses: {
      /** @description The consent document's current version, with the signature once signed. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['ConsentForm'];
        };
      };
      readonly 401: components['responses']['NotSignedIn'];
      readonly 404: components['responses']['NotFound'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly getConsentPdf: {
    readonly parameters: {
      readonly query: {
        /** @description `es` or `en`; anything else answers 422 (`language: invalid`). */
        readonly language: string;
        /** @description A BCP 47 tag, e.g. `es-MX` (default the language). */
        readonly locale?: string;
      };
      readonly header?: never;
      readonly path: {
        readonly id: components['parameters']['AppointmentId'];
        /** @description The visit item's id (from the appointment's `items` or `GET /forms`). */
        readonly itemId: components['parameters']['FormItemId'];
      };
      readonly cookie?: never;
    };
    readonly requestBody?: never;
    readonly responses: {
      /** @description The PDF. */
      readonly 200: {
        headers: {
          /** @description `attachment`, with `filename`. */
          readonly 'Content-Disposition'?: string;
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/pdf': string;
        };
      };
      readonly 401: components['responses']['NotSignedIn'];
      readonly 404: components['responses']['NotFound'];
      readonly 422: components['responses']['ValidationProblem'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly signConsent: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: {
        /** @description Required on every unsafe request that may carry the session cookie (cookie mode: all of them); not sent with `Authorization: Bearer` (bearer mode). Missing or wrong: 403 `csrf`. */
        readonly 'X-CSRF-Token'?: components['parameters']['CsrfToken'];
      };
      readonly path: {
        readonly id: components['parameters']['AppointmentId'];
        /** @description The visit item's id (from the appointment's `items` or `GET /forms`). */
        readonly itemId: components['parameters']['FormItemId'];
      };
      readonly cookie?: never;
    };
    readonly requestBody: {
      readonly content: {
        readonly 'application/json': components['schemas']['ConsentSignRequest'];
      };
    };
    readonly responses: {
      /** @description Signed. */
      readonly 201: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['ConsentSignature'];
        };
      };
      readonly 401: components['responses']['NotSignedIn'];
      readonly 403: components['responses']['Forbidden'];
      readonly 404: components['responses']['NotFound'];
      readonly 422: components['responses']['ValidationProblem'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly withdrawConsent: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: {
        /** @description Required on every unsafe request that may carry the session cookie (cookie mode: all of them); not sent with `Authorization: Bearer` (bearer mode). Missing or wrong: 403 `csrf`. */
        readonly 'X-CSRF-Token'?: components['parameters']['CsrfToken'];
      };
      readonly path: {
        readonly id: components['parameters']['AppointmentId'];
        /** @description The visit item's id (from the appointment's `items` or `GET /forms`). */
        readonly itemId: components['parameters']['FormItemId'];
      };
      readonly cookie?: never;
    };
    readonly requestBody?: never;
    readonly responses: {
      /** @description Withdrawn; the consent as it is now. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['ConsentForm'];
        };
      };
      readonly 401: components['responses']['NotSignedIn'];
      readonly 403: components['responses']['Forbidden'];
      readonly 404: components['responses']['NotFound'];
      readonly 422: components['responses']['ValidationProblem'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly listDocuments: {
    readonly parameters: {
      readonly query?: {
        readonly folder?: components['schemas']['DocumentFolder'];
      };
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly requestBody?: never;
    readonly responses: {
      /** @description The documents (metadata only). */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['DocumentList'];
        };
      };
      readonly 401: components['responses']['NotSignedIn'];
      readonly 404: components['responses']['NotFound'];
      readonly 422: components['responses']['ValidationProblem'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly uploadDocument: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: {
        /** @description Required on every unsafe request that may carry the session cookie (cookie mode: all of them); not sent with `Authorization: Bearer` (bearer mode). Missing or wrong: 403 `csrf`. */
        readonly 'X-CSRF-Token'?: components['parameters']['CsrfToken'];
      };
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly requestBody: {
      readonly content: {
        readonly 'application/json': components['schemas']['DocumentUploadRequest'];
      };
    };
    readonly responses: {
      /** @description Stored. */
      readonly 201: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['PatientDocument'];
        };
      };
      readonly 401: components['responses']['NotSignedIn'];
      readonly 403: components['responses']['Forbidden'];
      readonly 404: components['responses']['NotFound'];
      readonly 415: components['responses']['UnsupportedMediaType'];
      readonly 422: components['responses']['ValidationProblem'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly deleteDocument: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: {
        /** @description Required on every unsafe request that may carry the session cookie (cookie mode: all of them); not sent with `Authorization: Bearer` (bearer mode). Missing or wrong: 403 `csrf`. */
        readonly 'X-CSRF-Token'?: components['parameters']['CsrfToken'];
      };
      readonly path: {
        /** @description The document's id (from `GET /documents`). */
        readonly documentId: components['parameters']['DocumentId'];
      };
      readonly cookie?: never;
    };
    readonly requestBody?: never;
    readonly responses: {
      readonly 204: components['responses']['Empty'];
      readonly 401: components['responses']['NotSignedIn'];
      readonly 403: components['responses']['Forbidden'];
      readonly 404: components['responses']['NotFound'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly requestRefill: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: {
        /** @description Required on every unsafe request that may carry the session cookie (cookie mode: all of them); not sent with `Authorization: Bearer` (bearer mode). Missing or wrong: 403 `csrf`. */
        readonly 'X-CSRF-Token'?: components['parameters']['CsrfToken'];
      };
      readonly path: {
        /** @description The document's id (from `GET /documents`). */
        readonly documentId: components['parameters']['DocumentId'];
      };
      readonly cookie?: never;
    };
    readonly requestBody: {
      readonly content: {
        readonly 'application/json': components['schemas']['RefillRequestBody'];
      };
    };
    readonly responses: {
      /** @description A request was already waiting for the clinic; this is it. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['RefillRequest'];
        };
      };
      /** @description Sent. */
      readonly 201: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['RefillRequest'];
        };
      };
      readonly 401: components['responses']['NotSignedIn'];
      readonly 403: components['responses']['Forbidden'];
      readonly 404: components['responses']['NotFound'];
      readonly 415: components['responses']['UnsupportedMediaType'];
      readonly 422: components['responses']['ValidationProblem'];
      readonly 429: components['responses']['RateLimited'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly downloadDocument: {
    readonly parameters: {
      readonly query?: {
        readonly disposition?: 'inline' | 'attachment';
      };
      readonly header?: never;
      readonly path: {
        /** @description The document's id (from `GET /documents`). */
        readonly documentId: components['parameters']['DocumentId'];
      };
      readonly cookie?: never;
    };
    readonly requestBody?: never;
    readonly responses: {
      /** @description The bytes. */
      readonly 200: {
        headers: {
          /** @description `inline` or `attachment`, with `filename` and `filename*`. */
          readonly 'Content-Disposition'?: string;
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/pdf': string;
          readonly 'image/jpeg': string;
          readonly 'image/png': string;
        };
      };
      readonly 401: components['responses']['NotSignedIn'];
      readonly 404: components['responses']['NotFound'];
      readonly 501: components['responses']['NotSupported'];
      readonly 503: components['responses']['DocumentUnreadable'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly listInvoices: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly requestBody?: never;
    readonly responses: {
      /** @description The invoices. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['InvoiceList'];
        };
      };
      readonly 401: components['responses']['NotSignedIn'];
      readonly 404: components['responses']['NotFound'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly getInvoice: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path: {
        /** @description The invoice's id (from `GET /invoices`). */
        readonly invoiceId: components['parameters']['InvoiceId'];
      };
      readonly cookie?: never;
    };
    readonly requestBody?: never;
    readonly responses: {
      /** @description The invoice. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['Invoice'];
        };
      };
      readonly 401: components['responses']['NotSignedIn'];
      readonly 404: components['responses']['NotFound'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly getInvoicePdf: {
    readonly parameters: {
      readonly query: {
        /** @description `es` or `en`; anything else answers 422 (`language: invalid`). */
        readonly language: string;
        /** @description A BCP 47 tag, e.g. `es-MX` (default the language). */
        readonly locale?: string;
        readonly disposition?: 'inline' | 'attachment';
      };
      readonly header?: never;
      readonly path: {
        /** @description The invoice's id (from `GET /invoices`). */
        readonly invoiceId: components['parameters']['InvoiceId'];
      };
      readonly cookie?: never;
    };
    readonly requestBody?: never;
    readonly responses: {
      /** @description The PDF. */
      readonly 200: {
        headers: {
          /** @description `inline` or `attachment`, with `filename` (the invoice number). */
          readonly 'Content-Disposition'?: string;
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/pdf': string;
        };
      };
      readonly 401: components['responses']['NotSignedIn'];
      readonly 404: components['responses']['NotFound'];
      readonly 422: components['responses']['ValidationProblem'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly createInvoicePaymentIntent: {
    readonly parameters: {
      readonly query?: never;
      readonly header: {
        /** @description Required on every unsafe request that may carry the session cookie (cookie mode: all of them); not sent with `Authorization: Bearer` (bearer mode). Missing or wrong: 403 `csrf`. */
        readonly 'X-CSRF-Token'?: components['parameters']['CsrfToken'];
        /** @description One key per intent (a booking, a reschedule, a deposit); 1–200 visible ASCII characters. */
        readonly 'Idempotency-Key': components['parameters']['IdempotencyKey'];
      };
      readonly path: {
        /** @description The invoice's id (from `GET /invoices`). */
        readonly invoiceId: components['parameters']['InvoiceId'];
      };
      readonly cookie?: never;
    };
    readonly requestBody: {
      readonly content: {
        readonly 'application/json': Record<string, never>;
      };
    };
    readonly responses: {
      /** @description The balance's payment intent, or null when nothing is due. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': {
            readonly intent: components['schemas']['PaymentIntent'] | null;
          };
        };
      };
      readonly 401: components['responses']['NotSignedIn'];
      readonly 403: components['responses']['Forbidden'];
      readonly 404: components['responses']['NotFound'];
      readonly 415: components['responses']['UnsupportedMediaType'];
      readonly 422: components['responses']['ValidationProblem'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly getReceiptPdf: {
    readonly parameters: {
      readonly query: {
        /** @description `es` or `en`; anything else answers 422 (`language: invalid`). */
        readonly language: string;
        /** @description A BCP 47 tag, e.g. `es-MX` (default the language). */
        readonly locale?: string;
        readonly disposition?: 'inline' | 'attachment';
      };
      readonly header?: never;
      readonly path: {
        readonly paymentId: string;
      };
      readonly cookie?: never;
    };
    readonly requestBody?: never;
    readonly responses: {
      /** @description The PDF. */
      readonly 200: {
        headers: {
          /** @description `inline` or `attachment`, with `filename` (the receipt number). */
          readonly 'Content-Disposition'?: string;
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/pdf': string;
        };
      };
      readonly 401: components['responses']['NotSignedIn'];
      readonly 404: components['responses']['NotFound'];
      readonly 422: components['responses']['ValidationProblem'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly getBillingDetails: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly requestBody?: never;
    readonly responses: {
      /** @description Her details (null if none) and the country. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['BillingDetailsView'];
        };
      };
      readonly 401: components['responses']['NotSignedIn'];
      readonly 404: components['responses']['NotFound'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly saveBillingDetails: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: {
        /** @description Required on every unsafe request that may carry the session cookie (cookie mode: all of them); not sent with `Authorization: Bearer` (bearer mode). Missing or wrong: 403 `csrf`. */
        readonly 'X-CSRF-Token'?: components['parameters']['CsrfToken'];
      };
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly requestBody: {
      readonly content: {
        readonly 'application/json': components['schemas']['BillingDetailsRequest'];
      };
    };
    readonly responses: {
      /** @description Her details as stored. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['BillingDetailsView'];
        };
      };
      readonly 401: components['responses']['NotSignedIn'];
      readonly 403: components['responses']['Forbidden'];
      readonly 404: components['responses']['NotFound'];
      readonly 415: components['responses']['UnsupportedMediaType'];
      readonly 422: components['responses']['ValidationProblem'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly removeBillingDetails: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: {
        /** @description Required on every unsafe request that may carry the session cookie (cookie mode: all of them); not sent with `Authorization: Bearer` (bearer mode). Missing or wrong: 403 `csrf`. */
        readonly 'X-CSRF-Token'?: components['parameters']['CsrfToken'];
      };
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly requestBody?: never;
    readonly responses: {
      /** @description The view without details. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['BillingDetailsView'];
        };
      };
      readonly 401: components['responses']['NotSignedIn'];
      readonly 403: components['responses']['Forbidden'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly listPayments: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly requestBody?: never;
    readonly responses: {
      /** @description The entries. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': readonly components['schemas']['PaymentEntry'][];
        };
      };
      readonly 401: components['responses']['NotSignedIn'];
      readonly 404: components['responses']['NotFound'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly listConversations: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly requestBody?: never;
    readonly responses: {
      /** @description The conversations. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['ConversationList'];
        };
      };
      readonly 401: components['responses']['NotSignedIn'];
      readonly 404: components['responses']['NotFound'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly startConversation: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: {
        /** @description Required on every unsafe request that may carry the session cookie (cookie mode: all of them); not sent with `Authorization: Bearer` (bearer mode). Missing or wrong: 403 `csrf`. */
        readonly 'X-CSRF-Token'?: components['parameters']['CsrfToken'];
      };
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly requestBody: {
      readonly content: {
        readonly 'application/json': components['schemas']['NewConversationRequest'];
      };
    };
    readonly responses: {
      /** @description The conversation with its first message. */
      readonly 201: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['Conversation'];
        };
      };
      readonly 401: components['responses']['NotSignedIn'];
      readonly 403: components['responses']['Forbidden'];
      readonly 404: components['responses']['NotFound'];
      readonly 415: components['responses']['UnsupportedMediaType'];
      readonly 422: components['responses']['ValidationProblem'];
      readonly 429: components['responses']['RateLimited'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly getConversation: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path: {
        /** @description The conversation's id (from `GET /conversations`). */
        readonly conversationId: components['parameters']['ConversationId'];
      };
      readonly cookie?: never;
    };
    readonly requestBody?: never;
    readonly responses: {
      /** @description The conversation. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['Conversation'];
        };
      };
      readonly 401: components['responses']['NotSignedIn'];
      readonly 404: components['responses']['NotFound'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly replyToConversation: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: {
        /** @description Required on every unsafe request that may carry the session cookie (cookie mode: all of them); not sent with `Authorization: Bearer` (bearer mode). Missing or wrong: 403 `csrf`. */
        readonly 'X-CSRF-Token'?: components['parameters']['CsrfToken'];
      };
      readonly path: {
        /** @description The conversation's id (from `GET /conversations`). */
        readonly conversationId: components['parameters']['ConversationId'];
      };
      readonly cookie?: never;
    };
    readonly requestBody: {
      readonly content: {
        readonly 'application/json': components['schemas']['ReplyRequest'];
      };
    };
    readonly responses: {
      /** @description The message. */
      readonly 201: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['ChatMessage'];
        };
      };
      readonly 401: components['responses']['NotSignedIn'];
      readonly 403: components['responses']['Forbidden'];
      readonly 404: components['responses']['NotFound'];
      readonly 415: components['responses']['UnsupportedMediaType'];
      readonly 422: components['responses']['ValidationProblem'];
      readonly 429: components['responses']['RateLimited'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly markConversationRead: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: {
        /** @description Required on every unsafe request that may carry the session cookie (cookie mode: all of them); not sent with `Authorization: Bearer` (bearer mode). Missing or wrong: 403 `csrf`. */
        readonly 'X-CSRF-Token'?: components['parameters']['CsrfToken'];
      };
      readonly path: {
        /** @description The conversation's id (from `GET /conversations`). */
        readonly conversationId: components['parameters']['ConversationId'];
      };
      readonly cookie?: never;
    };
    readonly requestBody?: never;
    readonly responses: {
      /** @description Marked. */
      readonly 204: {
        headers: {
          readonly [name: string]: unknown;
        };
        content?: never;
      };
      readonly 401: components['responses']['NotSignedIn'];
      readonly 403: components['responses']['Forbidden'];
      readonly 404: components['responses']['NotFound'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly downloadAttachment: {
    readonly parameters: {
      readonly query?: {
        readonly disposition?: 'inline' | 'attachment';
      };
      readonly header?: never;
      readonly path: {
        readonly attachmentId: string;
      };
      readonly cookie?: never;
    };
    readonly requestBody?: never;
    readonly responses: {
      /** @description The bytes. */
      readonly 200: {
        headers: {
          /** @description `inline` or `attachment`, with `filename` and `filename*`. */
          readonly 'Content-Disposition'?: string;
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/pdf': string;
          readonly 'image/jpeg': string;
          readonly 'image/png': string;
        };
      };
      readonly 401: components['responses']['NotSignedIn'];
      readonly 404: components['responses']['NotFound'];
      readonly 501: components['responses']['NotSupported'];
      readonly 503: components['responses']['DocumentUnreadable'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly listCards: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly requestBody?: never;
    readonly responses: {
      /** @description The cards (default first). */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['SavedCardList'];
        };
      };
      readonly 401: components['responses']['NotSignedIn'];
      readonly 404: components['responses']['NotFound'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly startCardSetup: {
    readonly parameters: {
      readonly query?: never;
      readonly header: {
        /** @description Required on every unsafe request that may carry the session cookie (cookie mode: all of them); not sent with `Authorization: Bearer` (bearer mode). Missing or wrong: 403 `csrf`. */
        readonly 'X-CSRF-Token'?: components['parameters']['CsrfToken'];
        /** @description One key per intent (a booking, a reschedule, a deposit); 1–200 visible ASCII characters. */
        readonly 'Idempotency-Key': components['parameters']['IdempotencyKey'];
      };
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly requestBody: {
      readonly content: {
        readonly 'application/json': Record<string, never>;
      };
    };
    readonly responses: {
      /** @description The card setup. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['PaymentIntent'];
        };
      };
      readonly 401: components['responses']['NotSignedIn'];
      readonly 403: components['responses']['Forbidden'];
      readonly 404: components['responses']['NotFound'];
      readonly 415: components['responses']['UnsupportedMediaType'];
      readonly 422: components['responses']['ValidationProblem'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly confirmDemoCardSetup: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: {
        /** @description Required on every unsafe request that may carry the session cookie (cookie mode: all of them); not sent with `Authorization: Bearer` (bearer mode). Missing or wrong: 403 `csrf`. */
        readonly 'X-CSRF-Token'?: components['parameters']['CsrfToken'];
      };
      readonly path: {
        readonly setupId: string;
      };
      readonly cookie?: never;
    };
    readonly requestBody: {
      readonly content: {
        readonly 'application/json': components['schemas']['DemoCardSetupRequest'];
      };
    };
    readonly responses: {
      readonly 204: components['responses']['Empty'];
      readonly 401: components['responses']['NotSignedIn'];
      readonly 402: components['responses']['Problem'];
      readonly 403: components['responses']['Forbidden'];
      readonly 404: components['responses']['NotFound'];
      readonly 415: components['responses']['UnsupportedMediaType'];
      readonly 422: components['responses']['ValidationProblem'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly setDefaultCard: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: {
        /** @description Required on every unsafe request that may carry the session cookie (cookie mode: all of them); not sent with `Authorization: Bearer` (bearer mode). Missing or wrong: 403 `csrf`. */
        readonly 'X-CSRF-Token'?: components['parameters']['CsrfToken'];
      };
      readonly path: {
        /** @description The saved card's id (from `GET /cards`). */
        readonly cardId: components['parameters']['CardId'];
      };
      readonly cookie?: never;
    };
    readonly requestBody: {
      readonly content: {
        readonly 'application/json': Record<string, never>;
      };
    };
    readonly responses: {
      /** @description The cards after the change. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['SavedCardList'];
        };
      };
      readonly 401: components['responses']['NotSignedIn'];
      readonly 403: components['responses']['Forbidden'];
      readonly 404: components['responses']['NotFound'];
      readonly 415: components['responses']['UnsupportedMediaType'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly removeCard: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: {
        /** @description Required on every unsafe request that may carry the session cookie (cookie mode: all of them); not sent with `Authorization: Bearer` (bearer mode). Missing or wrong: 403 `csrf`. */
        readonly 'X-CSRF-Token'?: components['parameters']['CsrfToken'];
      };
      readonly path: {
        /** @description The saved card's id (from `GET /cards`). */
        readonly cardId: components['parameters']['CardId'];
      };
      readonly cookie?: never;
    };
    readonly requestBody?: never;
    readonly responses: {
      /** @description The cards left. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['SavedCardList'];
        };
      };
      readonly 401: components['responses']['NotSignedIn'];
      readonly 403: components['responses']['Forbidden'];
      readonly 404: components['responses']['NotFound'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly getMedicalInfo: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly requestBody?: never;
    readonly responses: {
      /** @description Her allergies, medications, conditions and emergency contacts. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['MedicalInfo'];
        };
      };
      readonly 401: components['responses']['NotSignedIn'];
      readonly 404: components['responses']['NotFound'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly addMedicalEntry: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: {
        /** @description Required on every unsafe request that may carry the session cookie (cookie mode: all of them); not sent with `Authorization: Bearer` (bearer mode). Missing or wrong: 403 `csrf`. */
        readonly 'X-CSRF-Token'?: components['parameters']['CsrfToken'];
      };
      readonly path: {
        /** @description The list: `allergies`, `medications`, `conditions` or `emergencyContacts`. */
        readonly list: components['parameters']['MedicalList'];
      };
      readonly cookie?: never;
    };
    readonly requestBody: {
      readonly content: {
        readonly 'application/json': components['schemas']['MedicalEntryRequest'];
      };
    };
    readonly responses: {
      /** @description The entry as stored. */
      readonly 201: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['MedicalEntry'];
        };
      };
      readonly 401: components['responses']['NotSignedIn'];
      readonly 403: components['responses']['Forbidden'];
      readonly 404: components['responses']['NotFound'];
      readonly 415: components['responses']['UnsupportedMediaType'];
      readonly 422: components['responses']['ValidationProblem'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly updateMedicalEntry: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: {
        /** @description Required on every unsafe request that may carry the session cookie (cookie mode: all of them); not sent with `Authorization: Bearer` (bearer mode). Missing or wrong: 403 `csrf`. */
        readonly 'X-CSRF-Token'?: components['parameters']['CsrfToken'];
      };
      readonly path: {
        /** @description The list: `allergies`, `medications`, `conditions` or `emergencyContacts`. */
        readonly list: components['parameters']['MedicalList'];
        /** @description The entry's id (from `GET /medical`). */
        readonly entryId: components['parameters']['MedicalEntryId'];
      };
      readonly cookie?: never;
    };
    readonly requestBody: {
      readonly content: {
        readonly 'application/json': components['schemas']['MedicalEntryRequest'];
      };
    };
    readonly responses: {
      /** @description The entry as stored. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['MedicalEntry'];
        };
      };
      readonly 401: components['responses']['NotSignedIn'];
      readonly 403: components['responses']['Forbidden'];
      readonly 404: components['responses']['NotFound'];
      readonly 415: components['responses']['UnsupportedMediaType'];
      readonly 422: components['responses']['ValidationProblem'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly removeMedicalEntry: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: {
        /** @description Required on every unsafe request that may carry the session cookie (cookie mode: all of them); not sent with `Authorization: Bearer` (bearer mode). Missing or wrong: 403 `csrf`. */
        readonly 'X-CSRF-Token'?: components['parameters']['CsrfToken'];
      };
      readonly path: {
        /** @description The list: `allergies`, `medications`, `conditions` or `emergencyContacts`. */
        readonly list: components['parameters']['MedicalList'];
        /** @description The entry's id (from `GET /medical`). */
        readonly entryId: components['parameters']['MedicalEntryId'];
      };
      readonly cookie?: never;
    };
    readonly requestBody?: never;
    readonly responses: {
      readonly 204: components['responses']['Empty'];
      readonly 401: components['responses']['NotSignedIn'];
      readonly 403: components['responses']['Forbidden'];
      readonly 404: components['responses']['NotFound'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly listInsuranceCards: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly requestBody?: never;
    readonly responses: {
      /** @description Her cards, the primary first. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['InsuranceCardList'];
        };
      };
      readonly 401: components['responses']['NotSignedIn'];
      readonly 404: components['responses']['NotFound'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly addInsuranceCard: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: {
        /** @description Required on every unsafe request that may carry the session cookie (cookie mode: all of them); not sent with `Authorization: Bearer` (bearer mode). Missing or wrong: 403 `csrf`. */
        readonly 'X-CSRF-Token'?: components['parameters']['CsrfToken'];
      };
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly requestBody: {
      readonly content: {
        readonly 'application/json': components['schemas']['InsuranceCardRequest'];
      };
    };
    readonly responses: {
      /** @description The card as stored. */
      readonly 201: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['InsuranceCard'];
        };
      };
      readonly 401: components['responses']['NotSignedIn'];
      readonly 403: components['responses']['Forbidden'];
      readonly 404: components['responses']['NotFound'];
      readonly 415: components['responses']['UnsupportedMediaType'];
      readonly 422: components['responses']['ValidationProblem'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly updateInsuranceCard: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: {
        /** @description Required on every unsafe request that may carry the session cookie (cookie mode: all of them); not sent with `Authorization: Bearer` (bearer mode). Missing or wrong: 403 `csrf`. */
        readonly 'X-CSRF-Token'?: components['parameters']['CsrfToken'];
      };
      readonly path: {
        /** @description The insurance card's id (from `GET /insurance-cards`). */
        readonly cardId: components['parameters']['InsuranceCardId'];
      };
      readonly cookie?: never;
    };
    readonly requestBody: {
      readonly content: {
        readonly 'application/json': components['schemas']['InsuranceCardRequest'];
      };
    };
    readonly responses: {
      /** @description The card as stored. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['InsuranceCard'];
        };
      };
      readonly 401: components['responses']['NotSignedIn'];
      readonly 403: components['responses']['Forbidden'];
      readonly 404: components['responses']['NotFound'];
      readonly 415: components['responses']['UnsupportedMediaType'];
      readonly 422: components['responses']['ValidationProblem'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly removeInsuranceCard: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: {
        /** @description Required on every unsafe request that may carry the session cookie (cookie mode: all of them); not sent with `Authorization: Bearer` (bearer mode). Missing or wrong: 403 `csrf`. */
        readonly 'X-CSRF-Token'?: components['parameters']['CsrfToken'];
      };
      readonly path: {
        /** @description The insurance card's id (from `GET /insurance-cards`). */
        readonly cardId: components['parameters']['InsuranceCardId'];
      };
      readonly cookie?: never;
    };
    readonly requestBody?: never;
    readonly responses: {
      /** @description The cards left. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['InsuranceCardList'];
        };
      };
      readonly 401: components['responses']['NotSignedIn'];
      readonly 403: components['responses']['Forbidden'];
      readonly 404: components['responses']['NotFound'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly setPrimaryInsuranceCard: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: {
        /** @description Required on every unsafe request that may carry the session cookie (cookie mode: all of them); not sent with `Authorization: Bearer` (bearer mode). Missing or wrong: 403 `csrf`. */
        readonly 'X-CSRF-Token'?: components['parameters']['CsrfToken'];
      };
      readonly path: {
        /** @description The insurance card's id (from `GET /insurance-cards`). */
        readonly cardId: components['parameters']['InsuranceCardId'];
      };
      readonly cookie?: never;
    };
    readonly requestBody: {
      readonly content: {
        readonly 'application/json': Record<string, never>;
      };
    };
    readonly responses: {
      /** @description The cards after the change. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['InsuranceCardList'];
        };
      };
      readonly 401: components['responses']['NotSignedIn'];
      readonly 403: components['responses']['Forbidden'];
      readonly 404: components['responses']['NotFound'];
      readonly 415: components['responses']['UnsupportedMediaType'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly getInsuranceCardPhoto: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path: {
        /** @description The insurance card's id (from `GET /insurance-cards`). */
        readonly cardId: components['parameters']['InsuranceCardId'];
        /** @description The card's `front` or `back`. */
        readonly side: 'front' | 'back';
      };
      readonly cookie?: never;
    };
    readonly requestBody?: never;
    readonly responses: {
      /** @description The bytes. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'image/jpeg': string;
          readonly 'image/png': string;
          readonly 'image/webp': string;
        };
      };
      readonly 204: components['responses']['Empty'];
      readonly 401: components['responses']['NotSignedIn'];
      readonly 404: components['responses']['NotFound'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly uploadInsuranceCardPhoto: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: {
        /** @description Required on every unsafe request that may carry the session cookie (cookie mode: all of them); not sent with `Authorization: Bearer` (bearer mode). Missing or wrong: 403 `csrf`. */
        readonly 'X-CSRF-Token'?: components['parameters']['CsrfToken'];
      };
      readonly path: {
        /** @description The insurance card's id (from `GET /insurance-cards`). */
        readonly cardId: components['parameters']['InsuranceCardId'];
        /** @description The card's `front` or `back`. */
        readonly side: 'front' | 'back';
      };
      readonly cookie?: never;
    };
    readonly requestBody: {
      readonly content: {
        readonly 'application/json': components['schemas']['ProfilePhotoRequest'];
      };
    };
    readonly responses: {
      /** @description What was stored. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['ProfilePhotoStored'];
        };
      };
      readonly 401: components['responses']['NotSignedIn'];
      readonly 403: components['responses']['Forbidden'];
      readonly 404: components['responses']['NotFound'];
      readonly 415: components['responses']['UnsupportedMediaType'];
      readonly 422: components['responses']['ValidationProblem'];
      readonly 429: components['responses']['RateLimited'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly removeInsuranceCardPhoto: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: {
        /** @description Required on every unsafe request that may carry the session cookie (cookie mode: all of them); not sent with `Authorization: Bearer` (bearer mode). Missing or wrong: 403 `csrf`. */
        readonly 'X-CSRF-Token'?: components['parameters']['CsrfToken'];
      };
      readonly path: {
        /** @description The insurance card's id (from `GET /insurance-cards`). */
        readonly cardId: components['parameters']['InsuranceCardId'];
        /** @description The card's `front` or `back`. */
        readonly side: 'front' | 'back';
      };
      readonly cookie?: never;
    };
    readonly requestBody?: never;
    readonly responses: {
      /** @description Removed. */
      readonly 204: {
        headers: {
          readonly [name: string]: unknown;
        };
        content?: never;
      };
      readonly 401: components['responses']['NotSignedIn'];
      readonly 403: components['responses']['Forbidden'];
      readonly 404: components['responses']['NotFound'];
      readonly 429: components['responses']['RateLimited'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly listPeople: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly requestBody?: never;
    readonly responses: {
      /** @description Herself and her dependents. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['PortalPersonList'];
        };
      };
      readonly 401: components['responses']['NotSignedIn'];
      readonly 404: components['responses']['NotFound'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly inviteProxy: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: {
        /** @description Required on every unsafe request that may carry the session cookie (cookie mode: all of them); not sent with `Authorization: Bearer` (bearer mode). Missing or wrong: 403 `csrf`. */
        readonly 'X-CSRF-Token'?: components['parameters']['CsrfToken'];
      };
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly requestBody: {
      readonly content: {
        readonly 'application/json': components['schemas']['ProxyInvitationRequest'];
      };
    };
    readonly responses: {
      /** @description The invitation went out. */
      readonly 202: {
        headers: {
          readonly [name: string]: unknown;
        };
        content?: never;
      };
      readonly 401: components['responses']['NotSignedIn'];
      readonly 403: components['responses']['Forbidden'];
      readonly 404: components['responses']['NotFound'];
      readonly 422: components['responses']['ValidationProblem'];
      readonly 429: components['responses']['RateLimited'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly getProxyInvitation: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: {
        /** @description Required on every unsafe request that may carry the session cookie (cookie mode: all of them); not sent with `Authorization: Bearer` (bearer mode). Missing or wrong: 403 `csrf`. */
        readonly 'X-CSRF-Token'?: components['parameters']['CsrfToken'];
      };
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly requestBody: {
      readonly content: {
        readonly 'application/json': components['schemas']['TokenRequest'];
      };
    };
    readonly responses: {
      /** @description The invitation. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['ProxyInvitation'];
        };
      };
      readonly 401: components['responses']['NotSignedIn'];
      readonly 403: components['responses']['Forbidden'];
      readonly 404: components['responses']['NotFound'];
      readonly 410: components['responses']['InvalidLink'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly answerProxyInvitation: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: {
        /** @description Required on every unsafe request that may carry the session cookie (cookie mode: all of them); not sent with `Authorization: Bearer` (bearer mode). Missing or wrong: 403 `csrf`. */
        readonly 'X-CSRF-Token'?: components['parameters']['CsrfToken'];
      };
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly requestBody: {
      readonly content: {
        readonly 'application/json': components['schemas']['ProxyInvitationAnswerRequest'];
      };
    };
    readonly responses: {
      /** @description Answered. */
      readonly 204: {
        headers: {
          readonly [name: string]: unknown;
        };
        content?: never;
      };
      readonly 401: components['responses']['NotSignedIn'];
      readonly 403: components['responses']['Forbidden'];
      readonly 404: components['responses']['NotFound'];
      readonly 410: components['responses']['InvalidLink'];
      readonly 422: components['responses']['ValidationProblem'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly listProxyAccess: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly requestBody?: never;
    readonly responses: {
      /** @description The grants and invitations. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['ProxyAccess'];
        };
      };
      readonly 401: components['responses']['NotSignedIn'];
      readonly 404: components['responses']['NotFound'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly revokeProxyAccess: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: {
        /** @description Required on every unsafe request that may carry the session cookie (cookie mode: all of them); not sent with `Authorization: Bearer` (bearer mode). Missing or wrong: 403 `csrf`. */
        readonly 'X-CSRF-Token'?: components['parameters']['CsrfToken'];
      };
      readonly path: {
        readonly id: string;
      };
      readonly cookie?: never;
    };
    readonly requestBody?: never;
    readonly responses: {
      /** @description Revoked or withdrawn. */
      readonly 204: {
        headers: {
          readonly [name: string]: unknown;
        };
        content?: never;
      };
      readonly 401: components['responses']['NotSignedIn'];
      readonly 403: components['responses']['Forbidden'];
      readonly 404: components['responses']['NotFound'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly listWaitlist: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly requestBody?: never;
    readonly responses: {
      /** @description Her entries. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['WaitlistEntryList'];
        };
      };
      readonly 401: components['responses']['NotSignedIn'];
      readonly 404: components['responses']['NotFound'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly joinWaitlist: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: {
        /** @description Required on every unsafe request that may carry the session cookie (cookie mode: all of them); not sent with `Authorization: Bearer` (bearer mode). Missing or wrong: 403 `csrf`. */
        readonly 'X-CSRF-Token'?: components['parameters']['CsrfToken'];
      };
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly requestBody: {
      readonly content: {
        readonly 'application/json': components['schemas']['WaitlistRequest'];
      };
    };
    readonly responses: {
      /** @description The entry as stored. */
      readonly 201: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['WaitlistEntry'];
        };
      };
      readonly 401: components['responses']['NotSignedIn'];
      readonly 403: components['responses']['Forbidden'];
      readonly 404: components['responses']['NotFound'];
      readonly 415: components['responses']['UnsupportedMediaType'];
      readonly 422: components['responses']['ValidationProblem'];
      readonly 429: components['responses']['RateLimited'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly leaveWaitlist: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: {
        /** @description Required on every unsafe request that may carry the session cookie (cookie mode: all of them); not sent with `Authorization: Bearer` (bearer mode). Missing or wrong: 403 `csrf`. */
        readonly 'X-CSRF-Token'?: components['parameters']['CsrfToken'];
      };
      readonly path: {
        /** @description The entry's id (from `GET /waitlist`). */
        readonly entryId: string;
      };
      readonly cookie?: never;
    };
    readonly requestBody?: never;
    readonly responses: {
      readonly 204: components['responses']['Empty'];
      readonly 401: components['responses']['NotSignedIn'];
      readonly 403: components['responses']['Forbidden'];
      readonly 404: components['responses']['NotFound'];
      readonly 429: components['responses']['RateLimited'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly resolveWaitlistOffer: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: {
        /** @description Required on every unsafe request that may carry the session cookie (cookie mode: all of them); not sent with `Authorization: Bearer` (bearer mode). Missing or wrong: 403 `csrf`. */
        readonly 'X-CSRF-Token'?: components['parameters']['CsrfToken'];
      };
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly requestBody: {
      readonly content: {
        readonly 'application/json': components['schemas']['WaitlistOfferRequest'];
      };
    };
    readonly responses: {
      /** @description The offer. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['WaitlistOffer'];
        };
      };
      readonly 403: components['responses']['Forbidden'];
      readonly 410: components['responses']['InvalidLink'];
      readonly 415: components['responses']['UnsupportedMediaType'];
      readonly 422: components['responses']['ValidationProblem'];
      readonly 429: components['responses']['RateLimited'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly acceptWaitlistOffer: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: {
        /** @description Required on every unsafe request that may carry the session cookie (cookie mode: all of them); not sent with `Authorization: Bearer` (bearer mode). Missing or wrong: 403 `csrf`. */
        readonly 'X-CSRF-Token'?: components['parameters']['CsrfToken'];
      };
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly requestBody: {
      readonly content: {
        readonly 'application/json': components['schemas']['WaitlistOfferRequest'];
      };
    };
    readonly responses: {
      /** @description The appointment booked. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['Appointment'];
        };
      };
      readonly 402: components['responses']['Problem'];
      readonly 403: components['responses']['Forbidden'];
      readonly 409: components['responses']['SlotTaken'];
      readonly 410: components['responses']['InvalidLink'];
      readonly 415: components['responses']['UnsupportedMediaType'];
      readonly 422: components['responses']['ValidationProblem'];
      readonly 429: components['responses']['RateLimited'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly resolveReminderToken: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: {
        /** @description Required on every unsafe request that may carry the session cookie (cookie mode: all of them); not sent with `Authorization: Bearer` (bearer mode). Missing or wrong: 403 `csrf`. */
        readonly 'X-CSRF-Token'?: components['parameters']['CsrfToken'];
      };
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly requestBody: {
      readonly content: {
        readonly 'application/json': components['schemas']['ReminderTokenRequest'];
      };
    };
    readonly responses: {
      /** @description What the link stands for. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['ReminderTokenInfo'];
        };
      };
      readonly 403: components['responses']['Forbidden'];
      readonly 410: components['responses']['InvalidLink'];
      readonly 415: components['responses']['UnsupportedMediaType'];
      readonly 422: components['responses']['ValidationProblem'];
      readonly 429: components['responses']['RateLimited'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly applyReminderAction: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: {
        /** @description Required on every unsafe request that may carry the session cookie (cookie mode: all of them); not sent with `Authorization: Bearer` (bearer mode). Missing or wrong: 403 `csrf`. */
        readonly 'X-CSRF-Token'?: components['parameters']['CsrfToken'];
      };
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly requestBody: {
      readonly content: {
        readonly 'application/json': components['schemas']['ReminderActionRequest'];
      };
    };
    readonly responses: {
      /** @description Done. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['Appointment'];
        };
      };
      readonly 403: components['responses']['Forbidden'];
      readonly 410: components['responses']['InvalidLink'];
      readonly 415: components['responses']['UnsupportedMediaType'];
      readonly 422: components['responses']['ValidationProblem'];
      readonly 429: components['responses']['RateLimited'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly getReminderPreferences: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly requestBody?: never;
    readonly responses: {
      /** @description The patient's preferences. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['ReminderPreferences'];
        };
      };
      readonly 401: components['responses']['NotSignedIn'];
      readonly 404: components['responses']['NotFound'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly saveReminderPreferences: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: {
        /** @description Required on every unsafe request that may carry the session cookie (cookie mode: all of them); not sent with `Authorization: Bearer` (bearer mode). Missing or wrong: 403 `csrf`. */
        readonly 'X-CSRF-Token'?: components['parameters']['CsrfToken'];
      };
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly requestBody: {
      readonly content: {
        readonly 'application/json': components['schemas']['ReminderPreferences'];
      };
    };
    readonly responses: {
      /** @description Saved. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['ReminderPreferences'];
        };
      };
      readonly 401: components['responses']['NotSignedIn'];
      readonly 403: components['responses']['Forbidden'];
      readonly 404: components['responses']['NotFound'];
      readonly 415: components['responses']['UnsupportedMediaType'];
      readonly 422: components['responses']['ValidationProblem'];
      readonly 429: components['responses']['RateLimited'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly sendTestReminder: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: {
        /** @description Required on every unsafe request that may carry the session cookie (cookie mode: all of them); not sent with `Authorization: Bearer` (bearer mode). Missing or wrong: 403 `csrf`. */
        readonly 'X-CSRF-Token'?: components['parameters']['CsrfToken'];
      };
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly requestBody: {
      readonly content: {
        readonly 'application/json': components['schemas']['TestReminderRequest'];
      };
    };
    readonly responses: {
      /** @description Sent. */
      readonly 202: {
        headers: {
          readonly [name: string]: unknown;
        };
        content?: never;
      };
      readonly 401: components['responses']['NotSignedIn'];
      readonly 403: components['responses']['Forbidden'];
      readonly 404: components['responses']['NotFound'];
      readonly 415: components['responses']['UnsupportedMediaType'];
      readonly 422: components['responses']['ValidationProblem'];
      readonly 429: components['responses']['RateLimited'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly getProfile: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly requestBody?: never;
    readonly responses: {
      /** @description The signed-in patient's details. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['Profile'];
        };
      };
      readonly 401: components['responses']['NotSignedIn'];
      readonly 404: components['responses']['NotFound'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly updateProfile: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: {
        /** @description Required on every unsafe request that may carry the session cookie (cookie mode: all of them); not sent with `Authorization: Bearer` (bearer mode). Missing or wrong: 403 `csrf`. */
        readonly 'X-CSRF-Token'?: components['parameters']['CsrfToken'];
      };
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly requestBody: {
      readonly content: {
        readonly 'application/json': components['schemas']['ProfileUpdate'];
      };
    };
    readonly responses: {
      /** @description Saved; the details after. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['Profile'];
        };
      };
      readonly 401: components['responses']['NotSignedIn'];
      readonly 403: components['responses']['Forbidden'];
      readonly 404: components['responses']['NotFound'];
      readonly 422: components['responses']['ValidationProblem'];
      readonly 429: components['responses']['RateLimited'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly requestEmailChange: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: {
        /** @description Required on every unsafe request that may carry the session cookie (cookie mode: all of them); not sent with `Authorization: Bearer` (bearer mode). Missing or wrong: 403 `csrf`. */
        readonly 'X-CSRF-Token'?: components['parameters']['CsrfToken'];
      };
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly requestBody: {
      readonly content: {
        readonly 'application/json': components['schemas']['EmailChangeRequest'];
      };
    };
    readonly responses: {
      /** @description A link went to the new address; the email changes when it is opened. */
      readonly 202: {
        headers: {
          readonly [name: string]: unknown;
        };
        content?: never;
      };
      readonly 401: components['responses']['NotSignedIn'];
      readonly 403: components['responses']['Forbidden'];
      readonly 404: components['responses']['NotFound'];
      readonly 422: components['responses']['ValidationProblem'];
      readonly 429: components['responses']['RateLimited'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly confirmEmailChange: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: {
        /** @description Required on every unsafe request that may carry the session cookie (cookie mode: all of them); not sent with `Authorization: Bearer` (bearer mode). Missing or wrong: 403 `csrf`. */
        readonly 'X-CSRF-Token'?: components['parameters']['CsrfToken'];
      };
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly requestBody: {
      readonly content: {
        readonly 'application/json': components['schemas']['TokenRequest'];
      };
    };
    readonly responses: {
      /** @description The account's email is now the new address. */
      readonly 204: {
        headers: {
          readonly [name: string]: unknown;
        };
        content?: never;
      };
      readonly 403: components['responses']['Forbidden'];
      readonly 410: components['responses']['InvalidLink'];
      readonly 422: components['responses']['ValidationProblem'];
      readonly 429: components['responses']['RateLimited'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly changePassword: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: {
        /** @description Required on every unsafe request that may carry the session cookie (cookie mode: all of them); not sent with `Authorization: Bearer` (bearer mode). Missing or wrong: 403 `csrf`. */
        readonly 'X-CSRF-Token'?: components['parameters']['CsrfToken'];
      };
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly requestBody: {
      readonly content: {
        readonly 'application/json': components['schemas']['PasswordChangeRequest'];
      };
    };
    readonly responses: {
      /** @description Changed; this session stays, the others ended. */
      readonly 204: {
        headers: {
          readonly [name: string]: unknown;
        };
        content?: never;
      };
      readonly 401: components['responses']['NotSignedIn'];
      readonly 403: components['responses']['Forbidden'];
      readonly 404: components['responses']['NotFound'];
      readonly 422: components['responses']['ValidationProblem'];
      readonly 429: components['responses']['RateLimited'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly setSecurityAnswer: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: {
        /** @description Required on every unsafe request that may carry the session cookie (cookie mode: all of them); not sent with `Authorization: Bearer` (bearer mode). Missing or wrong: 403 `csrf`. */
        readonly 'X-CSRF-Token'?: components['parameters']['CsrfToken'];
      };
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly requestBody: {
      readonly content: {
        readonly 'application/json': components['schemas']['SecurityAnswerRequest'];
      };
    };
    readonly responses: {
      /** @description Saved. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['Profile'];
        };
      };
      readonly 401: components['responses']['NotSignedIn'];
      readonly 403: components['responses']['Forbidden'];
      readonly 415: components['responses']['UnsupportedMediaType'];
      readonly 422: components['responses']['ValidationProblem'];
      readonly 429: components['responses']['RateLimited'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly removeSecurityAnswer: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: {
        /** @description Required on every unsafe request that may carry the session cookie (cookie mode: all of them); not sent with `Authorization: Bearer` (bearer mode). Missing or wrong: 403 `csrf`. */
        readonly 'X-CSRF-Token'?: components['parameters']['CsrfToken'];
      };
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly requestBody: {
      readonly content: {
        readonly 'application/json': components['schemas']['SecurityAnswerRemoval'];
      };
    };
    readonly responses: {
      /** @description Removed (or none was set). */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['Profile'];
        };
      };
      readonly 401: components['responses']['NotSignedIn'];
      readonly 403: components['responses']['Forbidden'];
      readonly 415: components['responses']['UnsupportedMediaType'];
      readonly 422: components['responses']['ValidationProblem'];
      readonly 429: components['responses']['RateLimited'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly listSessions: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly requestBody?: never;
    readonly responses: {
      /** @description The live sessions, newest use first (no tokens, no addresses). */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['ActiveSessions'];
        };
      };
      readonly 401: components['responses']['NotSignedIn'];
      readonly 404: components['responses']['NotFound'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly signOutOtherSessions: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: {
        /** @description Required on every unsafe request that may carry the session cookie (cookie mode: all of them); not sent with `Authorization: Bearer` (bearer mode). Missing or wrong: 403 `csrf`. */
        readonly 'X-CSRF-Token'?: components['parameters']['CsrfToken'];
      };
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly requestBody?: never;
    readonly responses: {
      /** @description How many other sessions ended. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['SessionsEnded'];
        };
      };
      readonly 401: components['responses']['NotSignedIn'];
      readonly 403: components['responses']['Forbidden'];
      readonly 404: components['responses']['NotFound'];
      readonly 429: components['responses']['RateLimited'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly getProfilePhoto: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly requestBody?: never;
    readonly responses: {
      /** @description The bytes. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'image/jpeg': string;
          readonly 'image/png': string;
          readonly 'image/webp': string;
        };
      };
      readonly 204: components['responses']['Empty'];
      readonly 401: components['responses']['NotSignedIn'];
      readonly 404: components['responses']['NotFound'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly uploadProfilePhoto: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: {
        /** @description Required on every unsafe request that may carry the session cookie (cookie mode: all of them); not sent with `Authorization: Bearer` (bearer mode). Missing or wrong: 403 `csrf`. */
        readonly 'X-CSRF-Token'?: components['parameters']['CsrfToken'];
      };
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly requestBody: {
      readonly content: {
        readonly 'application/json': components['schemas']['ProfilePhotoRequest'];
      };
    };
    readonly responses: {
      /** @description What was stored. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['ProfilePhotoStored'];
        };
      };
      readonly 401: components['responses']['NotSignedIn'];
      readonly 403: components['responses']['Forbidden'];
      readonly 404: components['responses']['NotFound'];
      readonly 415: components['responses']['UnsupportedMediaType'];
      readonly 422: components['responses']['ValidationProblem'];
      readonly 429: components['responses']['RateLimited'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly removeProfilePhoto: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: {
        /** @description Required on every unsafe request that may carry the session cookie (cookie mode: all of them); not sent with `Authorization: Bearer` (bearer mode). Missing or wrong: 403 `csrf`. */
        readonly 'X-CSRF-Token'?: components['parameters']['CsrfToken'];
      };
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly requestBody?: never;
    readonly responses: {
      /** @description Removed. */
      readonly 204: {
        headers: {
          readonly [name: string]: unknown;
        };
        content?: never;
      };
      readonly 401: components['responses']['NotSignedIn'];
      readonly 403: components['responses']['Forbidden'];
      readonly 404: components['responses']['NotFound'];
      readonly 429: components['responses']['RateLimited'];
      readonly 501: components['responses']['NotSupported'];
      readonly '5XX': components['responses']['ServerError'];
    };
  };
  readonly devOutbox: {
    readonly parameters: {
      readonly query?: {
        /** @description The last sequence number already seen (default 0). */
        readonly after?: string;
      };
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly requestBody?: never;
    readonly responses: {
      /** @description The messages after `after`. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "last": 7,
           *       "messages": [
           *         {
           *           "seq": 7,
           *           "id": "msg_3",
           *           "channel": "sms",
           *           "to": "+525598765432",
           *           "at": "2026-03-10T10:00:00-06:00",
           *           "language": "es",
           *           "kind": "phone-code",
           *           "subject": "Código de verificación",
           *           "text": "Tu código es 123456",
           *           "links": {},
           *           "code": "123456",
           *           "delivered": false
           *         }
           *       ]
           *     }
           */
          readonly 'application/json': {
            /** @description The last message's sequence number (else `after`). */
            readonly last: number;
            readonly messages: readonly {
              readonly seq: number;
              readonly id: string;
              /** @enum {string} */
              readonly channel: 'email' | 'sms' | 'voice';
              readonly to: string;
              /** Format: date-time */
              readonly at: string;
              /** @enum {string} */
              readonly language: 'en' | 'es';
              readonly kind: string;
              readonly subject: string;
              readonly text: string;
              readonly links: {
                readonly [key: string]: string;
              };
              readonly code?: string;
              readonly delivered: boolean;
            }[];
          };
        };
      };
      /** @description Not from the loopback interface (`forbidden`), or no `X-CSRF-Token` header (`csrf`). */
      readonly 403: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:portal:problem:csrf",
           *       "title": "csrf",
           *       "status": 403,
           *       "code": "csrf"
           *     }
           */
          readonly 'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description `after` is not a sequence number (`validation`). */
      readonly 422: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:portal:problem:validation",
           *       "title": "validation",
           *       "status": 422,
           *       "code": "validation"
           *     }
           */
          readonly 'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  readonly devSendReminders: {
    readonly parameters: {
      readonly query?: never;
      readonly header: {
        /** @description Any non-empty value (so that another site's page cannot call it). */
        readonly 'X-CSRF-Token': string;
      };
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly requestBody?: never;
    readonly responses: {
      /** @description How many appointments were reminded. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "sent": 2
           *     }
           */
          readonly 'application/json': {
            readonly sent: number;
          };
        };
      };
      /** @description Not from the loopback interface (`forbidden`), or no `X-CSRF-Token` header (`csrf`). */
      readonly 403: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:portal:problem:csrf",
           *       "title": "csrf",
           *       "status": 403,
           *       "code": "csrf"
           *     }
           */
          readonly 'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  readonly devReplyAsClinic: {
    readonly parameters: {
      readonly query?: never;
      readonly header: {
        /** @description Any non-empty value (so that another site's page cannot call it). */
        readonly 'X-CSRF-Token': string;
      };
      readonly path: {
        /** @description The conversation's id (from `GET /conversations`). */
        readonly conversationId: components['parameters']['ConversationId'];
      };
      readonly cookie?: never;
    };
    readonly requestBody: {
      readonly content: {
        readonly 'application/json': {
          readonly body: string;
          /** @description Who answers (default the clinic's name). */
          readonly name?: string;
          readonly title?: string;
          readonly attachments?: components['schemas']['AttachmentUploads'];
        };
      };
    };
    readonly responses: {
      /** @description The clinic's message. */
      readonly 201: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['ChatMessage'];
        };
      };
      /** @description Not from the loopback interface (`forbidden`), or no `X-CSRF-Token` header (`csrf`). */
      readonly 403: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such conversation. */
      readonly 404: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The text is empty, too long or has control characters. */
      readonly 422: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  readonly devAddClinicDocument: {
    readonly parameters: {
      readonly query?: never;
      readonly header: {
        /** @description Any non-empty value (so that another site's page cannot call it). */
        readonly 'X-CSRF-Token': string;
      };
      readonly path: {
        readonly patientId: string;
      };
      readonly cookie?: never;
    };
    readonly requestBody: {
      readonly content: {
        readonly 'application/json': {
          /** @enum {string} */
          readonly folder: 'results' | 'prescriptions' | 'reports' | 'images';
          readonly fileName: string;
          readonly author?: string;
          /** @description The file, base64. */
          readonly content: string;
        };
      };
    };
    readonly responses: {
      /** @description Added. */
      readonly 201: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': {
            readonly id: string;
          };
        };
      };
      /** @description Not from the loopback interface (`forbidden`), or no `X-CSRF-Token` header (`csrf`). */
      readonly 403: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such patient. */
      readonly 404: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused by the rule (or not JSON, or content not base64); nothing stored. */
      readonly 422: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  readonly devSetProxyGrant: {
    readonly parameters: {
      readonly query?: never;
      readonly header: {
        /** @description Any non-empty value (so that another site's page cannot call it). */
        readonly 'X-CSRF-Token': string;
      };
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly requestBody: {
      readonly content: {
        readonly 'application/json': {
          readonly holderId: string;
          readonly dependentId: string;
          /** @enum {string} */
          readonly scope?: 'full' | 'appointments';
          /** @enum {string} */
          readonly relationship?: 'daughter' | 'son' | 'child' | 'mother' | 'father' | 'partner' | 'other';
          readonly revoke?: boolean;
        };
      };
    };
    readonly responses: {
      /** @description Granted, changed or revoked. */
      readonly 204: {
        headers: {
          readonly [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Not from the loopback interface (`forbidden`), or no `X-CSRF-Token` header (`csrf`). */
      readonly 403: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such patient. */
      readonly 404: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A bad scope or relationship, or the same patient twice; nothing stored. */
      readonly 422: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  readonly devMarkNoShow: {
    readonly parameters: {
      readonly query?: never;
      readonly header: {
        /** @description Any non-empty value (so that another site's page cannot call it). */
        readonly 'X-CSRF-Token': string;
      };
      readonly path: {
        readonly appointmentId: string;
      };
      readonly cookie?: never;
    };
    readonly requestBody?: never;
    readonly responses: {
      /** @description The appointment, marked. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/json': components['schemas']['Appointment'];
        };
      };
      /** @description Not from the loopback interface (`forbidden`), or no `X-CSRF-Token` header (`csrf`). */
      readonly 403: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such appointment. */
      readonly 404: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The visit is not active or has not started yet. */
      readonly 422: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly 'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  readonly devDemoPatient: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly requestBody?: never;
    readonly responses: {
      /** @description The patient's sign-in. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "patientEmail": "ana@demo.clinic",
           *       "patientPassword": "demo-portal-2026",
           *       "patientDateOfBirth": "1990-05-01"
           *     }
           */
          readonly 'application/json': {
            readonly patientEmail: string | null;
            readonly patientPassword?: string;
            /** Format: date */
            readonly patientDateOfBirth?: string;
          };
        };
      };
      /** @description Not from the loopback interface (`forbidden`), or no `X-CSRF-Token` header (`csrf`). */
      readonly 403: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:portal:problem:csrf",
           *       "title": "csrf",
           *       "status": 403,
           *       "code": "csrf"
           *     }
           */
          readonly 'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  readonly devSetClock: {
    readonly parameters: {
      readonly query?: never;
      readonly header: {
        /** @description Any non-empty value (so that another site's page cannot call it). */
        readonly 'X-CSRF-Token': string;
      };
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly requestBody: {
      readonly content: {
        /**
         * @example {
         *       "now": 1773158400000
         *     }
         */
        readonly 'application/json':
          | {
              readonly now: number | null;
            }
          | {
              readonly advanceBy: number;
            };
      };
    };
    readonly responses: {
      /** @description The clock now (epoch ms). */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "now": 1773158400000
           *     }
           */
          readonly 'application/json': {
            readonly now: number;
          };
        };
      };
      /** @description Not from the loopback interface (`forbidden`), or no `X-CSRF-Token` header (`csrf`). */
      readonly 403: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:portal:problem:csrf",
           *       "title": "csrf",
           *       "status": 403,
           *       "code": "csrf"
           *     }
           */
          readonly 'application/problem+json': components['schemas']['Problem'];
        };
      };
      readonly 415: components['responses']['UnsupportedMediaType'];
      /** @description Neither a valid `now` nor, on a stopped clock, a valid `advanceBy` (`validation`). */
      readonly 422: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:portal:problem:validation",
           *       "title": "validation",
           *       "status": 422,
           *       "code": "validation"
           *     }
           */
          readonly 'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  readonly devReset: {
    readonly parameters: {
      readonly query?: never;
      readonly header: {
        /** @description Any non-empty value (so that another site's page cannot call it). */
        readonly 'X-CSRF-Token': string;
      };
      readonly path?: never;
      readonly cookie?: never;
    };
    readonly requestBody?: never;
    readonly responses: {
      /** @description Reset. */
      readonly 204: {
        headers: {
          readonly [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Not from the loopback interface (`forbidden`), or no `X-CSRF-Token` header (`csrf`). */
      readonly 403: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:portal:problem:csrf",
           *       "title": "csrf",
           *       "status": 403,
           *       "code": "csrf"
           *     }
           */
          readonly 'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
}
