import {css} from 'lit';

export const styles = css`
  h3 {
    font-size: 1.125rem;
    margin-block: 1.25rem 0.5rem;
  }
  p {
    margin: 0.5rem 0;
  }
  .muted {
    color: var(--_muted);
  }
  .email {
    font-weight: 600;
  }
  fieldset {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    margin: 0.75rem 0;
    padding: 0.75rem var(--_space);
    min-width: 0;
  }
  fieldset.invalid {
    border: 2px solid var(--_danger);
  }
  legend {
    font-weight: 600;
    padding: 0 0.25rem;
  }
  .hours,
  .channels {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 1.25rem;
  }
  .check {
    display: inline-flex;
    align-items: center;
    gap: 0.5rem;
    min-height: 2.75rem;
    cursor: pointer;
  }
  .check input {
    width: 1.25rem;
    height: 1.25rem;
    margin: 0;
    accent-color: var(--_accent);
  }
  .row-actions {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.5rem;
    margin-top: 0.5rem;
  }
  .error-summary:focus {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }
  .error-summary ul {
    margin: 0.25rem 0 0;
    padding-inline-start: 1.25rem;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75rem;
    align-items: center;
    margin-top: 1rem;
  }
  .tests {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  .notice {
    margin: 0.75rem 0;
  }
`;
