import {BookingWidget} from '../elements/booking-widget/booking-widget.js';
import {defineElement} from './define-element.js';

defineElement('booking-widget', BookingWidget);

/** The element class, for its type (`HTMLElementTagNameMap` comes with it). */
export type {BookingWidget} from '../elements/booking-widget/booking-widget.js';
