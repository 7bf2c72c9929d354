import {html, nothing, type TemplateResult} from 'lit';
import {state} from 'lit/decorators.js';
import {msg, str} from '@lit/localize';
import {
  isAbortError,
  ValidationError,
  type FieldErrorCode,
  type PortalAdapter,
} from '../../adapters/adapter.js';
import type {
  AnswerValue,
  ConsentForm,
  FormTask,
  Questionnaire,
  QuestionnaireForm,
  QuestionnaireItem,
  QuestionnaireResponse,
  ResponseItem,
} from '../../domain/forms.js';
import type {Clinic} from '../../domain/types.js';
import {
  QUESTION_TYPES,
  TYPED_NAME_MAX,
  answerKey,
  answerProblem,
  answersOf,
  childItemsOf,
  enabledItems,
  helpItemsOf,
  resolveAnswerOptions,
  translated,
} from '../../domain/rules/forms.js';
import {errorMessage, fieldErrorMessage} from '../../localization/error-messages.js';
import {
  formatDate,
  formatDateTime,
  formatPlainDate,
  formatTime,
  parsePlainDate,
  timeZoneLabel,
} from '../../localization/format.js';
import {instantToZoned, parseInstant, toZonedInstantString, wallTimeToInstant} from '../../domain/time.js';
import type {WallTime} from '../../domain/types.js';
import {pickText} from '../../localization/format-basic.js';
import {elementStyles, panelStyles, tokens} from '../../styles/tokens.js';
import {PatientSection} from '../records/patient-section.js';
import type {DrawnSignature} from './signature-pad.js';
import type {DateInput} from '../inputs/date-input.js';
import {styles} from './patient-forms.styles.js';
import {recordFieldStyles} from '../records/record-fields.styles.js';

/** What the host learns when a questionnaire is submitted or a consent signed: ids only. */
export class PortalFormDoneEvent extends Event {
  static readonly type = 'portal-form-done';
  constructor(
    readonly appointmentId: string,
    readonly itemId: string,
    readonly kind: 'questionnaire' | 'consent',
  ) {
    super(PortalFormDoneEvent.type, {bubbles: true, composed: true});
  }
}

/** What the host learns when the patient withdraws a signed consent: ids only. */
export class PortalConsentWithdrawnEvent extends Event {
  static readonly type = 'portal-consent-withdrawn';
  constructor(
    readonly appointmentId: string,
    readonly itemId: string,
  ) {
    super(PortalConsentWithdrawnEvent.type, {bubbles: true, composed: true});
  }
}

type View =
  | {readonly kind: 'list'}
  | {readonly kind: 'questionnaire'; readonly form: QuestionnaireForm}
  | {readonly kind: 'consent'; readonly form: ConsentForm}
  | {readonly kind: 'instructions'; readonly task: FormTask};

type Answers = Map<string, AnswerValue[]>;

/** One page of a long questionnaire: a top-level group, or the top-level questions between groups. */
interface Step {
  readonly group?: QuestionnaireItem;
  readonly items: readonly QuestionnaireItem[];
}

/** The pages of a questionnaire: one per top-level group (shown only when there are two or more). */
function stepsOf(q: Questionnaire, enabled: ReadonlySet<string>): Step[] {
  const steps: Step[] = [];
  let loose: QuestionnaireItem[] = [];
  for (const i of q.item ?? []) {
    if (!enabled.has(i.linkId)) continue;
    if (i.type !== 'group') {
      loose.push(i);
      continue;
    }
    if (loose.length) steps.push({items: loose});
    loose = [];
    steps.push({group: i, items: childItemsOf(i)});
  }
  if (loose.length) steps.push({items: loose});
  return steps.filter((s) => s.group).length >= 2 ? steps : [];
}

/** The questions (not groups or display text) in these items, depth first. */
function questionsIn(items: readonly QuestionnaireItem[] | undefined): QuestionnaireItem[] {
  return (items ?? []).flatMap((i) =>
    i.type === 'group' ? questionsIn(childItemsOf(i)) : QUESTION_TYPES.has(i.type) ? [i] : [],
  );
}

/** Answers are saved this long after the last change (debounced), and when the patient leaves. */
const AUTOSAVE_MS = 1000;

/** Options at or above this count are a dropdown (single answer), below it radio buttons. */
const DROPDOWN_FROM = 8;

/**
 * Everything the signed-in patient has to do before and after their visits: questionnaires to
 * answer (FHIR R4 Questionnaire → QuestionnaireResponse, drafts kept by the backend, never in Web
 * Storage), consents to sign with a typed name (and, optionally, a drawn signature: the pad,
 * `<portal-signature-pad>` with `signature_pad`, is a chunk loaded only when the patient chooses to
 * draw), instructions to read; and what is done, to read again. "Action required" comes first,
 * grouped by visit with the date it is due by. Date questions use `<portal-date-input any-date>`
 * (day, month and year in the page's locale's order); answers stay FHIR `valueDate`.
 *
 * Answers are checked as they are typed by the same rules the backend applies
 * (`domain/rules/forms.ts`); a failed submit shows an error summary that takes focus, each problem
 * also at its question. Not rendered: FHIRPath (out of scope), value sets not contained in the
 * questionnaire, repeating groups.
 *
 * @summary The patient's questionnaires, consents and visit instructions.
 * @csspart header - The title bar.
 * @csspart button - Every button.
 * @csspart error-summary - The list of problems after a failed submit or signature.
 * @csspart document - A consent document's text.
 * @csspart demo-marker - The "demo clinic" marker shown with the demo backend.
 * @cssprop --portal-color-accent - Accent of buttons.
 * @cssprop --portal-color-danger - Colour of errors.
 * @fires {PortalFormDoneEvent} portal-form-done - After the backend records a submitted questionnaire or a signed consent (detail: appointment id, item id, kind).
 * @fires {PortalConsentWithdrawnEvent} portal-consent-withdrawn - After the backend records a withdrawn consent (appointment id, item id).
 * @fires {PortalErrorEvent} portal-error - When loading, saving or signing fails (detail: error code and operation).
 * @tagname patient-forms
 */
export class PatientForms extends PatientSection {
  static override styles = [tokens, elementStyles, panelStyles, recordFieldStyles, styles];

  @state() private tasks?: readonly FormTask[];
  @state() private clinic?: Clinic;
  @state() private view: View = {kind: 'list'};
  @state() private answers: Answers = new Map();
  @state() private errors: Readonly<Record<string, FieldErrorCode>> = {};
  @state() private actionError?: unknown;
  @state() private busy = false;
  @state() private status = '';
  @state() private typedName = '';
  @state() private agreed = false;
  /** The signature pad is open (its chunk loaded on first use). */
  @state() private drawing = false;
  /** The drawn signature, after the pad's "Done": sent with the typed name. */
  @state() private drawn?: DrawnSignature;
  /** "Withdraw consent" pressed: the confirmation is shown. */
  @state() private withdrawing = false;
  /** Date questions whose day/month/year fields hold something that is not a date (yet). */
  private badDates = new Set<string>();
  /**
   * Date-and-time questions typed only in part: the date missing, a date that does not exist, the
   * time missing, or a time the clinic's clocks skip that day (spring forward).
   */
  private dateTimeIssues = new Map<string, 'no-date' | 'bad-date' | 'no-time' | 'gap'>();
  /** Preview canvases and the PNG (base64) each shows. */
  private readonly painted = new WeakMap<HTMLCanvasElement, string>();
  /** The page of a long questionnaire shown (its number of steps = the review page). */
  @state() private step = 0;
  private autosaveTimer?: ReturnType<typeof setTimeout>;
  private saving?: Promise<void>;
  private saveAgain = false;

  protected override updated(): void {
    this.paintPreviews();
    // Date questions with a problem show it in their own fields (`checkValidity()` reveals it).
    for (const input of this.renderRoot.querySelectorAll<DateInput>('portal-date-input'))
      if (this.errors[input.id.slice(2)]) input.checkValidity();
    if (this.focusNext) {
      const el = this.renderRoot.querySelector<HTMLElement>(this.focusNext);
      this.focusNext = undefined;
      el?.focus();
    }
  }

  private focusNext?: string;

  /** Sign-out, expiry or another backend: nothing about the patient stays (QUALITY 12). */
  protected forget(): void {
    this.tasks = undefined;
    this.view = {kind: 'list'};
    this.resetForm();
  }

  override disconnectedCallback(): void {
    this.flushAutosave();
    super.disconnectedCallback();
  }

  private resetForm() {
    this.flushAutosave();
    this.step = 0;
    this.answers = new Map();
    this.badDates = new Set();
    this.dateTimeIssues = new Map();
    this.errors = {};
    this.actionError = undefined;
    this.status = '';
    this.typedName = '';
    this.agreed = false;
    this.drawing = false;
    this.withdrawing = false;
    this.drawn = undefined;
  }

  protected get loaded(): boolean {
    return this.tasks !== undefined;
  }

  protected get recordsOperation(): string {
    return 'listForms';
  }

  protected async fetchRecords(adapter: PortalAdapter, signal: AbortSignal): Promise<() => void> {
    const [clinic, tasks] = await Promise.all([adapter.getClinic({signal}), adapter.listForms({signal})]);
    return () => {
      this.clinic = clinic;
      this.tasks = tasks;
    };
  }

  private text(t: Record<string, string>): string {
    return pickText(t, this.locale, this.clinic?.languages);
  }

  private get zone(): string {
    return this.clinic?.timeZone ?? 'UTC';
  }

  // ------------------------------------------------------------------------------------------
  // Opening an item

  private async open(task: FormTask) {
    const adapter = this.resolvedAdapter;
    if (!adapter) return;
    this.resetForm();
    if (task.item.kind === 'instructions') {
      this.show({kind: 'instructions', task});
      return;
    }
    const ref = {appointmentId: task.appointmentId, itemId: task.item.id};
    this.busy = true;
    try {
      if (task.item.kind === 'questionnaire') {
        const form = await adapter.getQuestionnaireForm(ref, {signal: this.connectedSignal});
        this.answers = answersOf(form.response);
        this.show({
          kind: 'questionnaire',
          form: {...form, questionnaire: resolveAnswerOptions(form.questionnaire)},
        });
      } else {
        const form = await adapter.getConsentForm(ref, {signal: this.connectedSignal});
        this.show({kind: 'consent', form});
      }
    } catch (e) {
      this.actionError = e;
      this.reportError(
        e,
        task.item.kind === 'questionnaire' ? 'getQuestionnaireForm' : 'getConsentForm',
        true,
      );
    } finally {
      this.busy = false;
    }
  }

  private show(view: View) {
    this.view = view;
    this.focusNext = 'h3[tabindex]';
  }

  private back() {
    const id = this.view.kind === 'instructions' ? this.view.task.item.id : undefined;
    this.resetForm();
    this.view = {kind: 'list'};
    this.tasks = undefined;
    void this.load();
    this.focusNext = id ? `[data-item="${CSS.escape(id)}"]` : 'h2';
  }

  // ------------------------------------------------------------------------------------------
  // Questionnaire answers

  private setAnswer(linkId: string, values: AnswerValue[]) {
    const next = new Map(this.answers);
    if (values.length === 0) next.delete(linkId);
    else next.set(linkId, values);
    this.answers = next;
    this.status = '';
    clearTimeout(this.autosaveTimer);
    this.autosaveTimer = setTimeout(() => void this.autosave(), AUTOSAVE_MS);
    if (this.errors[`item.${linkId}`]) {
      const {[`item.${linkId}`]: _gone, ...rest} = this.errors;
      this.errors = rest;
    }
  }

  private response(form: QuestionnaireForm, status: QuestionnaireResponse['status']): QuestionnaireResponse {
    const item: ResponseItem[] = [...this.answers].map(([linkId, answer]) => ({linkId, answer}));
    return {resourceType: 'QuestionnaireResponse', status, item};
  }

  /** The problems the backend would find, found here first with the same rule. */
  private localProblems(form: QuestionnaireForm): Record<string, FieldErrorCode> {
    const enabled = enabledItems(form.questionnaire, this.answers);
    const out: Record<string, FieldErrorCode> = {};
    const walk = (items: readonly QuestionnaireItem[] | undefined) => {
      for (const item of items ?? []) {
        if (!enabled.has(item.linkId)) continue;
        if (QUESTION_TYPES.has(item.type) && !item.readOnly) {
          const a = this.answers.get(item.linkId) ?? [];
          const p = this.badDates.has(item.linkId)
            ? 'invalid-date'
            : a.map((x) => answerProblem(item, x)).find(Boolean);
          if (p) out[`item.${item.linkId}`] = p;
          else if (item.required && a.length === 0) out[`item.${item.linkId}`] = 'required';
        }
        walk(childItemsOf(item));
      }
    };
    walk(form.questionnaire.item);
    return out;
  }

  private async saveDraft(form: QuestionnaireForm) {
    clearTimeout(this.autosaveTimer);
    await this.saving;
    await this.send(form, false);
  }

  /** The open questionnaire, if it can still be answered. */
  private get openQuestionnaire(): QuestionnaireForm | undefined {
    const v = this.view;
    return v.kind === 'questionnaire' &&
      v.form.task.item.state !== 'done' &&
      v.form.response?.status !== 'completed'
      ? v.form
      : undefined;
  }

  /**
   * Saves the draft to the backend (never Web Storage) a moment after the last change, so nothing
   * is lost on a reload; one save at a time, the latest answers last. Answers the backend would
   * refuse in a draft (e.g. too long) wait until corrected; "Saved" is announced politely.
   */
  private autosave(signal: AbortSignal | undefined = this.connectedSignal): Promise<void> {
    clearTimeout(this.autosaveTimer);
    this.autosaveTimer = undefined;
    const form = this.openQuestionnaire;
    const adapter = this.resolvedAdapter;
    if (!form || !adapter) return Promise.resolve();
    if (this.saving) {
      this.saveAgain = true;
      return this.saving;
    }
    // (A half-typed date is not sent, and does not hold the other answers back.)
    const draftProblem = Object.entries(this.localProblems(form)).some(
      ([field, code]) => code !== 'required' && !this.badDates.has(field.slice(5)),
    );
    if (draftProblem) return Promise.resolve();
    const ref = {appointmentId: form.task.appointmentId, itemId: form.task.item.id};
    const sent = this.answers;
    this.saving = adapter
      .saveQuestionnaireDraft(ref, this.response(form, 'in-progress'), {signal})
      .then(
        () => {
          if (this.answers === sent && this.openQuestionnaire === form)
            this.status = msg('Saved', {id: 'forms-autosaved'});
        },
        (e: unknown) => {
          if (isAbortError(e) || this.openQuestionnaire !== form) return;
          this.status = msg('Not saved yet. Use “Save draft” to try again.', {id: 'forms-autosave-failed'});
          this.reportError(e, 'saveQuestionnaireDraft');
        },
      )
      .finally(() => {
        this.saving = undefined;
        if (this.saveAgain) {
          this.saveAgain = false;
          void this.autosave(signal);
        }
      });
    return this.saving;
  }

  /** Leaving with a save pending: it is sent now (not aborted with the page). */
  private flushAutosave() {
    if (this.autosaveTimer === undefined) return;
    void this.autosave(undefined);
  }

  private goTo(step: number) {
    this.step = step;
    this.errors = {};
    this.actionError = undefined;
    this.focusNext = 'h4.step';
    this.flushAutosave();
  }

  /** Next: the page's answers checked first (the same rule as the backend's), then the next page. */
  private next(form: QuestionnaireForm, steps: readonly Step[]) {
    const fields = new Set(questionsIn(steps[this.step]?.items).map((i) => `item.${i.linkId}`));
    const local = Object.fromEntries(Object.entries(this.localProblems(form)).filter(([f]) => fields.has(f)));
    if (Object.keys(local).length > 0) {
      this.errors = local;
      this.focusNext = '.error-summary';
      return;
    }
    this.goTo(this.step + 1);
  }

  /** The problems shown on the page holding the first of them (all of them without pages). */
  private showProblems(form: QuestionnaireForm, problems: Readonly<Record<string, FieldErrorCode>>) {
    const steps = stepsOf(form.questionnaire, enabledItems(form.questionnaire, this.answers));
    const at = steps.findIndex((s) => questionsIn(s.items).some((i) => problems[`item.${i.linkId}`]));
    if (at >= 0) {
      const fields = new Set(questionsIn(steps[at].items).map((i) => `item.${i.linkId}`));
      this.step = at;
      problems = Object.fromEntries(Object.entries(problems).filter(([f]) => fields.has(f)));
    }
    this.errors = problems;
    this.focusNext = '.error-summary';
  }

  private async submit(form: QuestionnaireForm) {
    const local = this.localProblems(form);
    if (Object.keys(local).length > 0) {
      this.showProblems(form, local);
      return;
    }
    clearTimeout(this.autosaveTimer);
    this.autosaveTimer = undefined;
    await this.saving;
    await this.send(form, true);
  }

  private async send(form: QuestionnaireForm, final: boolean) {
    const adapter = this.resolvedAdapter;
    if (!adapter || this.busy) return;
    const ref = {appointmentId: form.task.appointmentId, itemId: form.task.item.id};
    this.busy = true;
    this.actionError = undefined;
    this.status = '';
    try {
      const r = this.response(form, final ? 'completed' : 'in-progress');
      const saved = final
        ? await adapter.submitQuestionnaire(ref, r, {signal: this.connectedSignal})
        : await adapter.saveQuestionnaireDraft(ref, r, {signal: this.connectedSignal});
      this.answers = answersOf(saved);
      if (final) {
        const done = new PortalFormDoneEvent(ref.appointmentId, ref.itemId, 'questionnaire'); // see PortalElement.reportError
        this.dispatchEvent(done);
        this.view = {
          kind: 'questionnaire',
          form: {
            ...form,
            task: {...form.task, item: {...form.task.item, state: 'done'}, actionRequired: false},
            response: saved,
          },
        };
        this.status = msg('Thank you. Your answers were sent to the clinic.', {id: 'forms-submitted'});
      } else this.status = msg('Draft saved. You can finish it later.', {id: 'forms-draft-saved'});
      this.announce(this.status);
    } catch (e) {
      this.failed(e, final ? 'submitQuestionnaire' : 'saveQuestionnaireDraft');
    } finally {
      this.busy = false;
    }
  }

  private failed(e: unknown, operation: string) {
    if (isAbortError(e)) return;
    const form = this.openQuestionnaire;
    if (e instanceof ValidationError) {
      if (form) this.showProblems(form, e.fields);
      else this.errors = e.fields;
    } else this.actionError = e;
    this.reportError(e, operation);
    this.focusNext = '.error-summary';
  }

  // ------------------------------------------------------------------------------------------
  // Consent

  private async sign(form: ConsentForm) {
    const adapter = this.resolvedAdapter;
    if (!adapter || this.busy) return;
    const local: Record<string, FieldErrorCode> = {};
    const name = this.typedName.trim();
    if (!name) local.typedName = 'required';
    else if ([...name].length > TYPED_NAME_MAX) local.typedName = 'too-long';
    if (!this.agreed) local.agreed = 'consent-required';
    if (Object.keys(local).length > 0) {
      this.errors = local;
      this.focusNext = '.error-summary';
      return;
    }
    const ref = {appointmentId: form.task.appointmentId, itemId: form.task.item.id};
    this.busy = true;
    this.actionError = undefined;
    try {
      const signature = await adapter.signConsent(
        ref,
        {
          version: form.document.version,
          typedName: this.typedName,
          agreed: this.agreed,
          ...(this.drawn ? {signatureImage: this.drawn.base64} : {}),
        },
        {signal: this.connectedSignal},
      );
      const done = new PortalFormDoneEvent(ref.appointmentId, ref.itemId, 'consent'); // see PortalElement.reportError
      this.dispatchEvent(done);
      this.view = {kind: 'consent', form: {...form, signature}};
      this.errors = {};
      this.drawn = undefined;
      this.status = msg('Signed. The clinic has your consent.', {id: 'forms-signed'});
      this.announce(this.status);
      // Read again for what the backend allows now (withdrawing it); the signature shows meanwhile.
      adapter.getConsentForm(ref, {signal: this.connectedSignal}).then(
        (now) => {
          const v = this.view;
          if (v.kind === 'consent' && v.form.task.item.id === ref.itemId)
            this.view = {kind: 'consent', form: now};
        },
        () => undefined,
      );
    } catch (e) {
      this.failed(e, 'signConsent');
    } finally {
      this.busy = false;
    }
  }

  /** Withdraws the signature (after the confirmation); the form to sign again then shows. */
  private async withdraw(form: ConsentForm) {
    const adapter = this.resolvedAdapter;
    if (!adapter?.withdrawConsent || this.busy) return;
    const ref = {appointmentId: form.task.appointmentId, itemId: form.task.item.id};
    this.busy = true;
    this.actionError = undefined;
    try {
      const now = await adapter.withdrawConsent(ref, {signal: this.connectedSignal});
      this.withdrawing = false;
      // (Made first, then sent: the manifest lists the event from the class's @fires, not from here.)
      const withdrawn = new PortalConsentWithdrawnEvent(ref.appointmentId, ref.itemId);
      this.dispatchEvent(withdrawn);
      this.view = {kind: 'consent', form: now};
      this.typedName = '';
      this.agreed = false;
      this.status = msg('Consent withdrawn. Your signature no longer counts.', {id: 'forms-withdrawn-done'});
      this.announce(this.status);
      this.focusNext = '#withdrawn-note';
    } catch (e) {
      if (isAbortError(e)) return;
      this.withdrawing = false;
      this.actionError = e;
      this.reportError(e, 'withdrawConsent', true);
      this.focusNext = '.error-summary';
    } finally {
      this.busy = false;
    }
  }

  /** Opens the signature pad, loading its chunk (with `signature_pad`) the first time. */
  private async startDrawing() {
    try {
      await import('../../define/portal-signature-pad.js');
    } catch (e) {
      this.actionError = e;
      this.focusNext = '.error-summary';
      return;
    }
    this.drawing = true;
    this.actionError = undefined;
    await this.updateComplete;
    const pad = this.renderRoot.querySelector('portal-signature-pad');
    await pad?.updateComplete;
    pad?.focus();
  }

  private drawingDone(signature: DrawnSignature) {
    this.drawing = false;
    this.drawn = signature;
    const {signatureImage: _gone, ...rest} = this.errors;
    this.errors = rest;
    this.focusNext = '#remove-signature';
  }

  private removeDrawing() {
    this.drawn = undefined;
    this.focusNext = '#draw-signature';
    this.announce(msg('Drawn signature removed.', {id: 'forms-drawn-removed'}));
  }

  /** Paints each signature preview from its PNG (a canvas: no `data:` image URL, CSP-safe). */
  private paintPreviews() {
    for (const canvas of this.renderRoot.querySelectorAll<HTMLCanvasElement>('canvas.signature')) {
      const v = this.view;
      const base64 =
        this.drawn?.base64 ?? (v.kind === 'consent' ? v.form.signature?.signatureImage : undefined);
      if (!base64 || this.painted.get(canvas) === base64) continue;
      this.painted.set(canvas, base64);
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      createImageBitmap(new Blob([bytes], {type: 'image/png'})).then(
        (image) => {
          canvas.width = image.width;
          canvas.height = image.height;
          canvas.getContext('2d')?.drawImage(image, 0, 0);
          image.close();
        },
        () => undefined,
      );
    }
  }

  /** The signed consent as the backend's PDF, saved through a `blob:` URL (no patient data in a URL). */
  private async downloadPdf(form: ConsentForm) {
    const adapter = this.resolvedAdapter;
    if (!adapter?.getConsentPdf || this.busy) return;
    this.busy = true;
    this.actionError = undefined;
    try {
      const blob = await adapter.getConsentPdf(
        {appointmentId: form.task.appointmentId, itemId: form.task.item.id},
        {language: this.locale.toLowerCase().startsWith('es') ? 'es' : 'en', locale: this.locale},
        {signal: this.connectedSignal},
      );
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `${form.document.id.replace(/[^A-Za-z0-9._-]/g, '_')}-v${form.signature?.version ?? ''}.pdf`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (e) {
      if (isAbortError(e)) return;
      this.actionError = e;
      this.reportError(e, 'getConsentPdf', true);
    } finally {
      this.busy = false;
    }
  }

  // ------------------------------------------------------------------------------------------
  // Rendering: the list

  private renderHeader() {
    return html`<div class="header" part="header">
      <h2 tabindex="-1">${msg('Forms and instructions', {id: 'forms-title'})}</h2>
      ${this.renderDemoMarker()}
    </div>`;
  }

  private kindLabel(t: FormTask): string {
    if (t.item.kind === 'questionnaire') return msg('Questionnaire', {id: 'forms-kind-questionnaire'});
    if (t.item.kind === 'consent') return msg('Consent', {id: 'forms-kind-consent'});
    return t.item.phase === 'before'
      ? msg('Before your visit', {id: 'forms-kind-pre'})
      : msg('After your visit', {id: 'forms-kind-post'});
  }

  private actionLabel(t: FormTask): string {
    if (t.item.kind === 'instructions') return msg('Read', {id: 'forms-read'});
    if (t.item.state === 'done') return msg('See again', {id: 'forms-see-again'});
    return t.item.kind === 'questionnaire'
      ? msg('Answer', {id: 'forms-answer'})
      : msg('Read and sign', {id: 'forms-read-sign'});
  }

  private renderTask(t: FormTask) {
    const title = this.text(t.item.title);
    const openable = t.item.kind === 'instructions' || t.item.formId !== undefined;
    const state =
      t.item.state === 'done'
        ? html`<span class="state-done">${msg('Done', {id: 'forms-state-done'})}</span>`
        : t.item.state === 'to-do'
          ? html`<span>${msg('To do', {id: 'forms-state-to-do'})}</span>`
          : undefined;
    return html`<li>
      <span
        ><span class="muted">${this.kindLabel(t)}:</span> ${title} ${state ? html`— ${state}` : nothing}</span
      >
      ${
        openable
          ? html`<button
              type="button"
              part="button"
              class=${t.actionRequired ? 'primary' : ''}
              data-item=${t.item.id}
              aria-label=${`${this.actionLabel(t)}: ${title}`}
              ?disabled=${this.busy}
              @click=${() => void this.open(t)}
            >
              ${this.actionLabel(t)}
            </button>`
          : html`<span class="muted">${msg('At the clinic', {id: 'forms-at-clinic'})}</span>`
      }
    </li>`;
  }

  private renderGroup(tasks: readonly FormTask[], due: boolean) {
    const first = tasks[0];
    const services = first.services.map((s) => this.text(s.name)).join(', ');
    const when = formatDate(first.appointmentStart, this.locale, this.zone, 'full');
    return html`<section class="visit" aria-label=${`${services}, ${when}`}>
      <h4>${services}</h4>
      <p class="due">
        ${
          due
            ? msg(str`Before your visit on ${when}`, {id: 'forms-due-before'})
            : msg(str`Visit on ${when}`, {id: 'forms-visit-on'})
        }
      </p>
      <ul class="tasks">
        ${tasks.map((t) => this.renderTask(t))}
      </ul>
    </section>`;
  }

  private renderList(tasks: readonly FormTask[]) {
    const group = (list: readonly FormTask[]) => {
      const by = new Map<string, FormTask[]>();
      for (const t of list) by.set(t.appointmentId, [...(by.get(t.appointmentId) ?? []), t]);
      return [...by.values()];
    };
    const todo = group(
      tasks.filter(
        (t) => t.actionRequired || tasks.some((o) => o.appointmentId === t.appointmentId && o.actionRequired),
      ),
    );
    const rest = group(tasks.filter((t) => !todo.flat().includes(t))).reverse();
    return html`${this.renderActionError()}
      <h3>${msg('Action required', {id: 'forms-action-required'})}</h3>
      ${
        todo.length === 0
          ? html`<p>${msg('Nothing to do right now.', {id: 'forms-nothing-to-do'})}</p>`
          : todo.map((g) => this.renderGroup(g, true))
      }
      <h3>${msg('Done and for reading', {id: 'forms-done-title'})}</h3>
      ${
        rest.length === 0
          ? html`<p>${msg('Nothing here yet.', {id: 'forms-nothing-done'})}</p>`
          : rest.map((g) => this.renderGroup(g, false))
      }`;
  }

  private renderActionError() {
    return this.actionError !== undefined
      ? html`<div class="notice error error-summary" part="error-summary" tabindex="-1" role="alert">
          <p>${errorMessage(this.actionError)}</p>
        </div>`
      : nothing;
  }

  private renderBack() {
    return html`<button type="button" part="button" @click=${() => this.back()}>
      ${msg('Back to your forms', {id: 'forms-back'})}
    </button>`;
  }

  private renderViewTitle(title: string, task: FormTask) {
    const when = formatDate(task.appointmentStart, this.locale, this.zone, 'full');
    return html`<h3 tabindex="-1">${title}</h3>
      <p class="due">
        ${
          task.dueBy
            ? msg(str`Before your visit on ${when}`, {id: 'forms-due-before'})
            : msg(str`Visit on ${when}`, {id: 'forms-visit-on'})
        }
      </p>`;
  }

  // ------------------------------------------------------------------------------------------
  // Rendering: instructions

  private renderInstructions(task: FormTask) {
    return html`${this.renderViewTitle(`${this.kindLabel(task)}: ${this.text(task.item.title)}`, task)}
      <p class="document" part="document">${task.item.body ? this.text(task.item.body) : ''}</p>
      <div class="actions">${this.renderBack()}</div>`;
  }

  // ------------------------------------------------------------------------------------------
  // Rendering: consent

  private renderFieldError(field: string) {
    const code = this.errors[field];
    return code
      ? html`<p class="field-error" id=${`err-${field}`}>${this.fieldMessage(field, code)}</p>`
      : nothing;
  }

  private fieldMessage(field: string, code: FieldErrorCode): string {
    const partial = code === 'invalid-date' ? this.dateTimeIssues.get(field.slice(5)) : undefined;
    if (partial === 'no-date') return msg('Enter the date too.', {id: 'forms-datetime-no-date'});
    if (partial === 'no-time')
      return msg('Enter the time too, for example 09:30.', {id: 'forms-datetime-no-time'});
    if (partial === 'gap')
      return msg(
        'The clocks change at that time on that day, so it doesn’t exist. Please choose another time.',
        {
          id: 'forms-datetime-gap',
        },
      );
    if (field === 'version')
      return msg('The clinic has published a new version. Please read it again.', {
        id: 'forms-version-changed',
      });
    if (field === 'item') return msg('This form can no longer be changed.', {id: 'forms-item-closed'});
    if (field === 'agreed') return msg('Please tick the box to agree.', {id: 'forms-agree-required'});
    if (field === 'signatureImage')
      return msg(
        'The drawn signature can’t be used. Remove it and draw it again, or sign with your typed name only.',
        {
          id: 'forms-drawn-invalid',
        },
      );
    return fieldErrorMessage(code);
  }

  private renderSummary(labels: (field: string) => string) {
    const entries = Object.entries(this.errors);
    if (entries.length === 0) return this.renderActionError();
    return html`<div class="notice error error-summary" part="error-summary" tabindex="-1" role="alert">
      <p>${msg('Please check these answers:', {id: 'forms-summary-title'})}</p>
      <ul>
        ${entries.map(
          ([field, code]) =>
            html`<li>
              <a
                href=${`#q-${field}`}
                @click=${(e: Event) => {
                  e.preventDefault();
                  this.renderRoot.querySelector<HTMLElement>(`[id="q-${CSS.escape(field)}"]`)?.focus();
                }}
                >${labels(field)}: ${this.fieldMessage(field, code)}</a
              >
            </li>`,
        )}
      </ul>
    </div>`;
  }

  private renderConsent(form: ConsentForm) {
    const doc = form.document;
    const title = this.text(doc.title);
    const sig = form.signature;
    const labels = (f: string) =>
      f === 'typedName'
        ? msg('Your full name', {id: 'forms-typed-name'})
        : f === 'agreed'
          ? msg('I have read and agree', {id: 'forms-agree'})
          : f === 'signatureImage'
            ? msg('Drawn signature', {id: 'forms-drawn-label'})
            : title;
    return html`${this.renderViewTitle(title, form.task)}
      <p class="muted">${msg(str`Version ${doc.version}`, {id: 'forms-version'})}</p>
      <div class="document" part="document">${this.text(doc.body)}</div>
      ${
        sig
          ? html`<p class="notice" role="status">
                ${msg(
                  str`Signed by ${sig.typedName} on ${formatDateTime(sig.signedAt, this.locale, this.zone, 'long')} (version ${sig.version}).`,
                  {id: 'forms-signed-by'},
                )}
              </p>
              ${sig.signatureImage ? this.renderPreview() : nothing} ${this.renderActionError()}
              <div class="actions">
                ${
                  this.resolvedAdapter?.getConsentPdf
                    ? html`<button
                        type="button"
                        part="button"
                        ?disabled=${this.busy}
                        @click=${() => void this.downloadPdf(form)}
                      >
                        ${msg('Download signed PDF', {id: 'forms-download-pdf'})}
                      </button>`
                    : nothing
                }
                ${
                  form.withdrawable && this.resolvedAdapter?.withdrawConsent && !this.withdrawing
                    ? html`<button
                        type="button"
                        part="button"
                        id="withdraw"
                        ?disabled=${this.busy}
                        @click=${() => ((this.withdrawing = true), (this.focusNext = '#withdraw-confirm'))}
                      >
                        ${msg('Withdraw consent', {id: 'forms-withdraw'})}
                      </button>`
                    : nothing
                }
                ${this.renderBack()}
              </div>
              ${this.withdrawing ? this.renderWithdrawal(form, title) : nothing}`
          : html`${this.renderWithdrawn(form)} ${this.renderSummary(labels)}
              <form novalidate @submit=${(e: Event) => (e.preventDefault(), void this.sign(form))}>
                <div class="question ${this.errors.agreed ? 'invalid' : ''}">
                  <label class="option">
                    <input
                      id="q-agreed"
                      type="checkbox"
                      .checked=${this.agreed}
                      aria-invalid=${this.errors.agreed ? 'true' : 'false'}
                      aria-describedby=${this.errors.agreed ? 'err-agreed' : ''}
                      @change=${(e: Event) => {
                        this.agreed = (e.target as HTMLInputElement).checked;
                        this.errors = {};
                      }}
                    />
                    ${labels('agreed')}
                  </label>
                  ${this.renderFieldError('agreed')}
                </div>
                <div class="question ${this.errors.typedName ? 'invalid' : ''}">
                  <label class="q" for="q-typedName">${labels('typedName')}</label>
                  <p class="help" id="help-typedName">
                    ${msg('Typing your name signs this document.', {id: 'forms-typed-name-help'})}
                  </p>
                  <input
                    id="q-typedName"
                    class="wide"
                    autocomplete="name"
                    maxlength=${TYPED_NAME_MAX}
                    .value=${this.typedName}
                    aria-invalid=${this.errors.typedName ? 'true' : 'false'}
                    aria-describedby=${`help-typedName${this.errors.typedName ? ' err-typedName' : ''}`}
                    @input=${(e: Event) => (this.typedName = (e.target as HTMLInputElement).value)}
                  />
                  ${this.renderFieldError('typedName')}
                </div>
                ${this.renderDrawing()} ${this.renderFieldError('version')}
                <div class="actions">
                  <button type="submit" class="primary" part="button" ?disabled=${this.busy}>
                    ${msg('Sign', {id: 'forms-sign'})}
                  </button>
                  ${this.renderBack()}
                </div>
              </form>`
      }`;
  }

  /** "Withdraw your consent?": what it means for the visit, then the choice. */
  private renderWithdrawal(form: ConsentForm, title: string) {
    const before = form.document.withdrawal === 'before-visit';
    return html`<div class="notice withdrawal" role="group" aria-labelledby="withdraw-q">
      <p id="withdraw-q">
        <strong>${msg(str`Withdraw your consent to “${title}”?`, {id: 'forms-withdraw-q'})}</strong>
      </p>
      <p id="withdraw-what">
        ${
          before
            ? msg(
                'Your signature stops counting now. The clinic can’t carry out this treatment unless you sign again before your visit. Your appointment is not cancelled.',
                {id: 'forms-withdraw-before'},
              )
            : msg(
                'Your signature stops counting now. The clinic keeps a record that you signed and when you withdrew.',
                {id: 'forms-withdraw-any'},
              )
        }
      </p>
      <div class="actions">
        <button
          type="button"
          class="primary"
          part="button"
          id="withdraw-confirm"
          aria-describedby="withdraw-what"
          ?disabled=${this.busy}
          @click=${() => void this.withdraw(form)}
        >
          ${msg('Yes, withdraw', {id: 'forms-withdraw-yes'})}
        </button>
        <button
          type="button"
          part="button"
          @click=${() => ((this.withdrawing = false), (this.focusNext = '#withdraw'))}
        >
          ${msg('Keep my consent', {id: 'forms-withdraw-no'})}
        </button>
      </div>
    </div>`;
  }

  /** The latest withdrawn signature, above the form to sign again. */
  private renderWithdrawn(form: ConsentForm) {
    const last = form.withdrawn?.[0];
    return last
      ? html`<p class="notice" id="withdrawn-note" tabindex="-1">
          ${msg(
            str`You withdrew your consent on ${formatDateTime(last.withdrawnAt, this.locale, this.zone, 'long')} (signed by ${last.typedName}, version ${last.version}). You can sign it again below.`,
            {id: 'forms-withdrawn-note'},
          )}
        </p>`
      : nothing;
  }

  private renderPreview() {
    return html`<canvas
      class="signature"
      role="img"
      aria-label=${msg('Your drawn signature', {id: 'forms-drawn-preview'})}
    ></canvas>`;
  }

  /** The optional drawn signature: a button, the pad once pressed, then a preview with "Remove". */
  private renderDrawing() {
    if (this.drawing)
      return html`<portal-signature-pad
        .onDone=${(s: DrawnSignature) => this.drawingDone(s)}
        .onCancel=${() => ((this.drawing = false), (this.focusNext = '#draw-signature'))}
      ></portal-signature-pad>`;
    if (this.drawn)
      return html`<div
        class="question drawn ${this.errors.signatureImage ? 'invalid' : ''}"
        id="q-signatureImage"
        tabindex="-1"
      >
        <p class="q"><strong>${msg('Drawn signature', {id: 'forms-drawn-label'})}</strong></p>
        ${this.renderPreview()} ${this.renderFieldError('signatureImage')}
        <button
          id="remove-signature"
          type="button"
          part="button"
          aria-label=${msg('Remove drawn signature', {id: 'forms-drawn-remove-label'})}
          ?disabled=${this.busy}
          @click=${() => this.removeDrawing()}
        >
          ${msg('Remove', {id: 'forms-drawn-remove'})}
        </button>
      </div>`;
    return html`<div class="question">
      <p class="help" id="help-draw">
        ${msg('Optional: you can also draw your signature with a mouse, finger or pen.', {id: 'forms-draw-help'})}
      </p>
      <button
        id="draw-signature"
        type="button"
        part="button"
        aria-describedby="help-draw"
        ?disabled=${this.busy}
        @click=${() => void this.startDrawing()}
      >
        ${msg('Draw a signature (optional)', {id: 'forms-draw'})}
      </button>
    </div>`;
  }

  // ------------------------------------------------------------------------------------------
  // Rendering: questionnaire

  private itemLabel(item: QuestionnaireItem): string {
    return `${item.prefix ? `${item.prefix} ` : ''}${translated(item.text, item._text, this.locale)}`;
  }

  private optionLabel(o: AnswerValue & {_display?: unknown}): string {
    if (o.valueCoding)
      return translated(o.valueCoding.display ?? o.valueCoding.code, o.valueCoding._display, this.locale);
    const key = Object.keys(o).find((k) => k.startsWith('value'));
    return key ? String((o as Record<string, unknown>)[key]) : '';
  }

  private same(a: AnswerValue, b: AnswerValue): boolean {
    if (a.valueCoding || b.valueCoding)
      return a.valueCoding?.code === b.valueCoding?.code && a.valueCoding?.system === b.valueCoding?.system;
    return JSON.stringify(a) === JSON.stringify(b);
  }

  private renderQuestion(
    item: QuestionnaireItem,
    enabled: ReadonlySet<string>,
    readonly: boolean,
  ): TemplateResult | typeof nothing {
    if (!enabled.has(item.linkId)) return nothing;
    const label = this.itemLabel(item);
    if (item.type === 'group') {
      return html`<fieldset>
        <legend>${label}</legend>
        ${childItemsOf(item).map((c) => this.renderQuestion(c, enabled, readonly))}
      </fieldset>`;
    }
    if (item.type === 'display') return html`<p>${label}</p>`;
    const field = `item.${item.linkId}`;
    const id = `q-${field}`;
    const help = helpItemsOf(item);
    const helpId = help.length ? `help-${item.linkId}` : '';
    const errId = this.errors[field] ? `err-${field}` : '';
    const describedBy = [helpId, errId].filter(Boolean).join(' ');
    const req = item.required
      ? html` <span class="muted">${msg('(required)', {id: 'forms-required'})}</span>`
      : nothing;
    const helpText = help.length
      ? html`<p class="help" id=${helpId}>${help.map((h) => this.itemLabel(h)).join(' ')}</p>`
      : nothing;
    const values = this.answers.get(item.linkId) ?? [];
    const disabled = readonly || item.readOnly === true || this.busy;
    const invalid = this.errors[field] ? 'true' : 'false';
    if (readonly) {
      const shown = values.map((v) =>
        v.valueDate && parsePlainDate(v.valueDate)
          ? formatPlainDate(parsePlainDate(v.valueDate)!, this.locale)
          : v.valueDateTime
            ? this.dateTimeText(v.valueDateTime)
            : v.valueTime
              ? this.timeText(v.valueTime)
              : v.valueBoolean === undefined
                ? this.optionLabel(v)
                : v.valueBoolean
                  ? msg('Yes', {id: 'forms-yes'})
                  : msg('No', {id: 'forms-no'}),
      );
      // (No white space around the answer: the cell keeps line breaks, `pre-line`.)
      // prettier-ignore
      return html`<dt>${label}</dt>
        <dd class="answer">${shown.length ? shown.join('\n') : msg('Not answered', {id: 'forms-not-answered'})}</dd>`;
    }
    if (!QUESTION_TYPES.has(item.type) || (item.type === 'choice' && !item.answerOption?.length)) {
      return html`<div class="question">
        <p class="q">${label}</p>
        <p class="muted">${msg('This question can’t be answered here.', {id: 'forms-unsupported'})}</p>
      </div>`;
    }
    if (item.type === 'date') return this.renderDate(item, id, field, label, values, disabled);
    if (item.type === 'dateTime')
      return this.renderDateTime(item, id, field, html`${label}${req}`, helpText, helpId, values, disabled);
    let control: TemplateResult;
    const opts: AnswerValue[] =
      item.type === 'boolean'
        ? [{valueBoolean: true}, {valueBoolean: false}]
        : (item.answerOption ?? []).flatMap((o): AnswerValue[] => {
            const key = answerKey(o);
            return key ? [{[key]: o[key]}] : [];
          });
    const optText = (o: AnswerValue) =>
      o.valueBoolean === undefined
        ? this.optionLabel(o)
        : o.valueBoolean
          ? msg('Yes', {id: 'forms-yes'})
          : msg('No', {id: 'forms-no'});
    const choice = item.type === 'boolean' || item.type === 'choice' || item.type === 'open-choice';
    if (choice && item.repeats) {
      const other = values.find((v) => v.valueString !== undefined && item.type === 'open-choice');
      control = html`<fieldset
        class="bare"
        id=${id}
        tabindex="-1"
        aria-describedby=${describedBy}
        aria-invalid=${invalid}
      >
        <legend>${label}${req}</legend>
        ${helpText}
        ${opts.map(
          (o) =>
            html`<label class="option"
              ><input
                type="checkbox"
                ?disabled=${disabled}
                .checked=${values.some((v) => this.same(v, o))}
                @change=${(e: Event) =>
                  this.setAnswer(
                    item.linkId,
                    (e.target as HTMLInputElement).checked
                      ? [...values, o]
                      : values.filter((v) => !this.same(v, o)),
                  )}
              />${optText(o)}</label
            >`,
        )}
        ${item.type === 'open-choice' ? this.renderOther(item, values, other) : nothing}
      </fieldset>`;
      return html`<div class="question ${this.errors[field] ? 'invalid' : ''}">
        ${control}${this.renderFieldError(field)}
      </div>`;
    }
    if (choice && opts.length < DROPDOWN_FROM) {
      control = html`<fieldset
        class="bare"
        id=${id}
        tabindex="-1"
        aria-describedby=${describedBy}
        aria-invalid=${invalid}
      >
        <legend>${label}${req}</legend>
        ${helpText}
        ${opts.map(
          (o) =>
            html`<label class="option"
              ><input
                type="radio"
                name=${item.linkId}
                ?disabled=${disabled}
                .checked=${values.some((v) => this.same(v, o))}
                @change=${() => this.setAnswer(item.linkId, [o])}
              />${optText(o)}</label
            >`,
        )}
      </fieldset>`;
      return html`<div class="question ${this.errors[field] ? 'invalid' : ''}">
        ${control}${this.renderFieldError(field)}
      </div>`;
    }
    if (choice) {
      const index = opts.findIndex((o) => values.some((v) => this.same(v, o)));
      control = html`<select
        id=${id}
        ?disabled=${disabled}
        aria-describedby=${describedBy}
        aria-invalid=${invalid}
        @change=${(e: Event) => {
          const i = Number((e.target as HTMLSelectElement).value);
          this.setAnswer(item.linkId, i >= 0 ? [opts[i]] : []);
        }}
      >
        <option value="-1" ?selected=${index < 0}>${msg('Choose…', {id: 'forms-choose'})}</option>
        ${opts.map((o, i) => html`<option value=${i} ?selected=${i === index}>${optText(o)}</option>`)}
      </select>`;
    } else control = this.renderInput(item, id, values, describedBy, invalid, disabled);
    return html`<div class="question ${this.errors[field] ? 'invalid' : ''}">
      <label class="q" for=${id}>${label}${req}</label>
      ${helpText} ${control} ${this.renderFieldError(field)}
    </div>`;
  }

  /**
   * A date question: the library's own day/month/year entry (`<portal-date-input any-date>`, in the
   * page's locale's order, in its own chunk), which shows its own message (a date that does not
   * exist, or "required" once a submit found it empty); the answer stays a FHIR `valueDate`.
   */
  private renderDate(
    item: QuestionnaireItem,
    id: string,
    field: string,
    label: string,
    values: readonly AnswerValue[],
    disabled: boolean,
  ) {
    void import('../../define/portal-date-input.js');
    const code = this.errors[field];
    const onInput = (e: Event) => {
      const input = e.target as DateInput;
      const date = parsePlainDate(input.value);
      // Something typed that is not a date (yet): no answer, and a problem if sent as it is.
      const typed = [...(input.shadowRoot?.querySelectorAll('input') ?? [])].some((f) => f.value.trim());
      if (!date && typed) this.badDates.add(item.linkId);
      else this.badDates.delete(item.linkId);
      // (Typing in an empty question changes no answer until it is a date: nothing to save.)
      if ((this.answers.get(item.linkId)?.[0]?.valueDate ?? '') !== (date ?? ''))
        this.setAnswer(item.linkId, date ? [{valueDate: date}] : []);
    };
    return html`<div class="question ${code ? 'invalid' : ''}">
      <portal-date-input
        id=${id}
        any-date
        autocomplete="off"
        label=${item.required ? `${label} ${msg('(required)', {id: 'forms-required'})}` : label}
        hint=${helpItemsOf(item)
          .map((h) => this.itemLabel(h))
          .join(' ')}
        ?required=${item.required === true}
        ?disabled=${disabled}
        .value=${values[0]?.valueDate ?? ''}
        @input=${onInput}
      ></portal-date-input>
      ${
        // The fields show "required" and a date that does not exist themselves; anything else
        // (a backend's refusal of a date they accept) is shown here.
        code && code !== 'required' && !(code === 'invalid-date' && this.badDates.has(item.linkId))
          ? this.renderFieldError(field)
          : nothing
      }
    </div>`;
  }

  /**
   * A date-and-time question: the library's day/month/year entry and a time field, read as the
   * clinic's clock (its zone named under the question). The answer is a FHIR `valueDateTime` with
   * the clinic's offset that day (`2026-03-01T09:30:00-06:00`), shown again as the same wall time
   * whichever zone the patient's device is in. Half an answer (a date without a time, a time the
   * clocks skip) is no answer and a problem if sent as it is.
   */
  private renderDateTime(
    item: QuestionnaireItem,
    id: string,
    field: string,
    legend: TemplateResult,
    helpText: TemplateResult | typeof nothing,
    helpId: string,
    values: readonly AnswerValue[],
    disabled: boolean,
  ) {
    void import('../../define/portal-date-input.js');
    const zone = this.zone;
    const code = this.errors[field];
    const timeId = `${id}-time`;
    const zoneId = `zone-${item.linkId}`;
    const errId = code ? `err-${field}` : '';
    let shown = {date: '', time: ''};
    const stored = values[0]?.valueDateTime;
    if (stored) {
      try {
        const z = instantToZoned(parseInstant(stored), zone);
        shown = {date: z.date, time: z.time};
      } catch {
        // (Not a full date and time: the fields start empty and the answer's problem is shown.)
      }
    }
    const onInput = () => {
      const find = <T extends Element>(x: string) =>
        this.renderRoot.querySelector<T>(`[id="${CSS.escape(x)}"]`);
      const dateField = find<DateInput>(id);
      const timeField = find<HTMLInputElement>(timeId);
      if (!dateField || !timeField) return;
      const date = parsePlainDate(dateField.value);
      const typedDate = [...(dateField.shadowRoot?.querySelectorAll('input') ?? [])].some((f) =>
        f.value.trim(),
      );
      const time = /^\d\d:\d\d/.exec(timeField.value)?.[0] as WallTime | undefined;
      let answer: AnswerValue[] = [];
      let issue: 'no-date' | 'bad-date' | 'no-time' | 'gap' | undefined;
      if (!typedDate && !time) issue = undefined;
      else if (!date) issue = typedDate ? 'bad-date' : 'no-date';
      else if (!time) issue = 'no-time';
      else {
        const ms = wallTimeToInstant(date, time, zone);
        if (ms === null) issue = 'gap';
        else answer = [{valueDateTime: toZonedInstantString(ms, zone)}];
      }
      if (issue) {
        this.badDates.add(item.linkId);
        this.dateTimeIssues.set(item.linkId, issue);
      } else {
        this.badDates.delete(item.linkId);
        this.dateTimeIssues.delete(item.linkId);
      }
      if ((this.answers.get(item.linkId)?.[0]?.valueDateTime ?? '') !== (answer[0]?.valueDateTime ?? ''))
        this.setAnswer(item.linkId, answer);
      else if (code && !issue) this.requestUpdate();
    };
    // The date fields show a date that does not exist themselves; every other problem is shown here.
    const ownMessage = code === 'invalid-date' && this.dateTimeIssues.get(item.linkId) === 'bad-date';
    return html`<div class="question ${code ? 'invalid' : ''}">
      <fieldset class="bare date-time">
        <legend class="q">${legend}</legend>
        ${helpText}
        <p class="help" id=${zoneId}>
          ${msg(str`Clinic time: ${timeZoneLabel(zone, this.locale)}`, {id: 'forms-datetime-zone'})}
        </p>
        <div class="date-time-fields">
          <portal-date-input
            id=${id}
            any-date
            autocomplete="off"
            label=${msg('Date', {id: 'forms-datetime-date'})}
            ?disabled=${disabled}
            .value=${shown.date}
            @input=${onInput}
          ></portal-date-input>
          <div class="time-field">
            <label class="q" for=${timeId}>${msg('Time', {id: 'forms-datetime-time'})}</label>
            <input
              id=${timeId}
              type="time"
              ?disabled=${disabled}
              aria-describedby=${[zoneId, helpId, ownMessage ? '' : errId].filter(Boolean).join(' ')}
              aria-invalid=${code && !ownMessage ? 'true' : 'false'}
              .value=${shown.time}
              @input=${onInput}
              @change=${onInput}
            />
          </div>
        </div>
      </fieldset>
      ${code && !ownMessage ? this.renderFieldError(field) : nothing}
    </div>`;
  }

  /** A stored date and time as the clinic's clock shows it, with the zone's name. */
  private dateTimeText(value: string): string {
    try {
      const at = new Date(parseInstant(value));
      return `${formatDateTime(at, this.locale, this.zone)}, ${timeZoneLabel(this.zone, this.locale, at)}`;
    } catch {
      return value;
    }
  }

  /** A time of day (`HH:mm:ss`) in the page's locale's style (09:30 / 9:30 a. m.). */
  private timeText(value: string): string {
    const m = /^(\d\d):(\d\d)/.exec(value);
    if (!m) return value;
    // (A wall time, no zone: formatted as that time on any day in UTC.)
    return formatTime(new Date(Date.UTC(2000, 0, 1, Number(m[1]), Number(m[2]))), this.locale, 'UTC');
  }

  private renderOther(item: QuestionnaireItem, values: AnswerValue[], other: AnswerValue | undefined) {
    const otherId = `other-${item.linkId}`;
    return html`<label class="q" for=${otherId}>${msg('Other', {id: 'forms-other'})}</label>
      <input
        id=${otherId}
        class="wide"
        maxlength=${item.maxLength ?? 200}
        .value=${other?.valueString ?? ''}
        @change=${(e: Event) => {
          const text = (e.target as HTMLInputElement).value;
          const rest = values.filter((v) => v !== other);
          this.setAnswer(item.linkId, text.trim() ? [...rest, {valueString: text}] : rest);
        }}
      />`;
  }

  private renderInput(
    item: QuestionnaireItem,
    id: string,
    values: AnswerValue[],
    describedBy: string,
    invalid: string,
    disabled: boolean,
  ) {
    const v = values[0];
    const set = (raw: string) => {
      if (raw.trim() === '') return this.setAnswer(item.linkId, []);
      switch (item.type) {
        case 'integer':
          return this.setAnswer(item.linkId, [{valueInteger: Number(raw)}]);
        case 'decimal':
          return this.setAnswer(item.linkId, [{valueDecimal: Number(raw)}]);
        case 'time':
          return this.setAnswer(item.linkId, [{valueTime: raw.length === 5 ? `${raw}:00` : raw}]);
        default:
          return this.setAnswer(item.linkId, [{valueString: raw}]);
      }
    };
    const onChange = (e: Event) => set((e.target as HTMLInputElement | HTMLTextAreaElement).value);
    if (item.type === 'text')
      return html`<textarea
        id=${id}
        rows="4"
        maxlength=${item.maxLength ?? 4000}
        ?disabled=${disabled}
        aria-describedby=${describedBy}
        aria-invalid=${invalid}
        .value=${v?.valueString ?? ''}
        @change=${onChange}
      ></textarea>`;
    const type =
      item.type === 'integer' || item.type === 'decimal' ? 'number' : item.type === 'time' ? 'time' : 'text';
    const value = v?.valueInteger ?? v?.valueDecimal ?? v?.valueTime?.slice(0, 5) ?? v?.valueString ?? '';
    return html`<input
      id=${id}
      type=${type}
      class=${type === 'text' ? 'wide' : ''}
      step=${item.type === 'decimal' ? 'any' : item.type === 'integer' ? '1' : nothing}
      inputmode=${item.type === 'integer' ? 'numeric' : item.type === 'decimal' ? 'decimal' : nothing}
      maxlength=${type === 'text' ? (item.maxLength ?? 4000) : nothing}
      ?disabled=${disabled}
      aria-describedby=${describedBy}
      aria-invalid=${invalid}
      .value=${String(value)}
      @change=${onChange}
    />`;
  }

  private renderQuestionnaire(form: QuestionnaireForm) {
    const q = form.questionnaire;
    const title = translated(q.title, q._title, this.locale) || this.text(form.task.item.title);
    const done = form.task.item.state === 'done' || form.response?.status === 'completed';
    const enabled = enabledItems(q, this.answers);
    const labels = (field: string) => {
      const linkId = field.replace(/^item\./, '');
      const find = (items: readonly QuestionnaireItem[] | undefined): QuestionnaireItem | undefined => {
        for (const i of items ?? []) {
          if (i.linkId === linkId) return i;
          const f = find(i.item);
          if (f) return f;
        }
        return undefined;
      };
      const item = find(q.item);
      return item ? this.itemLabel(item) : title;
    };
    if (done) {
      return html`${this.renderViewTitle(title, form.task)}
        ${this.status ? html`<p class="notice" role="status">${this.status}</p>` : nothing}
        <p>${msg('Your answers as sent to the clinic:', {id: 'forms-your-answers'})}</p>
        ${this.renderAnswers(q.item, enabled)}
        <div class="actions">${this.renderBack()}</div>`;
    }
    const steps = stepsOf(q, enabled);
    if (steps.length > 0) return this.renderPaged(form, title, steps, enabled, labels);
    return html`${this.renderViewTitle(title, form.task)}
      <p class="muted">
        ${msg('Questions marked (required) must be answered before you send.', {id: 'forms-required-note'})}
      </p>
      ${this.renderSummary(labels)}
      <form novalidate @submit=${(e: Event) => (e.preventDefault(), void this.submit(form))}>
        ${(q.item ?? []).map((i) => this.renderQuestion(i, enabled, false))}
        <p class="status" role="status">${this.status}</p>
        <div class="actions">
          <button type="submit" class="primary" part="button" ?disabled=${this.busy}>
            ${msg('Send answers', {id: 'forms-send'})}
          </button>
          <button
            type="button"
            part="button"
            ?disabled=${this.busy}
            @click=${() => void this.saveDraft(form)}
          >
            ${msg('Save draft', {id: 'forms-save-draft'})}
          </button>
          ${this.renderBack()}
        </div>
      </form>`;
  }

  private renderAnswers(items: readonly QuestionnaireItem[] | undefined, enabled: ReadonlySet<string>) {
    return html`<dl>
      ${questionsIn(items)
        .filter((i) => enabled.has(i.linkId))
        .map((i) => this.renderQuestion(i, enabled, true))}
    </dl>`;
  }

  private stepTitle(step: Step, title: string): string {
    return step.group ? this.itemLabel(step.group) : title;
  }

  /** A long questionnaire one group per page ("Step 2 of 5"), then a review page before sending. */
  private renderPaged(
    form: QuestionnaireForm,
    title: string,
    steps: readonly Step[],
    enabled: ReadonlySet<string>,
    labels: (field: string) => string,
  ) {
    const count = steps.length;
    const at = Math.min(this.step, count);
    const total = count + 1;
    const progress = (n: number) =>
      html`<span class="progress">${msg(str`Step ${n} of ${total}`, {id: 'forms-step-of'})}</span>`;
    const review = at === count;
    const saveDraft = html`<button
      type="button"
      part="button"
      ?disabled=${this.busy}
      @click=${() => void this.saveDraft(form)}
    >
      ${msg('Save draft', {id: 'forms-save-draft'})}
    </button>`;
    const previous =
      at > 0
        ? html`<button type="button" part="button" ?disabled=${this.busy} @click=${() => this.goTo(at - 1)}>
            ${msg('Previous', {id: 'forms-previous'})}
          </button>`
        : nothing;
    const status = html`<p class="status" role="status">${this.status}</p>`;
    if (review) {
      return html`${this.renderViewTitle(title, form.task)} ${this.renderSummary(labels)}
        <h4 class="step" tabindex="-1">
          ${progress(total)} ${msg('Check your answers', {id: 'forms-review'})}
        </h4>
        <p class="muted">
          ${msg('Nothing is sent until you choose “Send answers”.', {id: 'forms-review-note'})}
        </p>
        ${steps.map((s, i) => {
          const name = this.stepTitle(s, title);
          return html`<section class="review" aria-label=${name}>
            <div class="review-head">
              <h5>${name}</h5>
              <button
                type="button"
                part="button"
                aria-label=${msg(str`Change: ${name}`, {id: 'forms-change-step'})}
                ?disabled=${this.busy}
                @click=${() => this.goTo(i)}
              >
                ${msg('Change', {id: 'forms-change'})}
              </button>
            </div>
            ${this.renderAnswers(s.items, enabled)}
          </section>`;
        })}
        ${status}
        <div class="actions">
          <button
            type="button"
            class="primary"
            part="button"
            ?disabled=${this.busy}
            @click=${() => void this.submit(form)}
          >
            ${msg('Send answers', {id: 'forms-send'})}
          </button>
          ${previous} ${saveDraft} ${this.renderBack()}
        </div>`;
    }
    const step = steps[at];
    return html`${this.renderViewTitle(title, form.task)}
      <p class="muted">
        ${msg('Questions marked (required) must be answered before you send.', {id: 'forms-required-note'})}
      </p>
      ${this.renderSummary(labels)}
      <form novalidate @submit=${(e: Event) => (e.preventDefault(), this.next(form, steps))}>
        <h4 class="step" tabindex="-1">${progress(at + 1)} ${this.stepTitle(step, title)}</h4>
        ${step.items.map((i) => this.renderQuestion(i, enabled, false))} ${status}
        <div class="actions">
          <button type="submit" class="primary" part="button" ?disabled=${this.busy}>
            ${msg('Next', {id: 'forms-next'})}
          </button>
          ${previous} ${saveDraft} ${this.renderBack()}
        </div>
      </form>`;
  }

  override render() {
    const gate = this.renderGate({
      noBackend: msg('Forms aren’t set up on this page.', {id: 'forms-no-backend'}),
      signIn: msg('Please sign in to see your forms.', {id: 'forms-sign-in'}),
    });
    if (gate) return html`${this.renderHeader()}${gate}`;
    const v = this.view;
    const body =
      v.kind === 'questionnaire'
        ? this.renderQuestionnaire(v.form)
        : v.kind === 'consent'
          ? this.renderConsent(v.form)
          : v.kind === 'instructions'
            ? this.renderInstructions(v.task)
            : this.tasks
              ? this.renderList(this.tasks)
              : html`<p class="notice" role="status">
                  ${msg('Loading your forms…', {id: 'forms-loading'})}
                </p>`;
    return html`${this.renderHeader()} ${this.renderSessionWarning()} ${body}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'patient-forms': PatientForms;
  }
  interface HTMLElementEventMap {
    'portal-form-done': PortalFormDoneEvent;
  }
}
