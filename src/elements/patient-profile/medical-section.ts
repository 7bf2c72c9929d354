/**
 * `<patient-profile>`'s "Medical information" section (#17, item 4): the patient's allergies,
 * current medications, conditions and emergency contacts, each a list she adds to, corrects and
 * removes from (removal asks first). What she writes is marked "Reported by you — the clinic will
 * review it" until the clinic reviews it. A controller of the profile element: it holds the lists
 * and the open form, and renders the section; the element shows it only when the backend has
 * `capabilities.medical`. It fires no event: what a patient reports about her health is nobody's
 * analytics. Field problems show at their fields and in a summary that takes focus, as in the
 * profile's other forms; the rules (200 characters a field, 50 entries a list, a phone in E.164)
 * are the domain's (`domain/rules/medical.ts`), checked again by the backend.
 */
import {html, nothing, type TemplateResult} from 'lit';
import {msg, str} from '@lit/localize';
import {
  isAbortError,
  ValidationError,
  type FieldErrorCode,
  type MedicalEntry,
  type MedicalFields,
  type MedicalInfo,
  type MedicalList,
  type PortalAdapter,
} from '../../adapters/adapter.js';
import {MEDICAL_LISTS, MEDICAL_TEXT_MAX} from '../../domain/rules/medical.js';
import {formatOnFile} from '../../domain/phone.js';
import type {CountryCode} from '../../domain/types.js';
import {fieldErrorMessage} from '../../localization/error-messages.js';
import {ProfileSection, type SectionHost} from './profile-section.js';

/** What the section needs from the element that holds it. */
/** What a profile section gets from `<patient-profile>` (now `SectionHost`, kept under its old name). */
export type MedicalSectionHost = SectionHost;

/** The form open: adding to a list, or correcting one entry. */
interface Editing {
  readonly list: MedicalList;
  readonly id?: string;
}

/** Each list's fields, in the order the form asks for them. */
const FIELDS: {readonly [L in MedicalList]: readonly (keyof MedicalFields[L] & string)[]} = {
  allergies: ['substance', 'reaction', 'severity'],
  medications: ['name', 'dose', 'frequency'],
  conditions: ['name', 'since'],
  emergencyContacts: ['name', 'relationship', 'phone'],
};
const REQUIRED = new Set(['substance', 'name', 'relationship', 'phone']);

export class MedicalSection extends ProfileSection {
  info?: MedicalInfo;
  private editing?: Editing;
  private removing?: Editing & {readonly id: string};

  /** Forgets everything about the patient (sign-out). */
  clear(): void {
    this.info = undefined;
    this.loadError = undefined;
    this.editing = this.removing = undefined;
    this.reset();
  }

  async load(adapter: PortalAdapter, signal: AbortSignal): Promise<void> {
    const get = adapter.getMedicalInfo?.bind(adapter);
    if (get)
      await this.read(
        'getMedicalInfo',
        signal,
        () => get({signal}),
        (info) => void (this.info = info),
      );
  }

  // ------------------------------------------------------------------------------------------
  // Actions

  private open(editing: Editing) {
    this.editing = editing;
    this.removing = undefined;
    this.reset();
    void this.focus('#medical-form input');
  }

  private close() {
    const was = this.editing;
    this.editing = undefined;
    this.reset();
    void this.focus(was?.id ? `[data-edit='${was.id}']` : `[data-add='${was?.list}']`);
  }

  private async save(e: Event) {
    e.preventDefault();
    const editing = this.editing;
    const adapter = this.host.adapter();
    if (!editing || !adapter?.addMedicalEntry || !adapter.updateMedicalEntry || this.busy) return;
    const form = e.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const entry: Record<string, string> = {};
    const local: Record<string, FieldErrorCode> = {};
    for (const name of FIELDS[editing.list] as readonly string[]) {
      const value = String(data.get(name) ?? '').trim();
      if (value) entry[name] = value;
      if (name === 'phone') {
        const phone = form.querySelector<HTMLElement & {checkValidity(): boolean}>('portal-phone-input');
        if (!value) local.phone = phone && !phone.checkValidity() ? 'invalid-phone' : 'required';
      } else if (!value && REQUIRED.has(name)) local[name] = 'required';
      else if ([...value].length > MEDICAL_TEXT_MAX) local[name] = 'too-long';
    }
    this.reset();
    if (Object.keys(local).length > 0) {
      this.errors = local;
      return this.focus('[data-summary=medical]');
    }
    this.busy = true;
    this.host.requestUpdate();
    const signal = this.host.signal();
    try {
      const fields = entry as unknown as MedicalFields[MedicalList];
      const saved = editing.id
        ? await adapter.updateMedicalEntry(editing.list, editing.id, fields, {signal})
        : await adapter.addMedicalEntry(editing.list, fields, {signal});
      this.replace(editing.list, saved, editing.id);
      this.busy = false;
      this.editing = undefined;
      this.done = msg('Saved. The clinic will review it.', {id: 'medical-saved'});
      this.host.announce(this.done);
      void this.focus(`[data-edit='${saved.id}']`);
    } catch (err) {
      if (isAbortError(err)) return;
      this.busy = false;
      if (err instanceof ValidationError) this.errors = err.fields;
      else this.error = err;
      this.host.report(err, editing.id ? 'updateMedicalEntry' : 'addMedicalEntry');
      void this.focus('[data-summary=medical]');
    }
  }

  private replace(list: MedicalList, entry: MedicalEntry | undefined, id?: string) {
    const info = this.info;
    if (!info) return;
    const now = info[list] as readonly MedicalEntry[];
    const next = id
      ? now.flatMap((x) => (x.id !== id ? [x] : entry ? [entry] : []))
      : [...now, ...(entry ? [entry] : [])];
    this.info = {...info, [list]: next};
  }

  private async remove() {
    const removing = this.removing;
    const adapter = this.host.adapter();
    if (!removing || !adapter?.removeMedicalEntry || this.busy) return;
    this.reset();
    this.busy = true;
    this.host.requestUpdate();
    try {
      await adapter.removeMedicalEntry(removing.list, removing.id, {signal: this.host.signal()});
      this.replace(removing.list, undefined, removing.id);
      this.removing = undefined;
      this.busy = false;
      this.done = msg('Removed.', {id: 'medical-removed'});
      this.host.announce(this.done);
      void this.focus(`#h-med-${removing.list}`);
    } catch (err) {
      if (isAbortError(err)) return;
      this.busy = false;
      this.error = err;
      this.host.report(err, 'removeMedicalEntry');
      void this.focus('[data-summary=medical]');
    }
  }

  // ------------------------------------------------------------------------------------------
  // Text

  private listTitle(list: MedicalList): string {
    switch (list) {
      case 'allergies':
        return msg('Allergies', {id: 'medical-allergies'});
      case 'medications':
        return msg('Current medications', {id: 'medical-medications'});
      case 'conditions':
        return msg('Conditions', {id: 'medical-conditions'});
      default:
        return msg('Emergency contacts', {id: 'medical-contacts'});
    }
  }

  private addLabel(list: MedicalList): string {
    switch (list) {
      case 'allergies':
        return msg('Add an allergy', {id: 'medical-add-allergy'});
      case 'medications':
        return msg('Add a medication', {id: 'medical-add-medication'});
      case 'conditions':
        return msg('Add a condition', {id: 'medical-add-condition'});
      default:
        return msg('Add an emergency contact', {id: 'medical-add-contact'});
    }
  }

  private fieldLabel(list: MedicalList | undefined, field: string): string {
    switch (field) {
      case 'substance':
        return msg('What you are allergic to', {id: 'medical-substance'});
      case 'reaction':
        return msg('What happens (optional)', {id: 'medical-reaction'});
      case 'severity':
        return msg('How severe (optional)', {id: 'medical-severity'});
      case 'name':
        return list === 'medications'
          ? msg('Medicine', {id: 'medical-medicine'})
          : list === 'conditions'
            ? msg('Condition', {id: 'medical-condition'})
            : msg('Name', {id: 'medical-contact-name'});
      case 'dose':
        return msg('Dose (optional)', {id: 'medical-dose'});
      case 'frequency':
        return msg('How often (optional)', {id: 'medical-frequency'});
      case 'since':
        return msg('Since when (optional)', {id: 'medical-since'});
      case 'relationship':
        return msg('Relationship to you', {id: 'medical-relationship'});
      case 'phone':
        return msg('Phone number', {id: 'medical-phone'});
      default:
        return list ? this.listTitle(list) : msg('Medical information', {id: 'medical-title'});
    }
  }

  private severityLabel(severity: string): string {
    switch (severity) {
      case 'mild':
        return msg('Mild', {id: 'medical-mild'});
      case 'moderate':
        return msg('Moderate', {id: 'medical-moderate'});
      default:
        return msg('Severe', {id: 'medical-severe'});
    }
  }

  private entryTitle(list: MedicalList, e: MedicalEntry): string {
    return list === 'allergies' ? (e as MedicalEntry<'allergies'>).substance : (e as {name: string}).name;
  }

  private entryDetails(list: MedicalList, e: MedicalEntry): string {
    const v = e as unknown as Partial<Record<string, string>>;
    const parts =
      list === 'allergies'
        ? [v.reaction, v.severity && this.severityLabel(v.severity)]
        : list === 'medications'
          ? [v.dose, v.frequency]
          : list === 'conditions'
            ? [v.since && msg(str`Since ${v.since}`, {id: 'medical-since-value'})]
            : [v.relationship, v.phone && formatOnFile(v.phone, 'international')];
    return parts.filter(Boolean).join(' · ');
  }

  // ------------------------------------------------------------------------------------------
  // Rendering

  private renderErrors() {
    const list = this.editing?.list;
    return this.renderSummary('medical', this.errors, (f) => this.fieldLabel(list, f));
  }

  private input(list: MedicalList, name: string, value: string | undefined, country: CountryCode) {
    const code = this.errors[name];
    const id = `medical-${name}`;
    const label = this.fieldLabel(list, name);
    const error = code
      ? html`<p class="field-error" id=${`${id}-error`}>${fieldErrorMessage(code)}</p>`
      : nothing;
    if (name === 'phone')
      return html`<portal-phone-input
          name="phone"
          required
          allow-landline
          autocomplete="tel"
          .label=${label}
          .defaultCountry=${country}
          .value=${value ?? ''}
        ></portal-phone-input>
        ${code && code !== 'invalid-phone' ? error : nothing}`;
    if (name === 'severity')
      return html`<div class="field">
        <label for=${id}>${label}</label>
        <select id=${id} name="severity">
          <option value="" ?selected=${!value}>${msg('Not stated', {id: 'medical-not-stated'})}</option>
          ${(['mild', 'moderate', 'severe'] as const).map(
            (s) => html`<option value=${s} ?selected=${value === s}>${this.severityLabel(s)}</option>`,
          )}
        </select>
        ${error}
      </div>`;
    return html`<div class="field">
      <label for=${id}>${label}</label>
      <input
        id=${id}
        name=${name}
        type="text"
        .defaultValue=${value ?? ''}
        autocomplete="off"
        ?required=${REQUIRED.has(name)}
        aria-invalid=${code ? 'true' : 'false'}
        aria-describedby=${code ? `${id}-error` : nothing}
      />
      ${error}
    </div>`;
  }

  private renderForm(list: MedicalList, entry: MedicalEntry | undefined, country: CountryCode) {
    const values = (entry ?? {}) as unknown as Partial<Record<string, string>>;
    return html`<form id="medical-form" @submit=${(e: Event) => void this.save(e)} novalidate>
      <div class="grid">${FIELDS[list].map((name) => this.input(list, name, values[name], country))}</div>
      ${this.renderErrors()}
      <div class="actions">
        <button class="primary" part="button save-button" ?disabled=${this.busy}>
          ${this.busy ? msg('Saving…', {id: 'medical-saving'}) : msg('Save', {id: 'medical-save'})}
        </button>
        <button type="button" part="button" @click=${() => this.close()}>
          ${msg('Cancel', {id: 'medical-cancel'})}
        </button>
      </div>
    </form>`;
  }

  private renderEntry(list: MedicalList, e: MedicalEntry, country: CountryCode) {
    if (this.editing?.id === e.id) return html`<li>${this.renderForm(list, e, country)}</li>`;
    const title = this.entryTitle(list, e);
    const details = this.entryDetails(list, e);
    const removing = this.removing?.id === e.id;
    return html`<li>
      <strong id=${`med-${e.id}`}>${title}</strong>
      ${details ? html`<br /><span>${details}</span>` : nothing}
      <br />
      <span class="muted" part="medical-status">
        ${
          e.reportedBy === 'patient' && !e.reviewed
            ? msg('Reported by you — the clinic will review it', {id: 'medical-reported'})
            : e.reviewed
              ? msg('Reviewed by the clinic', {id: 'medical-reviewed'})
              : msg('Recorded by the clinic', {id: 'medical-by-clinic'})
        }
      </span>
      ${
        removing
          ? html`<div class="notice" role="group" aria-labelledby=${`med-remove-${e.id}`}>
              <p id=${`med-remove-${e.id}`}>
                ${msg(str`Remove “${title}” from your list?`, {id: 'medical-remove-confirm'})}
              </p>
              ${this.renderErrors()}
              <div class="actions">
                <button
                  type="button"
                  class="primary"
                  part="button"
                  data-confirm-remove
                  ?disabled=${this.busy}
                  @click=${() => void this.remove()}
                >
                  ${msg('Remove', {id: 'medical-remove-yes'})}
                </button>
                <button
                  type="button"
                  part="button"
                  @click=${() => {
                    this.removing = undefined;
                    this.reset();
                    void this.focus(`[data-remove='${e.id}']`);
                  }}
                >
                  ${msg('Keep it', {id: 'medical-remove-no'})}
                </button>
              </div>
            </div>`
          : html`<div class="actions">
              <button
                type="button"
                part="button"
                data-edit=${e.id}
                aria-describedby=${`med-${e.id}`}
                @click=${() => this.open({list, id: e.id})}
              >
                ${msg('Edit', {id: 'medical-edit'})}
              </button>
              <button
                type="button"
                part="button"
                data-remove=${e.id}
                aria-describedby=${`med-${e.id}`}
                @click=${() => {
                  this.removing = {list, id: e.id};
                  this.editing = undefined;
                  this.reset();
                  void this.focus('[data-confirm-remove]');
                }}
              >
                ${msg('Remove', {id: 'medical-remove'})}
              </button>
            </div>`
      }
    </li>`;
  }

  private renderList(list: MedicalList, entries: readonly MedicalEntry[], country: CountryCode) {
    const adding = this.editing?.list === list && !this.editing.id;
    return html`<div class="medical-list">
      <h4 id=${`h-med-${list}`} tabindex="-1">${this.listTitle(list)}</h4>
      ${
        entries.length === 0
          ? html`<p class="muted">${msg('None recorded.', {id: 'medical-none'})}</p>`
          : html`<ul class="sessions" aria-labelledby=${`h-med-${list}`}>
              ${entries.map((e) => this.renderEntry(list, e, country))}
            </ul>`
      }
      ${
        adding
          ? this.renderForm(list, undefined, country)
          : html`<button type="button" part="button" data-add=${list} @click=${() => this.open({list})}>
              ${this.addLabel(list)}
            </button>`
      }
    </div>`;
  }

  render(country: CountryCode): TemplateResult {
    const info = this.info;
    return this.renderSection(
      {
        name: 'medical',
        title: msg('Medical information', {id: 'medical-title'}),
        intro: msg(
          'Keep your allergies, medications, conditions and emergency contacts up to date. The clinic reviews what you add or change.',
          {id: 'medical-intro'},
        ),
        loading: msg('Loading your medical information…', {id: 'medical-loading'}),
      },
      info && (() => MEDICAL_LISTS.map((list) => this.renderList(list, info[list], country))),
    );
  }
}
