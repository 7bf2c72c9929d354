/**
 * The REST adapter's billing operations (#20), in a chunk of their own: `RestAdapter` installs them
 * on its prototype from `BILLING_OPERATIONS` and loads this module on the first billing call. Each
 * runs as a method of the adapter (`this`), through its one transport (`this.call`).
 */
import {NetworkError, ValidationError} from '../../domain/errors.js';
import type {Invoice, PaymentEntry} from '../../domain/rules/billing.js';
import type {PaymentIntent} from '../../domain/types.js';
import type {
  BillingDetailsInput,
  BillingDetailsView,
  InvoiceList,
  InvoicePdfFormat,
  RequestOptions,
} from '../adapter.js';
import type {Transport} from './wire.js';

export {confirmDemoCardSetup, listCards, removeCard, setDefaultCard, startCardSetup} from './cards.js';

export function listInvoices(this: Transport, options?: RequestOptions): Promise<InvoiceList> {
  return this.call<'listInvoices', InvoiceList>({method: 'GET', path: '/invoices'}, options);
}

export function getInvoice(this: Transport, id: string, options?: RequestOptions): Promise<Invoice> {
  return this.call<'getInvoice', Invoice>(
    {method: 'GET', path: `/invoices/${encodeURIComponent(id)}`},
    options,
  );
}

export async function getInvoicePdf(
  this: Transport,
  id: string,
  format: InvoicePdfFormat,
  options?: RequestOptions,
): Promise<Blob> {
  const response = (await this.call<'getInvoicePdf', undefined>(
    {
      method: 'GET',
      path: `/invoices/${encodeURIComponent(id)}/pdf`,
      query: [
        ['language', format.language],
        ['locale', format.locale],
      ],
      raw: true,
    },
    options,
  )) as unknown as Response;
  try {
    return new Blob([await response.arrayBuffer()], {type: 'application/pdf'});
  } catch (cause) {
    throw new NetworkError('network', undefined, {cause});
  }
}

export async function getReceiptPdf(
  this: Transport,
  paymentId: string,
  format: InvoicePdfFormat,
  options?: RequestOptions,
): Promise<Blob> {
  const response = (await this.call<'getReceiptPdf', undefined>(
    {
      method: 'GET',
      path: `/payments/${encodeURIComponent(paymentId)}/receipt`,
      query: [
        ['language', format.language],
        ['locale', format.locale],
      ],
      raw: true,
    },
    options,
  )) as unknown as Response;
  try {
    return new Blob([await response.arrayBuffer()], {type: 'application/pdf'});
  } catch (cause) {
    throw new NetworkError('network', undefined, {cause});
  }
}

export function listPayments(this: Transport, options?: RequestOptions): Promise<PaymentEntry[]> {
  return this.call<'listPayments', PaymentEntry[]>({method: 'GET', path: '/payments'}, options);
}

export async function createInvoicePaymentIntent(
  this: Transport,
  id: string,
  idempotencyKey: string,
  options?: RequestOptions,
): Promise<PaymentIntent | null> {
  // The header is required: an empty key is refused here, as the server would, without a request.
  if (typeof idempotencyKey !== 'string' || idempotencyKey === '')
    throw new ValidationError({idempotencyKey: 'required'});
  return (
    await this.call<'createInvoicePaymentIntent', {intent: PaymentIntent | null}>(
      {method: 'POST', path: `/invoices/${encodeURIComponent(id)}/payment-intents`, body: {}, idempotencyKey},
      options,
    )
  ).intent;
}

export function getBillingDetails(this: Transport, options?: RequestOptions): Promise<BillingDetailsView> {
  return this.call<'getBillingDetails', BillingDetailsView>(
    {method: 'GET', path: '/billing-details'},
    options,
  );
}

export function removeBillingDetails(this: Transport, options?: RequestOptions): Promise<BillingDetailsView> {
  return this.call<'removeBillingDetails', BillingDetailsView>(
    {method: 'DELETE', path: '/billing-details'},
    options,
  );
}

/** Her billing details travel in the body, never in the URL. */
export function saveBillingDetails(
  this: Transport,
  details: BillingDetailsInput,
  options?: RequestOptions,
): Promise<BillingDetailsView> {
  return this.call<'saveBillingDetails', BillingDetailsView>(
    {method: 'PUT', path: '/billing-details', body: details},
    options,
  );
}
