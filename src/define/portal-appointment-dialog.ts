import {AppointmentDialog} from '../elements/appointment-list/appointment-dialog.js';
import {catalogPiece} from '../localization/localization.js';
import messages from '../localization/generated/pieces/portal-appointment-dialog.js';
import {defineElement} from './define-element.js';

// Its own messages in the page's language (when not English), loaded before its first render.
catalogPiece('portal-appointment-dialog', messages);
defineElement('portal-appointment-dialog', AppointmentDialog);

/** The element class, for its type (`HTMLElementTagNameMap` comes with it). */
export type {AppointmentDialog} from '../elements/appointment-list/appointment-dialog.js';
