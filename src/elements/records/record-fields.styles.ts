import {css} from 'lit';

/**
 * The text fields, menus and text areas of the records elements (forms, documents, messages): one
 * look and a 44 px target (2.75rem), in the theme's colours. Radio buttons and checkboxes keep the
 * browser's own control. Loaded only with those elements (not in the drop-in's core chunk).
 */
export const recordFieldStyles = css`
  input:not([type='radio']):not([type='checkbox']),
  select,
  textarea {
    font: inherit;
    color: var(--_text);
    background: var(--_surface);
    border: 1px solid var(--_border-strong, var(--_border));
    border-radius: var(--_radius);
    padding: 0.5rem;
    min-height: 2.75rem;
    box-sizing: border-box;
    max-width: 100%;
  }
  select {
    min-width: min(100%, 16rem);
  }
  textarea {
    width: 100%;
  }
`;
