import {css} from 'lit';

/** The element's own (shadow) styles: its frame, title and messages. */
export const styles = css`
  :host {
    max-width: 32rem;
  }
  ::slotted(*) {
    display: block;
  }
  .header {
    margin-bottom: 0.75rem;
  }
`;

/**
 * The forms live in the element's light DOM, where browsers' autofill and password managers reach
 * them (QUALITY 7). Their styles go to the document once, as a constructed style sheet (allowed
 * under a strict `style-src 'self'`), scoped to `patient-login`; the colours come from the
 * element's design tokens, which its light-DOM children inherit.
 */
export const lightCss = `
patient-login .ppl,
patient-login .ppl *,
patient-login .ppl *::before,
patient-login .ppl *::after {
  box-sizing: border-box;
}
patient-login .ppl {
  display: grid;
  gap: 0.875rem;
  font: inherit;
  color: var(--_text);
}
patient-login .ppl :focus-visible {
  outline: 3px solid var(--_focus);
  outline-offset: 2px;
}
patient-login .ppl h3 {
  font-size: 1.125rem;
  line-height: 1.25;
  margin: 0;
}
patient-login .ppl p {
  margin: 0;
}
patient-login .ppl form {
  display: grid;
  gap: 0.875rem;
  margin: 0;
}
patient-login .ppl-field {
  display: grid;
  gap: 0.25rem;
  min-width: 0;
}
patient-login .ppl-field > label,
patient-login .ppl legend {
  font-weight: 600;
}
patient-login .ppl-hint {
  color: var(--_muted);
  font-size: 0.9375rem;
}
patient-login .ppl input:not([type='checkbox']),
patient-login .ppl select {
  font: inherit;
  width: 100%;
  min-height: 2.75rem;
  padding: 0.5rem 0.75rem;
  border: 1px solid var(--_border);
  border-radius: var(--_radius);
  background: var(--_surface);
  color: var(--_text);
}
patient-login .ppl input[aria-invalid='true'] {
  border: 2px solid var(--_danger);
}
patient-login .ppl-password {
  display: flex;
  flex-wrap: wrap;
  gap: 0.5rem;
  align-items: stretch;
}
patient-login .ppl-password button {
  white-space: nowrap;
}
patient-login .ppl-password input {
  flex: 1 1 12rem;
  min-width: 0;
}
patient-login .ppl-error {
  margin: 0.375rem 0 0;
  padding-inline-start: 0.5rem;
  border-inline-start: 4px solid var(--_danger);
  color: var(--_danger);
  font-weight: 600;
}
patient-login .ppl button,
patient-login .ppl .ppl-button {
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
patient-login .ppl button.ppl-primary,
patient-login .ppl .ppl-button.ppl-primary {
  background: var(--_accent);
  color: var(--_on-accent);
}
patient-login .ppl button:disabled {
  cursor: not-allowed;
  opacity: 0.6;
}
patient-login .ppl button.ppl-link {
  border: 0;
  padding: 0.25rem 0;
  background: none;
  text-decoration: underline;
  justify-self: start;
}
patient-login .ppl a {
  color: var(--_accent);
}
patient-login .ppl-actions {
  display: flex;
  flex-wrap: wrap;
  gap: 0.5rem 1rem;
  align-items: center;
}
patient-login .ppl-notice {
  padding: 0.75rem var(--_space);
  border-radius: var(--_radius);
  border: 1px solid var(--_border);
  background: var(--_surface-2);
}
patient-login .ppl-notice.ppl-bad {
  border-color: var(--_danger);
  background: var(--_danger-surface);
}
patient-login .ppl-notice.ppl-good {
  border-color: var(--_success);
  background: var(--_success-surface);
}
patient-login .ppl-summary ul {
  margin: 0.25rem 0 0;
  padding-inline-start: 1.25rem;
}
patient-login .ppl-check {
  display: flex;
  gap: 0.625rem;
  align-items: flex-start;
}
patient-login .ppl-check input {
  width: 1.5rem;
  height: 1.5rem;
  margin: 0.125rem 0 0;
  flex: none;
}
patient-login .ppl-steps {
  color: var(--_muted);
  font-weight: 600;
}
patient-login .ppl fieldset {
  border: 0;
  padding: 0;
  margin: 0;
  display: grid;
  gap: 0.5rem;
}
@media (prefers-reduced-motion: reduce) {
  patient-login .ppl * {
    transition: none !important;
    animation: none !important;
  }
}
`;
