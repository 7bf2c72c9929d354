import {AppointmentList} from '../elements/appointment-list/appointment-list.js';
import {catalogPiece} from '../localization/localization.js';
import messages from '../localization/generated/pieces/appointment-list.js';
import {defineElement} from './define-element.js';

// Its own messages in the page's language (when not English), loaded before its first render.
catalogPiece('appointment-list', messages);
defineElement('appointment-list', AppointmentList);

/** The element class, for its type (`HTMLElementTagNameMap` comes with it). */
export type {AppointmentList} from '../elements/appointment-list/appointment-list.js';
