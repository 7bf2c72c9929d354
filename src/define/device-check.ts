import {DeviceCheck} from '../elements/device-check/device-check.js';
import {defineElement} from './define-element.js';

defineElement('device-check', DeviceCheck);
