import {SlotPicker} from '../elements/slot-picker/slot-picker.js';
import {defineElement} from './define-element.js';

defineElement('portal-slot-picker', SlotPicker);
