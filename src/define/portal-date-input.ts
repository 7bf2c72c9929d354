import {DateInput} from '../elements/inputs/date-input.js';
import {defineElement} from './define-element.js';

defineElement('portal-date-input', DateInput);
