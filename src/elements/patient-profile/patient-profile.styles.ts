import {css} from 'lit';

export const styles = css`
  section {
    margin-block-start: 1.5rem;
    padding-block-start: 1rem;
    border-block-start: 1px solid var(--_border);
  }
  section:first-of-type {
    border-block-start: 0;
    padding-block-start: 0;
  }
  h3 {
    font-size: 1.125rem;
    margin-block: 0 0.5rem;
  }
  p {
    margin: 0.5rem 0;
  }
  .muted {
    color: var(--_muted);
  }
  form {
    display: grid;
    gap: 1rem;
  }
  .grid {
    display: grid;
    gap: 1rem;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 14rem), 1fr));
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: 0.25rem;
    min-width: 0;
  }
  label,
  .label {
    font-weight: 600;
  }
  input,
  select {
    font: inherit;
    color: var(--_text);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    min-height: 2.75rem;
    padding: 0.5rem 0.75rem;
    width: 100%;
    max-width: 28rem;
  }
  input[aria-invalid='true'],
  select[aria-invalid='true'] {
    border: 2px solid var(--_danger);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: center;
  }
  dl {
    display: grid;
    grid-template-columns: minmax(6rem, max-content) 1fr;
    gap: 0.25rem 1rem;
    margin: 0.5rem 0;
  }
  dt {
    font-weight: 600;
  }
  dl.identity > div {
    display: contents;
  }
  dd {
    margin: 0;
    min-width: 0;
  }
  ul.sessions {
    list-style: none;
    padding: 0;
    margin: 0.5rem 0;
    display: grid;
    gap: 0.5rem;
  }
  ul.sessions li {
    padding: 0.5rem 0.75rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    overflow-wrap: anywhere;
  }
  .hint {
    margin: 0;
    color: var(--_muted);
  }
  .badge {
    display: inline-block;
    padding: 0 0.5rem;
    border-radius: 999px;
    background: var(--_accent);
    color: var(--_on-accent);
    font-size: 0.8125rem;
  }
  canvas.photo {
    display: block;
    width: 6rem;
    height: 6rem;
    border-radius: 50%;
    border: 1px solid var(--_border);
  }
  canvas.photo-preview {
    display: block;
    width: min(16rem, 100%);
    height: auto;
    aspect-ratio: 1;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  .photo-editor {
    display: grid;
    gap: 0.75rem;
    margin-block: 0.75rem;
  }
  input[type='range'] {
    padding: 0;
    border: 0;
    background: none;
    accent-color: var(--_accent);
  }
  .photo-choose {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: center;
    margin-block-start: 0.5rem;
  }
  .photo-choose label.button {
    font-weight: normal;
  }
  /* The file field is hidden but focused by keyboard: its label-button shows the focus (:focus, as WebKit gives a file field no :focus-visible). */
  #photo-file:focus + label,
  .card-photo-file:focus + label {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }
  #photo-file[aria-invalid='true'] + label,
  .card-photo-file[aria-invalid='true'] + label {
    border: 2px solid var(--_danger);
  }
  .card-photos {
    display: grid;
    gap: 0.75rem;
    margin-block-start: 0.75rem;
  }
  canvas.card-photo {
    display: block;
    width: min(16rem, 100%);
    height: auto;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  .photo-choose .notice {
    flex-basis: 100%;
  }
  .error-summary ul {
    margin: 0.25rem 0 0;
    padding-inline-start: 1.25rem;
  }
  @media (max-width: 30rem) {
    dl {
      grid-template-columns: 1fr;
    }
    dd {
      margin-block-end: 0.5rem;
    }
  }
`;
