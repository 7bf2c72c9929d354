// The demo clinic's own page script: the language switch and the outbox panel. The portal
// elements themselves need none of this — one script tag and their tags are enough.
import {adapterForBackend, sessionFor} from '/dist/patient-portal-elements.js';

const html = document.documentElement;

function applyLanguage(tag) {
  html.lang = tag; // the elements follow <html lang>
  const lang = tag.slice(0, 2);
  for (const el of document.querySelectorAll('[data-en]')) el.textContent = el.dataset[lang] ?? el.dataset.en;
  for (const el of document.querySelectorAll('[data-en-aria-label]')) {
    el.setAttribute('aria-label', el.dataset[`${lang}AriaLabel`] ?? el.dataset.enAriaLabel);
  }
  for (const b of document.querySelectorAll('[data-lang]'))
    b.setAttribute('aria-pressed', String(b.dataset.lang === tag));
  document.title =
    lang === 'es'
      ? 'Clínica Demo Roma Norte — Portal del paciente'
      : 'Clínica Demo Roma Norte — Patient portal';
}

for (const b of document.querySelectorAll('[data-lang]')) {
  b.addEventListener('click', () => applyLanguage(b.dataset.lang));
}
applyLanguage(html.lang || 'es-MX');

// Hide the placeholder once any real portal element is defined inside the portal.
const placeholder = document.querySelector('[data-demo-when-empty]');
const portal = document.querySelector('patient-portal');
// (The drop-in file defines each tag when it first appears, so wait for the first one.)
if (portal && placeholder) {
  const tags = [...portal.children].filter((c) => c !== placeholder).map((c) => c.localName);
  if (tags.length > 0)
    void Promise.any(tags.map((t) => customElements.whenDefined(t))).then(() => (placeholder.hidden = true));
}

const adapter = await adapterForBackend('demo');
const mod = adapter.demoInfo ?? {};
document.getElementById('demo-email').textContent = mod.patientEmail ?? '—';
document.getElementById('demo-password').textContent = mod.patientPassword ?? '—';
document.getElementById('demo-sms').textContent = mod.smsCode ?? '—';

const linkLabels = {
  en: {
    confirm: 'Confirm attendance',
    cancel: 'Cancel the appointment',
    'create-account': 'Create my account',
    verify: 'Verify my email',
    reset: 'Reset my password',
    portal: 'Open the portal',
    'sign-in': 'Sign in',
    'forgot-password': 'Forgot password',
  },
  es: {
    confirm: 'Confirmar asistencia',
    cancel: 'Cancelar la cita',
    'create-account': 'Crear mi cuenta',
    verify: 'Verificar mi correo',
    reset: 'Restablecer mi contraseña',
    portal: 'Abrir el portal',
    'sign-in': 'Iniciar sesión',
    'forgot-password': 'Olvidé mi contraseña',
  },
};
// Until <patient-login> exists, the demo page signs the demo patient in through the page API, the
// way a host's own sign-in would: the session is shared by every element using backend="demo".
const signInButton = document.getElementById('demo-sign-in');
const signInStatus = document.getElementById('demo-sign-in-status');
const session = sessionFor(adapter);
function showSession(state) {
  const es = html.lang.startsWith('es');
  signInButton.hidden = state.status === 'signed-in';
  signInStatus.textContent =
    state.status === 'signed-in' ? (es ? 'Sesión iniciada como Ana.' : 'Signed in as Ana.') : '';
}
session.subscribe(showSession);
signInButton.addEventListener('click', async () => {
  const result = await adapter.signIn({email: mod.patientEmail, password: mod.patientPassword});
  if (result.status === 'signed-in') session.signedIn(result.session);
});

// The demo clinic sends reminders (72, 24 and 1 hour before) when asked; a real server runs a scheduler.
const remindersButton = document.getElementById('demo-send-reminders');
const remindersStatus = document.getElementById('demo-reminders-status');
remindersButton.addEventListener('click', async () => {
  const sent = (await adapter.sendDueReminders?.()) ?? 0;
  const es = html.lang.startsWith('es');
  remindersStatus.textContent =
    sent === 0
      ? es
        ? 'No hay recordatorios pendientes.'
        : 'No reminders are due.'
      : es
        ? `Mensajes enviados: ${sent}. Véalos en la bandeja de salida.`
        : `${sent} messages sent. See them in the outbox.`;
});

const list = document.getElementById('outbox');
const empty = document.getElementById('outbox-empty');
function renderOutbox(messages) {
  list.replaceChildren(
    ...[...messages].reverse().map((m) => {
      const li = document.createElement('li');
      const meta = document.createElement('div');
      meta.className = 'meta';
      meta.textContent = `${m.channel.toUpperCase()} → ${m.to} · ${new Date(m.at).toLocaleString(html.lang)}`;
      const subject = document.createElement('strong');
      subject.textContent = m.subject;
      const text = document.createElement('pre');
      text.textContent = m.text;
      li.append(meta, subject, text);
      for (const [purpose, href] of Object.entries(m.links ?? {})) {
        const url = new URL(href, location.href);
        if (url.protocol !== 'http:' && url.protocol !== 'https:') continue;
        const a = document.createElement('a');
        a.href = url.origin === location.origin ? `${location.pathname}${url.hash}` : url.href;
        a.textContent = linkLabels[html.lang.slice(0, 2)]?.[purpose] ?? purpose;
        li.append(' ', a);
      }
      return li;
    }),
  );
  empty.hidden = messages.length > 0;
}
if (adapter.outbox) {
  renderOutbox(adapter.outbox.messages ?? []);
  adapter.outbox.subscribe?.((messages) => renderOutbox(messages));
}
