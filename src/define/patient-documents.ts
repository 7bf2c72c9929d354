import {PatientDocuments} from '../elements/patient-documents/patient-documents.js';
import {catalogPiece} from '../localization/localization.js';
import messages from '../localization/generated/pieces/patient-documents.js';
import {defineElement} from './define-element.js';

// Its own messages in the page's language (when not English), loaded before its first render.
catalogPiece('patient-documents', messages);
defineElement('patient-documents', PatientDocuments);

/** The element class, for its type (`HTMLElementTagNameMap` comes with it). */
export type {PatientDocuments} from '../elements/patient-documents/patient-documents.js';
