import {AddToCalendar} from '../elements/add-to-calendar/add-to-calendar.js';
import {defineElement} from './define-element.js';

defineElement('portal-add-to-calendar', AddToCalendar);
