import {css} from 'lit';

export const styles = css`
  .header {
    margin-bottom: 0.75rem;
  }
  h3 {
    font-size: 1.125rem;
    margin-block: 1.25rem 0.5rem;
  }
  p {
    margin: 0.5rem 0;
  }
  .balance {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    align-items: baseline;
    gap: 0.5rem;
    padding: 0.75rem 1rem;
    border: 2px solid var(--_accent, currentColor);
    border-radius: 0.5rem;
    font-size: 1.125rem;
  }
  ul.invoices,
  ul.cards,
  ul.payments {
    list-style: none;
    padding: 0;
    margin: 0;
  }
  li.card,
  li.invoice {
    border: 1px solid var(--_border);
    border-radius: 0.5rem;
    padding: 0.75rem;
    margin-block: 0.75rem;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    align-items: center;
    gap: 0.5rem;
  }
  .row h3 {
    margin: 0;
    font-size: 1rem;
  }
  .status {
    border: 1px solid currentColor;
    border-radius: 1rem;
    padding: 0.125rem 0.625rem;
    font-size: 0.875rem;
    font-weight: 600;
  }
  .status.unpaid,
  .status.partially-paid {
    color: var(--_danger, #b3261e);
  }
  .amounts {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 1.5rem;
  }
  details {
    margin-block: 0.5rem;
  }
  summary {
    cursor: pointer;
    min-height: 24px;
  }
  .nowrap,
  .row h3 {
    white-space: nowrap;
  }
  table {
    font-size: 0.875rem;
    width: 100%;
    border-collapse: collapse;
    margin-block: 0.5rem;
  }
  th,
  td {
    text-align: start;
    padding: 0.25rem 0.5rem 0.25rem 0;
    border-top: 1px solid var(--_border);
  }
  tfoot th {
    font-weight: 400;
    text-align: end;
  }
  .num {
    text-align: end;
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  ul.payments li {
    display: grid;
    grid-template-columns: minmax(0, 1fr) auto;
    gap: 0 1rem;
    padding: 0.5rem 0;
    border-top: 1px solid var(--_border);
  }
  ul.payments li > span:first-child {
    grid-column: 1 / -1;
    font-size: 0.875rem;
  }
  ul.payments button.receipt {
    grid-column: 1 / -1;
    justify-self: start;
    margin-top: 0.25rem;
  }
  .card-name {
    font-weight: 600;
    white-space: nowrap;
  }
  .muted {
    color: var(--_muted);
  }
  .confirm {
    border-inline-start: 4px solid var(--_danger, #b3261e);
    padding-inline-start: 0.75rem;
  }
  button.danger {
    color: var(--_on-accent, #fff);
    background: var(--_danger, #b3261e);
    border-color: var(--_danger, #b3261e);
  }
  .add-card {
    display: grid;
    gap: 0.5rem;
  }
  .details-form {
    display: grid;
    gap: 1rem;
  }
  .field {
    display: grid;
    gap: 0.25rem;
    min-width: 0;
  }
  label {
    font-weight: 600;
  }
  .hint {
    margin: 0;
    font-size: 0.875rem;
    color: var(--_muted);
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
    box-sizing: border-box;
  }
  [aria-invalid='true'] {
    border: 2px solid var(--_danger);
  }
  .bill-to {
    overflow-wrap: anywhere;
  }
  /* The element already shows the demo marker once (as the booking widget does). */
  portal-payment-step::part(demo-marker) {
    display: none;
  }
`;
