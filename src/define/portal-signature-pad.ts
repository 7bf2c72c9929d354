import {PortalSignaturePad} from '../elements/patient-forms/signature-pad.js';
import {catalogPiece} from '../localization/localization.js';
import messages from '../localization/generated/pieces/portal-signature-pad.js';
import {defineElement} from './define-element.js';

// Loaded by <patient-forms> when the patient chooses to draw a signature (with `signature_pad`);
// its own messages in the page's language.
catalogPiece('portal-signature-pad', messages);
defineElement('portal-signature-pad', PortalSignaturePad);

/** The element class, for its type (`HTMLElementTagNameMap` comes with it). */
export type {PortalSignaturePad} from '../elements/patient-forms/signature-pad.js';
