/**
 * What the lazily loaded later steps (`booking-later-steps.ts`) may read and call on the widget.
 * The widget hands itself over as this view; the members stay private to everyone else.
 */
import type {nothing, TemplateResult} from 'lit';
import type {FieldErrorCode, Capabilities, Hold, PortalAdapter} from '../../adapters/adapter.js';
import type {
  Appointment,
  Catalog,
  Clinic,
  PaymentIntent,
  PhoneChallenge,
  Service,
  Slot,
} from '../../domain/types.js';
import type {SessionSnapshot} from '../../controllers/session-store.js';

export type Step = 'services' | 'provider' | 'time' | 'details' | 'verify' | 'policy' | 'review' | 'done';

export interface DetailsForm {
  givenName: string;
  familyName: string;
  email: string;
  phone: string;
  dateOfBirth: string;
  privacyConsent: boolean;
}

export interface BookingSetup {
  readonly clinic: Clinic;
  readonly catalog: Catalog;
  readonly caps: Capabilities;
  readonly serverOffset: number;
}

export interface BookingView {
  readonly setup?: BookingSetup;
  readonly locale: string;
  readonly serverNow: number;
  readonly sessionState: SessionSnapshot;
  readonly resolvedAdapter?: PortalAdapter;
  readonly service?: string;
  readonly singleService: boolean;
  readonly cart: string[];
  readonly chosenSlot?: Slot;
  readonly hold?: Hold;
  readonly form: DetailsForm;
  fieldErrors: Readonly<Record<string, FieldErrorCode>>;
  readonly challenge?: PhoneChallenge;
  code: string;
  policyAccepted: boolean;
  readonly intent?: PaymentIntent | null;
  paid: boolean;
  readonly busy: boolean;
  readonly offline: boolean;
  readonly stepError?: unknown;
  readonly appointment?: Appointment;
  readonly tick: number;
  servicesIn(serviceIds: readonly string[]): Service[];
  stepLabel(step: Step): string;
  stepTitle(text: string): TemplateResult;
  renderNav(forward: TemplateResult | typeof nothing, options?: {back?: boolean}): TemplateResult;
  renderStepError(): TemplateResult | typeof nothing;
  go(step: Step, options?: {focus?: boolean}): Promise<void>;
  updateField(name: keyof DetailsForm, value: string | boolean): void;
  submitDetails(e: Event): Promise<void>;
  sendCode(): Promise<void>;
  submitCode(e: Event): Promise<void>;
  submitPolicy(e: Event): Promise<void>;
  book(): Promise<void>;
  restart(): void;
}
