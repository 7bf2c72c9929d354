/**
 * The clinic's rules, once: pure functions every backend applies (the memory adapter, the reference
 * server, the FHIR adapter), so none re-implements a rule and the contract suite proves they agree.
 */
export * from './accounts.js';
export * from './appointments.js';
export * from './availability-query.js';
export * from './card-fees.js';
export * from './catalog.js';
export * from './documents.js';
export * from './holds.js';
export * from './forms.js';
export * from './limits.js';
export * from './passwords.js';
export * from './reminders.js';
export * from './seed.js';
export * from './session.js';
export type * from './clinic-data.js';
export * from './validation.js';
export * from './visit-choice.js';
export * from './visit-terms.js';
