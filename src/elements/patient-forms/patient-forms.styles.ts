import {css} from 'lit';

export const styles = css`
  .header {
    margin-bottom: 0.75rem;
  }
  h3 {
    font-size: 1.125rem;
    margin-block: 1.25rem 0.5rem;
  }
  h4 {
    font-size: 1rem;
    margin-block: 1rem 0.25rem;
  }
  p {
    margin: 0.5rem 0;
  }
  ul.tasks {
    list-style: none;
    padding: 0;
    margin: 0;
  }
  ul.tasks li {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.5rem;
    padding: 0.5rem 0;
    border-top: 1px solid var(--_border);
  }
  .visit {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.5rem var(--_space) 0.75rem;
    margin-block: 0.75rem;
  }
  .due,
  .muted,
  .help {
    color: var(--_muted);
  }
  .state-done {
    font-weight: 600;
  }
  fieldset {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    margin: 0.75rem 0;
    padding: 0.75rem var(--_space);
    min-width: 0;
  }
  fieldset.bare {
    border: 0;
    padding: 0;
    margin: 0;
  }
  legend,
  label.q {
    font-weight: 600;
    display: block;
  }
  .question {
    margin-block: 1rem;
  }
  .date-time > legend {
    padding: 0;
  }
  .date-time-fields {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-end;
    gap: 0.5rem var(--_space);
  }
  .question.invalid {
    border-inline-start: 3px solid var(--_danger);
    padding-inline-start: 0.5rem;
  }
  .field-error {
    color: var(--_danger);
    font-weight: 600;
  }
  .option {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    min-height: 2rem;
  }
  input[type='radio'],
  input[type='checkbox'] {
    width: 1.25rem;
    height: 1.25rem;
    margin: 0;
    flex: none;
  }
  input.wide {
    width: 100%;
  }
  .document {
    white-space: pre-line;
    overflow-wrap: anywhere;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    margin-top: 1rem;
  }
  .error-summary ul {
    margin: 0.25rem 0 0;
  }
  .error-summary a {
    color: inherit;
  }
  .answer {
    margin: 0 0 0.5rem;
    white-space: pre-line;
    overflow-wrap: anywhere;
  }
  dt {
    font-weight: 600;
  }
  dd {
    margin: 0 0 0.75rem;
  }
  .progress {
    display: block;
    font-size: 0.875rem;
    font-weight: 400;
    color: var(--_muted);
  }
  h5 {
    font-size: 1rem;
    margin: 0;
  }
  .review {
    border-top: 1px solid var(--_border);
    padding-top: 0.5rem;
    margin-top: 0.75rem;
  }
  .review-head {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.5rem;
    margin-bottom: 0.5rem;
  }
  /* A drawn signature: on white paper in every theme, as on the PDF. */
  canvas.signature {
    display: block;
    width: min(100%, 16rem);
    height: auto;
    background: #ffffff;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    margin: 0.25rem 0 0.5rem;
  }
  portal-signature-pad {
    margin: 0.5rem 0 1rem;
  }
`;
