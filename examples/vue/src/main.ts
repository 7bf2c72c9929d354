import {createApp} from 'vue';
import 'patient-portal-elements/define/patient-portal.js';
import 'patient-portal-elements/define/patient-login.js';
import 'patient-portal-elements/define/booking-widget.js';
import App from './App.vue';

createApp(App).mount('#app');
