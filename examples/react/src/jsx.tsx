// React 19 without wrappers: the tags themselves in JSX. React 19 sets properties on custom
// elements and listens for `on<event-name>`; `patient-portal-elements/react-jsx` types them.
import {StrictMode, useState} from 'react';
import {createRoot} from 'react-dom/client';
import 'patient-portal-elements/define/patient-portal.js';
import 'patient-portal-elements/define/patient-login.js';
import 'patient-portal-elements/define/booking-widget.js';

function App() {
  const [status, setStatus] = useState('waiting');
  return (
    <main>
      <h1>Book a visit (React 19, custom elements in JSX)</h1>
      <patient-portal backend="demo">
        <patient-login onportal-signed-in={(event) => setStatus(`signed in (${event.method})`)} />
        <booking-widget
          compact={false}
          onportal-booked={(event) =>
            setStatus(`booked ${event.appointment.id} at ${event.appointment.start}`)
          }
        />
      </patient-portal>
      <p>
        Host page: <output id="host-status">{status}</output>
      </p>
    </main>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
