import {PhoneInput} from '../elements/inputs/phone-input.js';
import {defineElement} from './define-element.js';

defineElement('portal-phone-input', PhoneInput);

/** The element class, for its type (`HTMLElementTagNameMap` comes with it). */
export type {PhoneInput} from '../elements/inputs/phone-input.js';
