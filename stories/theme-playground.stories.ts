/**
 * The theme playground: a designer tries a clinic's brand on a realistic clinic page made of the
 * elements. Every control is one public `--portal-*` custom property; the page gets exactly the
 * CSS block the "Copy CSS" button gives (through a constructed style sheet — no inline styles,
 * styleMap or innerHTML), a contrast report warns below WCAG AA, and three clinic presets plus a
 * dark one show where to start.
 */
import type {Meta, StoryObj} from '@storybook/web-components-vite';
import {html} from 'lit';
import {addons} from 'storybook/preview-api';
import '../src/define.js';
import {until} from './support/drive.js';

interface Token {
  arg: string;
  name: string;
  label: string;
}

/** The colour tokens, in the order a designer thinks of them. */
const COLORS: Token[] = [
  {arg: 'accent', name: '--portal-color-accent', label: 'Accent (buttons, links, selection)'},
  {arg: 'accentHover', name: '--portal-color-accent-hover', label: 'Accent on hover'},
  {arg: 'onAccent', name: '--portal-color-on-accent', label: 'Text on accent'},
  {arg: 'surface', name: '--portal-color-surface', label: 'Surface (element background)'},
  {arg: 'surfaceRaised', name: '--portal-color-surface-raised', label: 'Raised surface (cards, groups)'},
  {arg: 'text', name: '--portal-color-text', label: 'Text'},
  {arg: 'textMuted', name: '--portal-color-text-muted', label: 'Secondary text'},
  {arg: 'border', name: '--portal-color-border', label: 'Borders of fields'},
  {arg: 'focus', name: '--portal-color-focus', label: 'Focus ring'},
  {arg: 'danger', name: '--portal-color-danger', label: 'Errors'},
  {arg: 'dangerSurface', name: '--portal-color-danger-surface', label: 'Error background'},
  {arg: 'success', name: '--portal-color-success', label: 'Success'},
  {arg: 'successSurface', name: '--portal-color-success-surface', label: 'Success background'},
  {arg: 'warning', name: '--portal-color-warning', label: 'Warnings'},
  {arg: 'warningSurface', name: '--portal-color-warning-surface', label: 'Warning background'},
];

const FONTS: Record<string, string> = {
  'System UI': 'system-ui, sans-serif',
  'Humanist sans (Verdana)': 'Verdana, "DejaVu Sans", sans-serif',
  'Serif (Georgia)': 'Georgia, "DejaVu Serif", serif',
  'Rounded (Trebuchet)': '"Trebuchet MS", "DejaVu Sans", sans-serif',
};
const DENSITY: Record<string, string> = {compact: '0.75rem', regular: '1rem', roomy: '1.25rem'};
const FONT_SIZE: Record<string, string> = {small: '0.9375rem', regular: '1rem', large: '1.125rem'};

interface Theme {
  [color: string]: string | number | boolean;
  font: string;
  fontSize: string;
  radius: number;
  density: string;
  dark: boolean;
  clinic: string;
}

/** The `:root { --portal-… }` block a clinic's developer pastes into the site's stylesheet. */
function themeCss(theme: Theme, selector = ':root'): string {
  const lines = COLORS.map((t) => `  ${t.name}: ${String(theme[t.arg])};`);
  lines.push(`  --portal-font-family: ${FONTS[theme.font] ?? FONTS['System UI']};`);
  lines.push(`  --portal-font-size: ${FONT_SIZE[theme.fontSize] ?? '1rem'};`);
  lines.push(`  --portal-radius: ${theme.radius}px;`);
  lines.push(`  --portal-space: ${DENSITY[theme.density] ?? '1rem'};`);
  const note = theme.dark
    ? `/* A dark theme: put color-scheme="dark" on <patient-portal> (or wrap this block in\n   @media (prefers-color-scheme: dark) to follow the patient's setting). */\n`
    : '';
  return `${note}${selector} {\n${lines.join('\n')}\n}\n`;
}

// --- contrast (WCAG 2.x relative luminance) ------------------------------------------------------

let probe: CanvasRenderingContext2D | null | undefined;
/** Any CSS colour → [r, g, b] (0–255), through the canvas's own colour parser. */
function rgb(color: string): [number, number, number] | undefined {
  probe ??= document.createElement('canvas').getContext('2d');
  if (!probe) return undefined;
  probe.fillStyle = '#000000';
  probe.fillStyle = color;
  const value = String(probe.fillStyle);
  if (value.startsWith('#')) {
    const n = parseInt(value.slice(1), 16);
    return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  }
  const m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)/.exec(value);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

function luminance([r, g, b]: [number, number, number]): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

function contrast(a: string, b: string): number | undefined {
  const ca = rgb(a);
  const cb = rgb(b);
  if (!ca || !cb) return undefined;
  const [hi, lo] = [luminance(ca), luminance(cb)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** What must stay readable: text needs 4.5:1 (AA), borders and the focus ring 3:1 (non-text). */
const PAIRS: [string, string, string, number][] = [
  ['Text on surface', 'text', 'surface', 4.5],
  ['Secondary text on surface', 'textMuted', 'surface', 4.5],
  ['Secondary text on raised surface', 'textMuted', 'surfaceRaised', 4.5],
  ['Links and outline buttons on surface', 'accent', 'surface', 4.5],
  ['Button label on accent', 'onAccent', 'accent', 4.5],
  ['Button label on accent (hover)', 'onAccent', 'accentHover', 4.5],
  ['Field borders on surface', 'border', 'surface', 3],
  ['Focus ring on surface', 'focus', 'surface', 3],
  ['Errors on surface', 'danger', 'surface', 4.5],
  ['Errors on error background', 'danger', 'dangerSurface', 4.5],
  ['Success on success background', 'success', 'successSurface', 4.5],
  ['Warnings on warning background', 'warning', 'warningSurface', 4.5],
];

function contrastReport(theme: Theme) {
  const rows = PAIRS.map(([label, fg, bg, min]) => {
    const ratio = contrast(String(theme[fg]), String(theme[bg]));
    return {label, ratio, min, ok: ratio !== undefined && ratio >= min};
  });
  const failing = rows.filter((r) => !r.ok).length;
  return html`<section class="pg-report" aria-labelledby="pg-report-title">
    <h2 id="pg-report-title">Contrast (WCAG AA)</h2>
    <p class=${failing ? 'pg-warn' : 'pg-ok'} role="status">
      ${
        failing
          ? `${failing} of ${rows.length} pairs fall below WCAG AA — patients with low vision may not read them.`
          : `All ${rows.length} pairs meet WCAG AA.`
      }
    </p>
    <table>
      <thead>
        <tr>
          <th scope="col">Pair</th>
          <th scope="col">Ratio</th>
          <th scope="col">Needs</th>
          <th scope="col">Result</th>
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          (r) =>
            html`<tr class=${r.ok ? '' : 'pg-fail'}>
              <th scope="row">${r.label}</th>
              <td>${r.ratio === undefined ? '?' : `${r.ratio.toFixed(2)}:1`}</td>
              <td>${r.min}:1</td>
              <td>${r.ok ? 'Passes AA' : '⚠ Below AA'}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}

// --- applying the theme --------------------------------------------------------------------------

/** The page's themes go through one constructed style sheet (allowed under `style-src 'self'`). */
let sheet: CSSStyleSheet | undefined;
function applyTheme(theme: Theme) {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  }
  sheet.replaceSync(themeCss(theme, '.pg-clinic'));
}

async function copyCss(event: Event) {
  const button = event.currentTarget as HTMLButtonElement;
  const panel = button.closest('.pg-css')!;
  const code = panel.querySelector('pre')!;
  const status = panel.querySelector('.pg-copy-status')!;
  try {
    await navigator.clipboard.writeText(code.textContent ?? '');
    status.textContent = 'Copied. Paste it into the clinic site’s stylesheet.';
  } catch {
    // No clipboard (an insecure page, a denied permission): select it for Ctrl+C / ⌘C.
    getSelection()?.selectAllChildren(code);
    status.textContent = 'Selected — press Ctrl+C (⌘C) to copy.';
  }
}

const pageStyles = html`<style>
  .pg {
    display: grid;
    gap: 1.5rem;
    font-family: system-ui, sans-serif;
    color: #1b1f24;
  }
  .pg-clinic {
    background: var(--portal-color-surface-raised);
    color: var(--portal-color-text);
    font-family: var(--portal-font-family);
    border-radius: 0.5rem;
    overflow: hidden;
    border: 1px solid #7b8794;
  }
  .pg-clinic header {
    background: var(--portal-color-accent);
    color: var(--portal-color-on-accent);
    padding: 0.75rem 1.25rem;
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 2rem;
    align-items: center;
    justify-content: space-between;
  }
  .pg-clinic header strong {
    font-size: 1.25rem;
  }
  .pg-clinic nav ul {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 1.25rem;
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .pg-clinic nav a {
    color: inherit;
    display: inline-block;
    padding: 0.5rem 0;
  }
  .pg-clinic .pg-hero {
    padding: 1.25rem 1.25rem 1.5rem;
  }
  .pg-clinic .pg-hero h1 {
    margin: 0 0 0.25rem;
    font-size: 1.75rem;
  }
  .pg-clinic .pg-hero p {
    margin: 0;
    color: var(--portal-color-text-muted);
  }
  .pg-clinic .pg-body {
    display: grid;
    gap: 1.25rem;
    padding: 1.25rem;
    grid-template-columns: minmax(0, 1fr);
  }
  @media (min-width: 900px) {
    .pg-clinic .pg-body {
      grid-template-columns: minmax(0, 2fr) minmax(0, 1fr);
      align-items: start;
    }
  }
  .pg-tools {
    display: grid;
    gap: 1.5rem;
    grid-template-columns: minmax(0, 1fr);
  }
  @media (min-width: 900px) {
    .pg-tools {
      grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
    }
  }
  .pg h2 {
    font-size: 1.125rem;
    margin: 0 0 0.5rem;
  }
  .pg-report table {
    border-collapse: collapse;
    width: 100%;
    font-size: 0.875rem;
  }
  .pg-report th,
  .pg-report td {
    text-align: left;
    padding: 0.25rem 0.5rem;
    border-bottom: 1px solid #c9d1d9;
  }
  .pg-report tbody th {
    font-weight: normal;
  }
  .pg-report .pg-fail {
    background: #fdecea;
    color: #8c1d18;
  }
  .pg-warn {
    color: #8c1d18;
    font-weight: 600;
  }
  .pg-ok {
    color: #1d6b34;
    font-weight: 600;
  }
  .pg-css pre {
    background: #f3f5f8;
    border: 1px solid #7b8794;
    border-radius: 0.375rem;
    padding: 0.75rem;
    overflow-x: auto;
    font-size: 0.8125rem;
    margin: 0 0 0.5rem;
  }
  .pg-css button {
    font: inherit;
    min-height: 2.75rem;
    padding: 0.5rem 1rem;
    border-radius: 0.375rem;
    border: 1px solid #0b5cad;
    background: #0b5cad;
    color: #fff;
    cursor: pointer;
  }
  .pg-css button:focus-visible {
    outline: 3px solid #0b5cad;
    outline-offset: 2px;
  }
  .pg-copy-status {
    min-height: 1.5em;
    margin: 0.25rem 0 0;
  }
</style>`;

function renderPlayground(theme: Theme) {
  applyTheme(theme);
  const scheme = theme.dark ? 'dark' : 'light';
  return html`${pageStyles}
    <div class="pg">
      <div class="pg-clinic" data-theme-preview>
        <header>
          <strong>${theme.clinic}</strong>
          <nav aria-label="Clinic site">
            <ul>
              <li><a href="#services">Services</a></li>
              <li><a href="#team">Our team</a></li>
              <li><a href="#visit">Visit us</a></li>
            </ul>
          </nav>
        </header>
        <div class="pg-hero">
          <h1>Book your visit</h1>
          <p>Online booking, your appointments and video visits — in English or Spanish.</p>
        </div>
        <patient-portal backend="demo" color-scheme=${scheme} data-keep-scheme>
          <div class="pg-body">
            <booking-widget color-scheme=${scheme} data-keep-scheme></booking-widget>
            <patient-login color-scheme=${scheme} data-keep-scheme></patient-login>
          </div>
        </patient-portal>
      </div>
      <div class="pg-tools">
        ${contrastReport(theme)}
        <section class="pg-css" aria-labelledby="pg-css-title">
          <h2 id="pg-css-title">CSS for the clinic’s developer</h2>
          <pre tabindex="0" aria-labelledby="pg-css-title"><code>${themeCss(theme)}</code></pre>
          <button type="button" @click=${copyCss}>Copy CSS</button>
          <p class="pg-copy-status" role="status"></p>
        </section>
      </div>
    </div>`;
}

// --- presets -------------------------------------------------------------------------------------

const status = {
  danger: '#b3261e',
  dangerSurface: '#fdecea',
  success: '#1d6b34',
  successSurface: '#e7f4ea',
  warning: '#7a4b00',
  warningSurface: '#fff4dc',
};

const calmTeal: Theme = {
  clinic: 'Harbor Family Clinic',
  accent: '#0f6b66',
  accentHover: '#0a4f4b',
  onAccent: '#ffffff',
  surface: '#ffffff',
  surfaceRaised: '#eef6f5',
  text: '#14302e',
  textMuted: '#45605d',
  border: '#6b8985',
  focus: '#0f6b66',
  ...status,
  font: 'System UI',
  fontSize: 'regular',
  radius: 12,
  density: 'regular',
  dark: false,
};

const warmDermatology: Theme = {
  clinic: 'Clínica Piel Cálida — Dermatology',
  accent: '#9a3b2b',
  accentHover: '#7a2e21',
  onAccent: '#ffffff',
  surface: '#fffaf6',
  surfaceRaised: '#f7ebe2',
  text: '#3a221d',
  textMuted: '#6b4c44',
  border: '#977870',
  focus: '#9a3b2b',
  ...status,
  dangerSurface: '#fbe5e1',
  font: 'Serif (Georgia)',
  fontSize: 'regular',
  radius: 20,
  density: 'roomy',
  dark: false,
};

const highContrast: Theme = {
  clinic: 'Northside Eye Clinic',
  accent: '#00298a',
  accentHover: '#001a57',
  onAccent: '#ffffff',
  surface: '#ffffff',
  surfaceRaised: '#f0f0f0',
  text: '#000000',
  textMuted: '#262626',
  border: '#000000',
  focus: '#b00000',
  danger: '#8c0000',
  dangerSurface: '#ffffff',
  success: '#00501e',
  successSurface: '#ffffff',
  warning: '#5a3300',
  warningSurface: '#ffffff',
  font: 'Humanist sans (Verdana)',
  fontSize: 'large',
  radius: 0,
  density: 'regular',
  dark: false,
};

const tealAtNight: Theme = {
  clinic: 'Harbor Family Clinic',
  accent: '#5fd0c4',
  accentHover: '#8fe0d7',
  onAccent: '#06201e',
  surface: '#102220',
  surfaceRaised: '#1a2f2d',
  text: '#e8f3f2',
  textMuted: '#a9c4c1',
  border: '#739893',
  focus: '#5fd0c4',
  danger: '#ffb4ab',
  dangerSurface: '#3b1512',
  success: '#8fd6a0',
  successSurface: '#12301b',
  warning: '#ffd27a',
  warningSurface: '#33270c',
  font: 'System UI',
  fontSize: 'regular',
  radius: 12,
  density: 'regular',
  dark: true,
};

const meta: Meta<Theme> = {
  title: 'Theme playground',
  render: (args) => renderPlayground(args),
  // The playground has its own dark control; the toolbar's scheme would fight it.
  globals: {scheme: 'light'},
  parameters: {
    // <patient-portal>'s region and <patient-login>'s inside it share the name "Patient portal"
    // (axe's best-practice landmark-unique): a defect of the elements, reported; not the theme's.
    a11y: {options: {rules: {'landmark-unique': {enabled: false}}}},
    layout: 'padded',
    controls: {expanded: true, sort: 'none'},
    docs: {
      description: {
        component:
          'Try a clinic’s brand on the elements: every control is a public `--portal-*` custom property. The contrast report warns below WCAG AA; “Copy CSS” gives the block for the clinic’s stylesheet.',
      },
    },
  },
  argTypes: {
    clinic: {control: 'text', name: 'Clinic name (page only)'},
    ...Object.fromEntries(
      COLORS.map((t) => [t.arg, {control: 'color', name: t.label, description: `\`${t.name}\``}]),
    ),
    font: {
      control: 'select',
      options: Object.keys(FONTS),
      name: 'Font family',
      description: '`--portal-font-family`',
    },
    fontSize: {
      control: 'inline-radio',
      options: Object.keys(FONT_SIZE),
      name: 'Text size',
      description: '`--portal-font-size`',
    },
    radius: {
      control: {type: 'range', min: 0, max: 24, step: 1},
      name: 'Corner radius (px)',
      description: '`--portal-radius`',
    },
    density: {
      control: 'inline-radio',
      options: Object.keys(DENSITY),
      name: 'Density',
      description: '`--portal-space`',
    },
    dark: {control: 'boolean', name: 'Dark mode', description: '`color-scheme="dark"` on `<patient-portal>`'},
  },
};
export default meta;
type Story = StoryObj<Theme>;

function primaryButton(canvas: HTMLElement): HTMLElement | null | undefined {
  return canvas
    .querySelector('booking-widget')
    ?.shadowRoot?.querySelector<HTMLElement>('[part~="primary-button"], button.primary');
}

export const CalmTeal: Story = {
  name: 'Calm teal (family clinic)',
  args: calmTeal,
  /** The tokens reach inside the elements, a control changes the page live, and Copy CSS answers. */
  play: async ({canvasElement, id, args}) => {
    const button = await until(() => primaryButton(canvasElement));
    const [r, g, b] = rgb(String(args['accent']))!;
    await until(() => getComputedStyle(button).backgroundColor === `rgb(${r}, ${g}, ${b})`);
    // What moving the radius control does: the story's args change, the page follows.
    const radius = args.radius;
    const channel = addons.getChannel();
    channel.emit('updateStoryArgs', {storyId: id, updatedArgs: {radius: 3}});
    await until(() => getComputedStyle(primaryButton(canvasElement)!).borderTopLeftRadius === '3px');
    channel.emit('updateStoryArgs', {storyId: id, updatedArgs: {radius}});
    await until(() => getComputedStyle(primaryButton(canvasElement)!).borderTopLeftRadius === `${radius}px`);
    const copy = await until(() =>
      [...canvasElement.querySelectorAll('button')].find((x) => x.textContent?.trim() === 'Copy CSS'),
    );
    copy.click();
    await until(() => canvasElement.querySelector('.pg-copy-status')?.textContent?.trim());
  },
};
export const WarmDermatology: Story = {name: 'Warm (dermatology clinic)', args: warmDermatology};
export const HighContrast: Story = {name: 'High contrast (eye clinic)', args: highContrast};
export const DarkMode: Story = {name: 'Dark mode (teal at night)', args: tealAtNight};
/** What the report says when a colour is too light: the accent and muted text below AA. */
export const ContrastWarning: Story = {
  name: 'Contrast warning (too-light accent)',
  args: {...calmTeal, accent: '#7fc8c2', textMuted: '#9ab0ae'},
  // The elements themselves fail axe with these colours — that is the point of the story.
  parameters: {a11y: {test: 'todo'}},
};
