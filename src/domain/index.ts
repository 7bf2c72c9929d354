/** Domain types and pure logic (availability), usable without any element — e.g. by a server. */
export * from './types.js';
export type * from './schedule.js';
export {computeAvailability} from './availability.js';
export type * from './forms.js';
export type * from './documents.js';
export {DOCUMENT_FOLDERS, LAB_FLAGS, UPLOAD_CATEGORIES} from './documents.js';
