import '../src/define/patient-profile.js';
import type {Meta, StoryObj} from '@storybook/web-components-vite';
import {html} from 'lit';
import {
  createDemoAdapter,
  DEMO_PATIENT_EMAIL,
  DEMO_PATIENT_PASSWORD,
  type MemoryAdapter,
} from '../src/adapters/memory/index.js';
import {NetworkError} from '../src/adapters/adapter.js';
import {sessionFor} from '../src/adapters/registry.js';
import {until} from './support/drive.js';
import {CARMEN_EMAIL, registerCarmen} from './support/carmen.js';

// A fixed day for stable stories: Monday 2 March 2026, 10:00 in Mexico City.
const NOW = Date.UTC(2026, 2, 2, 16, 0);

const meta: Meta = {
  title: 'Elements/patient-profile',
  component: 'patient-profile',
  tags: ['autodocs'],
};
export default meta;
type Story = StoryObj;

function profile(
  options: {
    signedIn?: boolean;
    latencyMs?: number;
    profileOn?: boolean;
    medicalOn?: boolean;
    /** Off unless asked: the stories before insurance (#17 item 5) keep their baselines. */
    insuranceOn?: boolean;
    /** Off unless asked: the stories before the photo (#17 item 3) keep their baselines. */
    photoOn?: boolean;
    /** Off unless asked: the stories before the adult's own invitation (#21) keep their baselines. */
    familyOn?: boolean;
    setup?: (a: MemoryAdapter) => void | Promise<unknown>;
  } = {},
) {
  const adapter = createDemoAdapter({
    clock: () => NOW,
    latencyMs: options.latencyMs,
    capabilities: {
      profile: options.profileOn ?? true,
      medical: options.medicalOn ?? true,
      insurance: options.insuranceOn ?? false,
      photo: options.photoOn ?? false,
      proxyInvitations: options.familyOn ?? false,
    },
  });
  if (options.signedIn !== false) {
    void adapter.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD}).then(async (r) => {
      await options.setup?.(adapter);
      if (r.status === 'signed-in') sessionFor(adapter).signedIn(r.session);
    });
  } else void options.setup?.(adapter);
  return html`<patient-profile .adapter=${adapter}></patient-profile>`;
}

export const SignedIn: Story = {render: () => profile()};
export const SignedOut: Story = {render: () => profile({signedIn: false})};
export const Loading: Story = {render: () => profile({latencyMs: 600_000})};
export const LoadError: Story = {
  render: () =>
    profile({
      setup: (a) =>
        a.failures.failNext(new NetworkError('server'), {operation: 'getProfile', times: Infinity}),
    }),
};
export const NotOffered: Story = {render: () => profile({profileOn: false})};

// Medical information (#17): the demo patient's lists (at the end of SignedIn), the section's load
// error (the rest of the profile works), and a backend without it (no section at all).
export const MedicalLoadError: Story = {
  render: () =>
    profile({
      setup: (a) =>
        a.failures.failNext(new NetworkError('server'), {operation: 'getMedicalInfo', times: Infinity}),
    }),
};
export const WithoutMedicalInformation: Story = {render: () => profile({medicalOn: false})};

// Insurance (#17 item 5): the section alone (medical information off, so it is in view), each
// state a patient meets: the demo patient's primary card, several cards, none, the limit reached,
// the add form, a refused member number, removing the primary, and the section's load error.
const insurance = (setup?: (a: MemoryAdapter) => Promise<unknown>) =>
  profile({insuranceOn: true, medicalOn: false, setup});
/** The insurance section once loaded (its cards, its add button or its error shown). */
const section = (canvas: HTMLElement) =>
  until(() => {
    const s = canvas
      .querySelector('patient-profile')
      ?.shadowRoot?.querySelector<HTMLElement>('section[part~=insurance]');
    // …and its cards' photos read (#17 item 5: no "Loading the photo…" left).
    return s?.querySelector('ul, [data-ins-add], .notice') &&
      !s.querySelector('input.card-photo-file[disabled]')
      ? s
      : undefined;
  });
const addCard = (a: MemoryAdapter, insurer: string, memberNumber: string, plan?: string) =>
  a.addInsuranceCard({insurer, memberNumber, ...(plan ? {plan} : {})});

/** The demo patient's card, marked "Primary". */
export const InsuranceCard: Story = {
  render: () => insurance(),
  play: async ({canvasElement}) => void (await section(canvasElement)),
};
/** Two cards: the primary first; the other has "Make primary". */
export const InsuranceSeveralCards: Story = {
  render: () => insurance((a) => addCard(a, 'GNP Seguros', 'GNP 0099-12', 'Plata')),
  play: async ({canvasElement}) => {
    const s = await section(canvasElement);
    await until(() => s.querySelector('[data-ins-primary]'));
  },
};
/** No card yet: "Add an insurance card". */
export const InsuranceNone: Story = {
  render: () =>
    insurance(async (a) => {
      for (const c of await a.listInsuranceCards()) await a.removeInsuranceCard(c.id);
    }),
  play: async ({canvasElement}) => {
    const s = await section(canvasElement);
    await until(() => s.querySelector('[data-ins-add]'));
  },
};
/** Five cards: no add button, the limit said in words. */
export const InsuranceLimitReached: Story = {
  render: () =>
    insurance(async (a) => {
      for (const [i, name] of ['AXA', 'GNP Seguros', 'MetLife', 'Allianz'].entries())
        await addCard(a, name, `M-${i + 1}`);
    }),
  play: async ({canvasElement}) => {
    const s = await section(canvasElement);
    await until(() => s.querySelectorAll('li').length === 5);
  },
};
/** The add form, its first field focused. */
export const InsuranceAddForm: Story = {
  render: () => insurance(),
  play: async ({canvasElement}) => {
    const s = await section(canvasElement);
    (await until(() => s.querySelector<HTMLButtonElement>('[data-ins-add]'))).click();
    await until(() => s.querySelector('#insurance-form'));
  },
};
/** A member number with other characters and no insurer: at each field and in the summary. */
export const InsuranceFieldErrors: Story = {
  render: () => insurance(),
  play: async ({canvasElement}) => {
    const s = await section(canvasElement);
    (await until(() => s.querySelector<HTMLButtonElement>('[data-ins-add]'))).click();
    const form = await until(() => s.querySelector<HTMLFormElement>('#insurance-form'));
    form.querySelector<HTMLInputElement>('[name=memberNumber]')!.value = '<script>alert(1)</script>';
    form.requestSubmit();
    await until(() => s.querySelector('[data-summary=insurance]'));
  },
};
/** Removing the primary asks first and says which card becomes primary. */
export const InsuranceRemovePrimary: Story = {
  render: () => insurance((a) => addCard(a, 'GNP Seguros', 'GNP 0099-12')),
  play: async ({canvasElement}) => {
    const s = await section(canvasElement);
    (await until(() => s.querySelector<HTMLButtonElement>('[data-ins-remove]'))).click();
    await until(() => s.querySelector('[data-ins-confirm-remove]'));
  },
};
/** The cards could not be loaded: the rest of the profile works; "Try again". */
export const InsuranceLoadError: Story = {
  render: () =>
    profile({
      insuranceOn: true,
      medicalOn: false,
      setup: async (a) =>
        a.failures.failNext(new NetworkError('server'), {operation: 'listInsuranceCards', times: Infinity}),
    }),
  play: async ({canvasElement}) => void (await section(canvasElement)),
};

// The insurance cards' photos (#17 item 5): both sides drawn, a PDF renamed .jpg refused at the
// front's field, removing the back's photo asking first.
/** A 600 × 380 card drawn here (so the story needs no image file): its colour, a stripe, a chip. */
async function cardPhoto(colour: string): Promise<Uint8Array> {
  const canvas = document.createElement('canvas');
  canvas.width = 600;
  canvas.height = 380;
  const c = canvas.getContext('2d')!;
  c.fillStyle = colour;
  c.fillRect(0, 0, 600, 380);
  c.fillStyle = '#f2f2f2';
  c.fillRect(0, 60, 600, 70);
  c.fillStyle = '#f2c94c';
  c.fillRect(50, 200, 90, 70);
  const blob = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b!), 'image/png'));
  return new Uint8Array(await blob.arrayBuffer());
}
const withCardPhotos = async (a: MemoryAdapter) => {
  const [card] = await a.listInsuranceCards();
  await a.uploadInsuranceCardPhoto(card!.id, 'front', await cardPhoto('#2f6f8f'));
  await a.uploadInsuranceCardPhoto(card!.id, 'back', await cardPhoto('#6b5b95'));
};
/** Both sides drawn; "Replace the front photo", "Remove photo". */
export const InsuranceCardPhotos: Story = {
  render: () => insurance(withCardPhotos),
  play: async ({canvasElement}) => {
    const s = await section(canvasElement);
    await until(() => s.querySelectorAll('canvas.card-photo').length === 2);
    await drawn(s.querySelector<HTMLCanvasElement>('canvas.card-photo')!);
  },
};
/** A PDF renamed .jpg chosen for the front: refused at its field, nothing sent. */
export const InsuranceCardPhotoRefused: Story = {
  render: () => insurance(),
  play: async ({canvasElement}) => {
    const s = await section(canvasElement);
    const input = s.querySelector<HTMLInputElement>('input.card-photo-file')!;
    const dt = new DataTransfer();
    dt.items.add(new File(['%PDF-1.7\n%%EOF\n'], 'card.jpg', {type: 'image/jpeg'}));
    input.files = dt.files;
    input.dispatchEvent(new Event('change'));
    await until(() => s.querySelector('.card-photos .notice.error'));
  },
};
/** Removing the back's photo asks first. */
export const InsuranceCardPhotoRemove: Story = {
  render: () => insurance(withCardPhotos),
  play: async ({canvasElement}) => {
    const s = await section(canvasElement);
    const remove = await until(() => s.querySelectorAll<HTMLButtonElement>('[data-card-photo-remove]')[1]);
    remove.click();
    await until(() => s.querySelector('[data-card-photo-confirm]'));
    await drawn(s.querySelector<HTMLCanvasElement>('canvas.card-photo')!);
  },
};

// The photo (#17 item 3): the section alone (medical information off), each state a patient meets:
// the demo patient's photo, none yet, a photo chosen and being cropped, a PDF renamed .jpg refused,
// removing asks first, and the section's load error.
const photo = (setup?: (a: MemoryAdapter) => Promise<unknown>) =>
  profile({photoOn: true, medicalOn: false, setup});
/** The photo section once loaded (its file field or its error shown). */
const photoSection = (canvas: HTMLElement) =>
  until(() => {
    const s = canvas
      .querySelector('patient-profile')
      ?.shadowRoot?.querySelector<HTMLElement>('section[part~=photo]');
    return s?.querySelector('#photo-file, .notice') ? s : undefined;
  });
/** Chooses a file in the section's field, as the browser's picker would. */
function choosePhoto(s: HTMLElement, file: File) {
  const input = s.querySelector<HTMLInputElement>('#photo-file')!;
  const dt = new DataTransfer();
  dt.items.add(file);
  input.files = dt.files;
  input.dispatchEvent(new Event('change'));
}
/** A 640 × 480 picture: sky, a hill and a sun, drawn here so the story needs no image file. */
async function landscape(): Promise<File> {
  const canvas = document.createElement('canvas');
  canvas.width = 640;
  canvas.height = 480;
  const c = canvas.getContext('2d')!;
  c.fillStyle = '#9fd3f0';
  c.fillRect(0, 0, 640, 480);
  c.fillStyle = '#f2c94c';
  c.beginPath();
  c.arc(470, 150, 70, 0, 2 * Math.PI);
  c.fill();
  c.fillStyle = '#4f8a5b';
  c.beginPath();
  c.ellipse(260, 480, 380, 190, 0, Math.PI, 2 * Math.PI);
  c.fill();
  const blob = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b!), 'image/png'));
  return new File([blob], 'landscape.png', {type: 'image/png'});
}
/** Her photo is drawn once its pixels are in the canvas. */
const drawn = (canvas: HTMLCanvasElement) =>
  until(
    () => canvas.getContext('2d')!.getImageData(canvas.width / 2, canvas.height / 2, 1, 1).data[3] === 255,
  );

/** The demo patient's photo, drawn from the backend's bytes; "Choose a new photo", "Remove photo". */
export const PhotoCurrent: Story = {
  render: () => photo(),
  play: async ({canvasElement}) => {
    const s = await photoSection(canvasElement);
    await drawn(await until(() => s.querySelector<HTMLCanvasElement>('#photo-current')));
  },
};
/** No photo yet: "Choose a photo". */
export const PhotoNone: Story = {
  render: () => photo((a) => a.removeProfilePhoto()),
  play: async ({canvasElement}) => {
    const s = await photoSection(canvasElement);
    await until(() => !s.querySelector('#photo-current') && s.querySelector('#photo-file'));
  },
};
/** A photo chosen: the preview of the square, zoomed and moved with the sliders, Save photo. */
export const PhotoCrop: Story = {
  render: () => photo(),
  play: async ({canvasElement}) => {
    const s = await photoSection(canvasElement);
    choosePhoto(s, await landscape());
    const zoom = await until(() => s.querySelector<HTMLInputElement>('#photo-zoom'));
    zoom.value = '150';
    zoom.dispatchEvent(new Event('input'));
    const x = s.querySelector<HTMLInputElement>('#photo-x')!;
    x.value = '80';
    x.dispatchEvent(new Event('input'));
    await drawn(s.querySelector<HTMLCanvasElement>('#photo-preview')!);
  },
};
/** A PDF renamed .jpg: refused with its message at the field, nothing sent. */
export const PhotoRefused: Story = {
  render: () => photo(),
  play: async ({canvasElement}) => {
    const s = await photoSection(canvasElement);
    choosePhoto(s, new File(['%PDF-1.7\n%%EOF\n'], 'me.jpg', {type: 'image/jpeg'}));
    await until(() => s.querySelector('[data-summary=photo]'));
  },
};
/** Removing the photo asks first. */
export const PhotoRemove: Story = {
  render: () => photo(),
  play: async ({canvasElement}) => {
    const s = await photoSection(canvasElement);
    await drawn(await until(() => s.querySelector<HTMLCanvasElement>('#photo-current')));
    (await until(() => s.querySelector<HTMLButtonElement>('[data-photo-remove]'))).click();
    await until(() => s.querySelector('[data-photo-confirm-remove]'));
  },
};
/** The photo could not be loaded: the rest of the profile works; "Try again". */
export const PhotoLoadError: Story = {
  render: () =>
    photo(async (a) =>
      a.failures.failNext(new NetworkError('server'), {operation: 'getProfilePhoto', times: Infinity}),
    ),
  play: async ({canvasElement}) => void (await photoSection(canvasElement)),
};

// The security question (#17 item 2, seed 002; the demo clinic offers one): the section alone
// (medical information off), once she set a question, and a wrong current password refused.
/** The security question section (its form shown). */
const securitySection = (canvas: HTMLElement) =>
  until(() =>
    canvas
      .querySelector('patient-profile')
      ?.shadowRoot?.querySelector<HTMLElement>('section[aria-labelledby="h-security"]'),
  );
/** She set a question: it is shown (never its answer), with "Change security question". */
export const SecurityQuestionSet: Story = {
  render: () =>
    profile({
      medicalOn: false,
      setup: (a) =>
        a.setSecurityAnswer({
          currentPassword: DEMO_PATIENT_PASSWORD,
          question: '¿Nombre de mi primera mascota?',
          answer: 'Canela',
        }),
    }),
  play: async ({canvasElement}) => {
    const s = await securitySection(canvasElement);
    await until(() => s.querySelector('strong'));
  },
};
/** The clinic's setting changed (as its configuration would): the demo's data, after its seed. */
async function clinicSetting(a: MemoryAdapter, securityQuestion: 'optional' | 'required') {
  await a.ready;
  a.state.data = {...a.state.data, clinic: {...a.state.data.clinic, securityQuestion}};
}
const setQuestion = (a: MemoryAdapter) =>
  a.setSecurityAnswer({currentPassword: DEMO_PATIENT_PASSWORD, question: 'Ciudad natal', answer: 'Oaxaca'});
/** "Remove security question" asks first, with her current password (the clinic leaves it optional). */
export const SecurityQuestionRemove: Story = {
  render: () => profile({medicalOn: false, setup: setQuestion}),
  play: async ({canvasElement}) => {
    const s = await securitySection(canvasElement);
    (await until(() => s.querySelector<HTMLButtonElement>('[data-open=security-remove]'))).click();
    await until(() => s.querySelector('#securityRemove-currentPassword'));
  },
};
/** The clinic requires a question and she has none: asked first thing in her profile. */
export const SecurityQuestionRequired: Story = {
  render: () => profile({medicalOn: false, setup: (a) => clinicSetting(a, 'required')}),
  play: async ({canvasElement}) =>
    void (await until(() =>
      canvasElement.querySelector('patient-profile')?.shadowRoot?.querySelector('[part~=security-notice]'),
    )),
};
/** The clinic requires a question and she set one: she may change it, not remove it. */
export const SecurityQuestionRequiredSet: Story = {
  render: () =>
    profile({
      medicalOn: false,
      setup: async (a) => (await clinicSetting(a, 'required'), await setQuestion(a)),
    }),
  play: async ({canvasElement}) => {
    const s = await securitySection(canvasElement);
    await until(() => s.querySelector('strong'));
  },
};
/** A wrong current password: at the field and in the summary that takes focus; nothing stored. */
export const SecurityQuestionWrongPassword: Story = {
  render: () => profile({medicalOn: false}),
  play: async ({canvasElement}) => {
    const s = await securitySection(canvasElement);
    const form = s.querySelector('form')!;
    form.querySelector<HTMLInputElement>('[name=question]')!.value = '¿Mi primer colegio?';
    form.querySelector<HTMLInputElement>('[name=answer]')!.value = 'San José';
    form.querySelector<HTMLInputElement>('[name=currentPassword]')!.value = 'not my password';
    form.requestSubmit();
    await until(() => s.querySelector('[data-summary=security]'));
  },
};

// The preferred name and the postal address (#17 item 1): the address section alone in view
// (medical information off), in the clinic's country's fields or another country's.
/** The postal address section. */
const addressSection = (canvas: HTMLElement) =>
  until(() =>
    canvas
      .querySelector('patient-profile')
      ?.shadowRoot?.querySelector<HTMLElement>('section[aria-labelledby="h-address"]'),
  );
const saveAddress = (a: MemoryAdapter) =>
  a.updateProfile({
    preferredName: 'Anita',
    address: {
      country: 'MX',
      line1: 'Av. Álvaro Obregón 120',
      line2: 'Int. 4',
      neighborhood: 'Roma Norte',
      postalCode: '06700',
      city: 'Cuauhtémoc',
      region: 'Ciudad de México',
    },
  });
/** Her preferred name and a Mexican address on file: calle y número, interior, colonia, código postal, municipio, estado. */
export const AddressMexico: Story = {
  render: () => profile({medicalOn: false, setup: saveAddress}),
  play: async ({canvasElement}) => {
    const s = await addressSection(canvasElement);
    await until(() => s.querySelector<HTMLInputElement>('[name=postalCode]')?.value === '06700');
  },
};
/** She picked the United States: a street, city, state by name and ZIP code. */
export const AddressUnitedStates: Story = {
  render: () => profile({medicalOn: false}),
  play: async ({canvasElement}) => {
    const s = await addressSection(canvasElement);
    const country = s.querySelector<HTMLSelectElement>('[name=country]')!;
    country.value = 'US';
    country.dispatchEvent(new Event('change'));
    await until(() => s.querySelector('select[name=region] option[value=TX]'));
  },
};
/** A Canadian postal code of the wrong shape and no province: at the fields and in the summary that takes focus. */
export const AddressFieldErrors: Story = {
  render: () => profile({medicalOn: false}),
  play: async ({canvasElement}) => {
    const s = await addressSection(canvasElement);
    const country = s.querySelector<HTMLSelectElement>('[name=country]')!;
    country.value = 'CA';
    country.dispatchEvent(new Event('change'));
    await until(() => s.querySelector('select[name=region] option[value=ON]'));
    s.querySelector<HTMLInputElement>('[name=line1]')!.value = '100 Queen St W';
    s.querySelector<HTMLInputElement>('[name=city]')!.value = 'Toronto';
    s.querySelector<HTMLInputElement>('[name=postalCode]')!.value = '12345';
    s.querySelector('form')!.requestSubmit();
    await until(() => s.querySelector('[data-summary=address]'));
  },
};
/** The clinic keeps her name and date of birth as on her ID: shown, with its phone to correct them. */
export const IdentityReadOnly: Story = {
  render: () =>
    profile({
      medicalOn: false,
      setup: async (a) => {
        await a.ready;
        a.state.data = {...a.state.data, clinic: {...a.state.data.clinic, identityReadOnly: true}};
      },
    }),
  play: async ({canvasElement}) =>
    void (await until(() =>
      canvasElement.querySelector('patient-profile')?.shadowRoot?.querySelector('[part~=identity]'),
    )),
};
// Family and shared access (#21, the adult's own invitation): the section alone (medical
// information off): a relative who accepted, with "Remove access", and an invitation waiting; the
// invite form with her own address refused.
const familySection = (canvas: HTMLElement) =>
  until(() => {
    const s = canvas
      .querySelector('patient-profile')
      ?.shadowRoot?.querySelector<HTMLElement>('section[part~=family]');
    return s?.querySelector('ul, [data-family-invite]') ? s : undefined;
  });

/** Carmen accepted (all her information, since today); an invitation to Luis waits. */
export const FamilyAndSharedAccess: Story = {
  render: () =>
    profile({
      familyOn: true,
      medicalOn: false,
      setup: async (a) => {
        // Carmen registers, Ana invites her, Carmen accepts; then Ana invites Luis.
        await a.inviteProxy({email: CARMEN_EMAIL, scope: 'full', relationship: 'daughter'});
        const token = new URL(a.outbox.latest({to: CARMEN_EMAIL})!.links['accept-invitation']!).hash.split(
          '=',
        )[1]!;
        await a.signOut();
        await registerCarmen(a);
        await a.answerProxyInvitation(token, 'accept');
        await a.signOut();
        await a.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
        await a.inviteProxy({email: 'luis@demo.clinic', scope: 'appointments', relationship: 'partner'});
      },
    }),
  play: async ({canvasElement}) => {
    const s = await familySection(canvasElement);
    await until(() => s.querySelector('[data-family-revoke]') && s.querySelector('[data-family-withdraw]'));
  },
};
/** The invite form: her own address, refused at the field and in the summary that takes focus. */
export const FamilyInviteOwnAddress: Story = {
  render: () => profile({familyOn: true, medicalOn: false}),
  play: async ({canvasElement}) => {
    const s = await familySection(canvasElement);
    (await until(() => s.querySelector<HTMLButtonElement>('[data-family-invite]'))).click();
    const form = await until(() => s.querySelector<HTMLFormElement>('#family-form'));
    form.querySelector<HTMLInputElement>('[name=email]')!.value = DEMO_PATIENT_EMAIL;
    form.requestSubmit();
    await until(() => s.querySelector('[data-summary=family]'));
  },
};
