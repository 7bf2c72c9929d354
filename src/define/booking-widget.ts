import {BookingWidget} from '../elements/booking-widget/booking-widget.js';
import {defineElement} from './define-element.js';

defineElement('booking-widget', BookingWidget);
