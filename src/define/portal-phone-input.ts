import {PhoneInput} from '../elements/inputs/phone-input.js';
import {defineElement} from './define-element.js';

defineElement('portal-phone-input', PhoneInput);
