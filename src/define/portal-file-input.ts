import {PortalFileInput} from '../elements/patient-documents/portal-file-input.js';
import {catalogPiece} from '../localization/localization.js';
import messages from '../localization/generated/pieces/portal-file-input.js';
import {defineElement} from './define-element.js';

// Loaded by <patient-documents> with its upload form; its own messages in the page's language.
catalogPiece('portal-file-input', messages);
defineElement('portal-file-input', PortalFileInput);

/** The element class, for its type (`HTMLElementTagNameMap` comes with it). */
export type {PortalFileInput} from '../elements/patient-documents/portal-file-input.js';
