// React with the generated wrappers (`@lit/react`): typed properties and `onPortal…` event props.
// Works the same on React 18. Importing a wrapper registers its tag.
import {StrictMode, useState} from 'react';
import {createRoot} from 'react-dom/client';
import {BookingWidget, PatientLogin, PatientPortal} from 'patient-portal-elements/react';

function App() {
  const [status, setStatus] = useState('waiting');
  return (
    <main>
      <h1>Book a visit (React 19, wrappers)</h1>
      <PatientPortal backend="demo">
        <PatientLogin onPortalSignedIn={(event) => setStatus(`signed in (${event.method})`)} />
        <BookingWidget
          compact={false}
          onPortalBooked={(event) =>
            setStatus(`booked ${event.appointment.id} at ${event.appointment.start}`)
          }
        />
      </PatientPortal>
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
