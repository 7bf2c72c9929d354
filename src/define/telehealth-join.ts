import {TelehealthJoin} from '../elements/telehealth-join/telehealth-join.js';
import {defineElement} from './define-element.js';

defineElement('telehealth-join', TelehealthJoin);
