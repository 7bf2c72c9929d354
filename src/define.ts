/** Registers every element under its default tag (side-effect module; the drop-in entry). */
import './define/patient-portal.js';
import './define/patient-login.js';
import './define/booking-widget.js';
import './define/appointment-list.js';
import './define/reminder-prefs.js';
import './define/patient-profile.js';
import './define/telehealth-join.js';
import './define/device-check.js';
import './define/patient-forms.js';
import './define/patient-documents.js';
import './define/patient-billing.js';
import './define/patient-messages.js';
