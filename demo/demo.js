// The demo clinic's own page script: the language switch and the outbox panel. The portal
// elements themselves need none of this — one script tag and their tags are enough.
//
// The page runs on the reference server (`npm start`: backend="/portal-api") or on the in-memory
// demo clinic (`npm run start:memory`: the same page served with backend="demo"); this script
// follows whichever backend the page's <patient-portal> names.
import {adapterForBackend, sessionFor} from '/dist/patient-portal-elements.js';

const html = document.documentElement;
const BACKEND = document.querySelector('patient-portal')?.getAttribute('backend') ?? 'demo';
const IN_MEMORY = BACKEND === 'demo';
/** The reference server's development tools (server/dev-tools.ts), on only when `npm start` runs it. */
const DEV = '/portal-dev';

const about = document.getElementById('demo-about');
if (IN_MEMORY && about) {
  about.dataset.en =
    'This is a demonstration clinic that lives in your browser. Nothing is sent anywhere: codes, links and reminders appear in the outbox below.';
  about.dataset.es =
    'Esta es una clínica de demostración que vive en su navegador. No se envía nada: los códigos, enlaces y recordatorios aparecen en la bandeja de salida de abajo.';
}

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

// The visitor's language choice is the demo page's own preference (not patient data): kept in
// localStorage so a reload keeps it. A link that says `#…&lang=en` (an emailed link: the messages
// put the patient's language in the fragment, which the elements read too) or `?lang=en` wins over it.
const LANGUAGE_KEY = 'portal-demo-language';
const PAGE_TAGS = {en: 'en-US', es: 'es-MX'};

function initialLanguage() {
  const linked = (params) => PAGE_TAGS[(params.get('lang') ?? '').slice(0, 2)];
  const asked =
    linked(new URLSearchParams(location.hash.slice(1))) ?? linked(new URLSearchParams(location.search));
  if (asked) return asked;
  try {
    const saved = localStorage.getItem(LANGUAGE_KEY);
    if (saved && Object.values(PAGE_TAGS).includes(saved)) return saved;
  } catch {
    // Storage refused (private mode, a sandboxed frame): the page's own default then.
  }
  return html.lang || 'es-MX';
}

for (const b of document.querySelectorAll('[data-lang]')) {
  b.addEventListener('click', () => {
    applyLanguage(b.dataset.lang);
    try {
      localStorage.setItem(LANGUAGE_KEY, b.dataset.lang);
    } catch {
      // Not kept: the choice still holds until the page is left.
    }
  });
}
applyLanguage(initialLanguage());
// A message's link followed from the outbox below changes only the fragment: its language applies too.
addEventListener('hashchange', () => {
  const linked = PAGE_TAGS[(new URLSearchParams(location.hash.slice(1)).get('lang') ?? '').slice(0, 2)];
  if (linked && linked !== html.lang) applyLanguage(linked);
});

// Hide the placeholder once any real portal element is defined inside the portal.
const placeholder = document.querySelector('[data-demo-when-empty]');
const portal = document.querySelector('patient-portal');
// (The drop-in file defines each tag when it first appears, so wait for the first one.)
if (portal && placeholder) {
  const tags = [...portal.children].filter((c) => c !== placeholder).map((c) => c.localName);
  if (tags.length > 0)
    void Promise.any(tags.map((t) => customElements.whenDefined(t))).then(() => (placeholder.hidden = true));
}

const adapter = await adapterForBackend(BACKEND);
const es = () => html.lang.startsWith('es');

/** JSON from the server's development tools, or null when they are off or unreachable. */
async function dev(path, init) {
  try {
    const response = await fetch(`${DEV}${path}`, {credentials: 'same-origin', ...init});
    return response.ok ? await response.json() : null;
  } catch {
    return null;
  }
}

// The demo patient's sign-in: the memory adapter knows it; the server's dev tools tell it.
const info = IN_MEMORY ? (adapter.demoInfo ?? {}) : ((await dev('/demo-patient')) ?? {});
document.getElementById('demo-email').textContent = info.patientEmail ?? '—';
document.getElementById('demo-password').textContent = info.patientPassword ?? '—';
const smsCode = document.getElementById('demo-sms');
if (IN_MEMORY) smsCode.textContent = info.smsCode ?? '—';
else {
  // The server's codes are random: each one is in the outbox, as the SMS the patient would get.
  smsCode.dataset.en = 'A new one each time: see the SMS in the outbox below.';
  smsCode.dataset.es = 'Uno nuevo cada vez: vea el SMS en la bandeja de salida de abajo.';
  applyLanguage(html.lang);
}

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
// way a host's own sign-in would: the session is shared by every element naming the same backend
// (on the server, through its httpOnly session cookie and the CSRF token the adapter keeps).
const signInButton = document.getElementById('demo-sign-in');
const signInStatus = document.getElementById('demo-sign-in-status');
const session = sessionFor(adapter);
function showSession(state) {
  signInButton.hidden = state.status === 'signed-in';
  signInStatus.textContent =
    state.status === 'signed-in' ? (es() ? 'Sesión iniciada como Ana.' : 'Signed in as Ana.') : '';
}
session.subscribe(showSession);
signInButton.addEventListener('click', async () => {
  if (!info.patientEmail) return;
  try {
    const result = await adapter.signIn({email: info.patientEmail, password: info.patientPassword});
    if (result.status === 'signed-in') session.signedIn(result.session);
  } catch {
    signInStatus.textContent = es() ? 'No se pudo iniciar sesión.' : 'Could not sign in.';
  }
});

// Reminders (72, 24 and 1 hour before): the server's scheduler sends them every minute; this
// button runs its reminder pass now (the in-memory clinic sends them only when asked).
const remindersButton = document.getElementById('demo-send-reminders');
const remindersStatus = document.getElementById('demo-reminders-status');
remindersButton.addEventListener('click', async () => {
  let text;
  if (IN_MEMORY) {
    const sent = (await adapter.sendDueReminders?.()) ?? 0;
    text =
      sent === 0
        ? es()
          ? 'No hay recordatorios pendientes.'
          : 'No reminders are due.'
        : es()
          ? `Mensajes enviados: ${sent}. Véalos en la bandeja de salida.`
          : `${sent} messages sent. See them in the outbox.`;
  } else {
    const result = await dev('/reminders', {method: 'POST', headers: {'X-CSRF-Token': 'demo'}});
    await pollOutbox();
    text = !result
      ? es()
        ? 'La bandeja de salida de desarrollo no está activa en este servidor.'
        : 'The development tools are off on this server.'
      : result.sent === 0
        ? es()
          ? 'No hay recordatorios pendientes.'
          : 'No reminders are due.'
        : es()
          ? `Recordatorios enviados para ${result.sent} cita(s). Véalos en la bandeja de salida.`
          : `Reminders sent for ${result.sent} appointment(s). See them in the outbox.`;
  }
  remindersStatus.textContent = text;
});

const list = document.getElementById('outbox');
const empty = document.getElementById('outbox-empty');
let shown = [];
function renderOutbox(messages) {
  shown = messages;
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

// Link labels and dates follow the page's language.
for (const b of document.querySelectorAll('[data-lang]'))
  b.addEventListener('click', () => renderOutbox(shown));

// The server's development outbox: what the server "sent" (email, SMS, voice), read every few
// seconds. The URL carries only the last message's sequence number, never patient data.
const POLL_MS = 2000;
const serverMessages = [];
let lastSeq = 0;
/** Reads what is new; calls queue up, so a read asked for after an action sees what it sent. */
async function readOutbox() {
  for (;;) {
    const page = await dev(`/outbox?after=${lastSeq}`);
    if (!page) {
      if (serverMessages.length === 0) {
        empty.dataset.en = 'The development outbox is off on this server.';
        empty.dataset.es = 'La bandeja de salida de desarrollo no está activa en este servidor.';
        applyLanguage(html.lang);
      }
      return;
    }
    if (page.messages.length === 0) return;
    serverMessages.push(...page.messages);
    lastSeq = page.last;
    renderOutbox(serverMessages);
  }
}
let polling = Promise.resolve();
function pollOutbox() {
  polling = polling.then(readOutbox);
  return polling;
}

if (IN_MEMORY) {
  if (adapter.outbox) {
    renderOutbox(adapter.outbox.messages ?? []);
    adapter.outbox.subscribe?.((messages) => renderOutbox(messages));
  }
} else {
  const tick = async () => {
    if (!document.hidden) await pollOutbox();
    setTimeout(tick, POLL_MS);
  };
  void tick();
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) void pollOutbox();
  });
}
