import {css} from 'lit';

export const styles = css`
  p {
    margin: 0.5rem 0;
  }
  h3 {
    font-size: 1rem;
    margin: 1rem 0 0.25rem;
  }
  .visit {
    margin-top: 0.75rem;
  }
  .visit .when {
    display: flex;
    flex-wrap: wrap;
    gap: 0 0.75rem;
  }
  .state {
    margin: 0.75rem 0;
    padding: 0.75rem var(--_space);
    border-radius: var(--_radius);
    border: 1px solid var(--_border);
    border-inline-start-width: 0.375rem;
    background: var(--_surface-2);
  }
  .state.open {
    border-inline-start-color: var(--_success);
    background: var(--_success-surface);
  }
  .state.closed {
    border-inline-start-color: var(--_muted);
  }
  .state-title {
    font-weight: 700;
    font-size: 1.125rem;
    margin-top: 0;
  }
  .countdown {
    font-size: 1.25rem;
    font-weight: 600;
    font-variant-numeric: tabular-nums;
  }
  .join {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75rem;
    margin-top: 0.75rem;
  }
  .join .button {
    flex: 1 1 14rem;
    text-align: center;
  }
  .hint {
    color: var(--_muted);
    font-size: 0.9375rem;
  }
  .devices dl {
    margin: 0.25rem 0;
    display: grid;
    gap: 0.125rem;
  }
  .devices dl div {
    display: flex;
    flex-wrap: wrap;
    gap: 0 0.5rem;
  }
  .devices dt {
    font-weight: 600;
  }
  .devices dt::after {
    content: ':';
  }
  .devices dd {
    margin: 0;
  }
  .check-box {
    display: grid;
    gap: 0.75rem;
    justify-items: start;
    margin-top: 1rem;
    padding-top: 1rem;
    border-top: 1px solid var(--_border);
  }
  .check-box device-check {
    justify-self: stretch;
  }
  .help {
    margin-top: 1rem;
    border-top: 1px solid var(--_border);
    padding-top: 0.75rem;
  }
  .help summary {
    cursor: pointer;
    font-weight: 600;
    color: var(--_accent);
    min-height: 2.75rem;
    display: flex;
    align-items: center;
    gap: 0.5rem;
    list-style: none;
  }
  .help summary::-webkit-details-marker {
    display: none;
  }
  .help summary::before {
    content: '';
    width: 0.5rem;
    height: 0.5rem;
    border-inline-end: 2px solid currentColor;
    border-block-end: 2px solid currentColor;
    transform: rotate(-45deg);
    transition: transform 0.15s;
  }
  .help[open] summary::before {
    transform: rotate(45deg);
  }
  .help a[href^='tel:'] {
    white-space: nowrap;
  }
  .help ol {
    margin: 0.25rem 0;
    padding-inline-start: 1.5rem;
  }
`;
