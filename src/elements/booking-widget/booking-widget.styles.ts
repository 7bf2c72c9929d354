import {css} from 'lit';

export const styles = css`
  :host([compact]) {
    padding: 0.75rem;
    max-width: 24rem;
  }
  h3 {
    font-size: 1.125rem;
    margin-block: 1rem 0.5rem;
  }
  h3:focus {
    outline: none;
  }
  h3:focus-visible {
    outline: 3px solid var(--_focus);
  }
  .steps {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 0.75rem;
    list-style: none;
    padding: 0;
    margin: 0.75rem 0 0;
    font-size: 0.875rem;
    color: var(--_muted);
  }
  .steps li[aria-current='step'] {
    color: var(--_text);
    font-weight: 700;
    text-decoration: underline;
    text-underline-offset: 0.25em;
  }
  .steps li.done::before {
    content: '✓ ';
  }
  :host([compact]) .steps li:not([aria-current='step']) {
    display: none;
  }
  .categories {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    margin-block: 0.5rem 1rem;
  }
  .categories button[aria-pressed='true'] {
    background: var(--_accent);
    color: var(--_on-accent);
  }
  ul.cards {
    list-style: none;
    padding: 0;
    margin: 0;
    display: grid;
    gap: 0.75rem;
  }
  .card {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.75rem 1rem;
    display: grid;
    gap: 0.25rem;
    background: var(--_surface);
  }
  .card.selected {
    border-width: 2px;
    border-color: var(--_accent);
    background: var(--_surface-2);
  }
  .card .title {
    font-weight: 700;
  }
  .meta {
    color: var(--_muted);
    font-size: 0.9375rem;
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 1rem;
  }
  .card .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: center;
    justify-content: space-between;
    margin-top: 0.25rem;
  }
  details summary {
    cursor: pointer;
    min-height: 1.5rem;
  }
  .visit {
    margin-top: 1rem;
    padding: 0.75rem 1rem;
    border-radius: var(--_radius);
    background: var(--_surface-2);
  }
  .visit ul {
    margin: 0.25rem 0 0.5rem;
    padding-left: 1.25rem;
  }
  .visit li {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: center;
    justify-content: space-between;
  }
  .nav {
    display: flex;
    flex-wrap: wrap-reverse;
    gap: 0.5rem;
    justify-content: space-between;
    margin-top: 1.25rem;
  }
  .nav .spacer {
    flex: 1;
  }
  fieldset {
    border: 0;
    padding: 0;
    margin: 0;
    min-width: 0;
  }
  legend {
    font-weight: 700;
    margin-bottom: 0.5rem;
    padding: 0;
  }
  .choice {
    display: flex;
    gap: 0.75rem;
    align-items: flex-start;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.75rem 1rem;
    margin-bottom: 0.5rem;
    cursor: pointer;
  }
  .choice:has(input:checked) {
    border-width: 2px;
    border-color: var(--_accent);
    background: var(--_surface-2);
  }
  .bio {
    margin: -0.25rem 0 0.75rem 1rem;
  }
  .bio p {
    margin: 0.25rem 0 0;
  }
  .choice .photo {
    border-radius: 50%;
    object-fit: cover;
    flex: none;
  }
  .choice input {
    margin-top: 0.3rem;
    width: 1.25rem;
    height: 1.25rem;
    flex: none;
  }
  .field {
    display: grid;
    gap: 0.25rem;
    margin-bottom: 1rem;
  }
  .field label {
    font-weight: 600;
  }
  .row {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 14rem), 1fr));
    gap: 0 1rem;
  }
  input[type='text'],
  input[type='email'],
  input:not([type]),
  select,
  textarea {
    font: inherit;
    color: var(--_text);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    min-height: 2.75rem;
    padding: 0.5rem 0.75rem;
    width: 100%;
  }
  input[aria-invalid='true'] {
    border: 2px solid var(--_danger);
  }
  .code-input {
    font-size: 1.5rem;
    letter-spacing: 0.4em;
    max-width: 12rem;
  }
  .check {
    display: flex;
    gap: 0.75rem;
    align-items: flex-start;
    margin-block: 0.75rem;
  }
  .check input {
    margin-top: 0.25rem;
    width: 1.25rem;
    height: 1.25rem;
    flex: none;
  }
  .error-summary {
    margin-block: 0.75rem;
  }
  .error-summary:focus {
    outline: 3px solid var(--_focus);
  }
  .error-summary ul {
    margin: 0.25rem 0 0;
    padding-left: 1.25rem;
  }
  dl.review {
    display: grid;
    grid-template-columns: minmax(7rem, max-content) 1fr auto;
    gap: 0.5rem 1rem;
    align-items: baseline;
    margin: 0;
  }
  dl.review dt {
    font-weight: 700;
  }
  dl.review dd {
    margin: 0;
  }
  dl.review .card-on-file {
    grid-column: span 2;
  }
  .card-on-file > button,
  .add-card > * {
    margin-top: 0.5rem;
  }
  @media (max-width: 30rem) {
    dl.review {
      grid-template-columns: 1fr auto;
    }
    dl.review dt {
      grid-column: 1 / -1;
    }
  }
  .link-button {
    border: 0;
    background: none;
    text-decoration: underline;
    padding: 0.25rem 0.5rem;
    min-height: 2rem;
  }
  .confirmation {
    border: 2px solid var(--_success);
    background: var(--_success-surface);
    border-radius: var(--_radius);
    padding: 1rem;
  }
  .confirmation h3 {
    margin-top: 0;
  }
  .confirmation portal-add-to-calendar {
    background: transparent;
    margin-top: 0.5rem;
  }
  /* The widget already shows the demo marker once. */
  portal-payment-step::part(demo-marker) {
    display: none;
  }
  .badge {
    display: inline-block;
    border: 1px solid var(--_border);
    border-radius: 999px;
    padding: 0 0.5rem;
    font-size: 0.875rem;
  }
  .offline {
    margin-block: 0.5rem;
  }
  p {
    margin-block: 0.5rem;
  }
`;
