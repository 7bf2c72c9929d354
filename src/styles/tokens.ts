import {css} from 'lit';

/** The dark palette's defaults (host-set `--portal-*` tokens still win). */
const dark = css`
  --_accent: var(--portal-color-accent, #8cc4ff);
  --_accent-hover: var(--portal-color-accent-hover, #b5d9ff);
  --_on-accent: var(--portal-color-on-accent, #0b1a2b);
  --_surface: var(--portal-color-surface, #16191d);
  --_surface-2: var(--portal-color-surface-raised, #22272e);
  --_text: var(--portal-color-text, #eef1f4);
  --_muted: var(--portal-color-text-muted, #b6bfca);
  --_border: var(--portal-color-border, #8a96a3);
  --_danger: var(--portal-color-danger, #ffb4ab);
  --_danger-surface: var(--portal-color-danger-surface, #3b1512);
  --_success: var(--portal-color-success, #8fd6a0);
  --_success-surface: var(--portal-color-success-surface, #12301b);
  --_warning: var(--portal-color-warning, #ffd27a);
  --_warning-surface: var(--portal-color-warning-surface, #33270c);
  --_focus: var(--portal-color-focus, #8cc4ff);
  --_demo: var(--portal-color-demo, #d9b8ff);
  color-scheme: dark;
`;

/**
 * Design tokens. Every element reads its colours, type, radii and spacing from `--portal-*`
 * custom properties the host page may set (they inherit through shadow roots), with these
 * defaults. Light by default; dark under `prefers-color-scheme: dark` unless the element has
 * `color-scheme="light"`, and always with `color-scheme="dark"`. Host-set tokens win in both.
 *
 * Contrast of the defaults (checked with axe in every element test): text on surface ≥ 7:1,
 * muted text ≥ 4.5:1, borders and focus ring ≥ 3:1 in both schemes.
 */
export const tokens = css`
  :host {
    --_accent: var(--portal-color-accent, #0b5cad);
    --_accent-hover: var(--portal-color-accent-hover, #084a8c);
    --_on-accent: var(--portal-color-on-accent, #ffffff);
    --_surface: var(--portal-color-surface, #ffffff);
    --_surface-2: var(--portal-color-surface-raised, #f3f5f8);
    --_text: var(--portal-color-text, #1b1f24);
    --_muted: var(--portal-color-text-muted, #4f5965);
    --_border: var(--portal-color-border, #7b8794);
    --_danger: var(--portal-color-danger, #b3261e);
    --_danger-surface: var(--portal-color-danger-surface, #fdecea);
    --_success: var(--portal-color-success, #1d6b34);
    --_success-surface: var(--portal-color-success-surface, #e7f4ea);
    --_warning: var(--portal-color-warning, #7a4b00);
    --_warning-surface: var(--portal-color-warning-surface, #fff4dc);
    --_focus: var(--portal-color-focus, #0b5cad);
    --_demo: var(--portal-color-demo, #6b2fa3);
    --_font: var(--portal-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --_font-size: var(--portal-font-size, 1rem);
    --_radius: var(--portal-radius, 0.5rem);
    --_space: var(--portal-space, 1rem);
    --_shadow: var(--portal-shadow, 0 1px 3px rgb(0 0 0 / 0.12));
    color-scheme: light;
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([color-scheme='light'])) {
      ${dark}
    }
  }
  :host([color-scheme='dark']) {
    ${dark}
  }
`;

/** Shared element styles: host box, type, buttons, fields, messages, focus, reduced motion. */
export const elementStyles = css`
  :host {
    display: block;
    box-sizing: border-box;
    font-family: var(--_font);
    font-size: var(--_font-size);
    line-height: 1.5;
    color: var(--_text);
    background: var(--_surface);
    border-radius: var(--_radius);
    overflow-wrap: anywhere;
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  :focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }
  button,
  .button {
    font: inherit;
    min-height: 2.75rem;
    min-width: 2.75rem;
    padding: 0.5rem 1rem;
    border-radius: var(--_radius);
    border: 1px solid var(--_accent);
    background: var(--_surface);
    color: var(--_accent);
    cursor: pointer;
    text-decoration: none;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 0.5rem;
  }
  button.primary,
  .button.primary {
    background: var(--_accent);
    color: var(--_on-accent);
  }
  button.primary:hover:not(:disabled) {
    background: var(--_accent-hover);
    border-color: var(--_accent-hover);
  }
  button:disabled {
    cursor: not-allowed;
    opacity: 0.6;
  }
  a {
    color: var(--_accent);
  }
  .notice {
    padding: 0.75rem var(--_space);
    border-radius: var(--_radius);
    border: 1px solid var(--_border);
    background: var(--_surface-2);
  }
  .notice.error {
    border-color: var(--_danger);
    background: var(--_danger-surface);
    color: var(--_text);
  }
  .notice.success {
    border-color: var(--_success);
    background: var(--_success-surface);
  }
  .notice.warning {
    border-color: var(--_warning);
    background: var(--_warning-surface);
  }
  .demo-marker {
    display: inline-block;
    font-size: 0.875rem;
    font-weight: 600;
    padding: 0.125rem 0.5rem;
    border: 2px dashed var(--_demo);
    color: var(--_demo);
    border-radius: var(--_radius);
  }
  .field-error {
    margin: 0.375rem 0 0;
    padding-inline-start: 0.5rem;
    border-inline-start: 4px solid var(--_danger);
    color: var(--_danger);
    font-weight: 600;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
  @media (prefers-reduced-motion: reduce) {
    *,
    *::before,
    *::after {
      animation: none !important;
      transition: none !important;
      scroll-behavior: auto !important;
    }
  }
`;

/** The frame of a full element (booking, reminders…): a bordered panel with a title bar and headings. */
export const panelStyles = css`
  :host {
    padding: clamp(0.75rem, 3vw, 1.5rem);
    border: 1px solid var(--_border);
    max-width: 48rem;
  }
  .header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.5rem;
  }
  h2,
  h3 {
    margin: 0;
    line-height: 1.25;
  }
  h2 {
    font-size: 1.375rem;
  }
`;
