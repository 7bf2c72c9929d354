import {BookingWidget} from '../elements/booking-widget/booking-widget.js';
import {catalogPiece} from '../localization/localization.js';
import messages from '../localization/generated/pieces/booking-widget.js';
import {defineElement} from './define-element.js';

// Its own messages in the page's language (when not English), loaded before its first render.
catalogPiece('booking-widget', messages);
defineElement('booking-widget', BookingWidget);

/** The element class, for its type (`HTMLElementTagNameMap` comes with it). */
export type {BookingWidget} from '../elements/booking-widget/booking-widget.js';
