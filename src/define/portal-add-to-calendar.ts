import {AddToCalendar} from '../elements/add-to-calendar/add-to-calendar.js';
import {catalogPiece} from '../localization/localization.js';
import messages from '../localization/generated/pieces/portal-add-to-calendar.js';
import {defineElement} from './define-element.js';

// Its own messages in the page's language (when not English), loaded before its first render.
catalogPiece('portal-add-to-calendar', messages);
defineElement('portal-add-to-calendar', AddToCalendar);

/** The element class, for its type (`HTMLElementTagNameMap` comes with it). */
export type {AddToCalendar} from '../elements/add-to-calendar/add-to-calendar.js';
