import {css} from 'lit';

export const styles = css`
  :host {
    max-width: 56rem;
  }
  h3,
  h4 {
    margin: 0;
    line-height: 1.3;
  }
  h3 {
    font-size: 1.0625rem;
  }
  h4 {
    font-size: 1rem;
  }
  [tabindex='-1']:focus {
    outline: none;
  }
  [tabindex='-1']:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }
  p {
    margin: 0.25rem 0;
  }
  .header {
    margin-bottom: 0.75rem;
  }
  .notice {
    margin: 0.75rem 0;
  }
  .notice .actions {
    margin-top: 0.5rem;
  }

  .tabs {
    display: flex;
    gap: 0.25rem;
    border-bottom: 1px solid var(--_border);
    margin: 0.5rem 0 0.75rem;
  }
  .tabs [role='tab'] {
    border: 0;
    border-bottom: 3px solid transparent;
    border-radius: var(--_radius) var(--_radius) 0 0;
    background: transparent;
    color: var(--_text);
    font-weight: 600;
  }
  .tabs [role='tab'][aria-selected='true'] {
    border-bottom-color: var(--_accent);
    color: var(--_accent);
  }

  .filter-bar {
    display: flex;
    justify-content: flex-end;
    margin-bottom: 0.5rem;
  }
  .filter-bar button[aria-expanded]::after {
    content: '';
    width: 0.5rem;
    height: 0.5rem;
    border-right: 2px solid currentColor;
    border-bottom: 2px solid currentColor;
    transform: translateY(-0.15rem) rotate(45deg);
  }
  .filter-bar button[aria-expanded='true']::after {
    transform: translateY(0.15rem) rotate(225deg);
  }
  /* Every label on the top line ("Status" beside the dates' "From"/"To"), every field on the bottom one. */
  .filters {
    display: flex;
    flex-wrap: wrap;
    align-items: stretch;
    gap: 0.5rem 1rem;
    margin-bottom: 0.75rem;
  }
  .filters > button {
    align-self: flex-end;
  }
  .filters label {
    display: flex;
    flex-direction: column;
    justify-content: space-between;
    max-width: 100%;
    font-size: 0.9375rem;
    font-weight: 600;
    gap: 0.25rem;
  }
  .filters select,
  .filters input {
    max-width: 100%;
    font: inherit;
    min-height: 2.75rem;
    padding: 0.25rem 0.5rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_text);
    color-scheme: inherit;
  }
  .count {
    color: var(--_muted);
    font-size: 0.9375rem;
  }

  .list {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .list.plain {
    display: grid;
    gap: 0.75rem;
  }
  .list.virtual > li {
    width: 100%;
    padding-bottom: 0.75rem;
  }
  article {
    border: 1px solid var(--_border);
    border-left: 6px solid var(--_status, var(--_border));
    border-radius: var(--_radius);
    padding: 0.75rem var(--_space);
    background: var(--_surface);
  }
  .card-head {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    align-items: flex-start;
    gap: 0.25rem 1rem;
  }
  .when p {
    color: var(--_muted);
  }
  .status {
    display: inline-flex;
    align-items: center;
    gap: 0.375rem;
    font-weight: 600;
    padding: 0.125rem 0.625rem 0.125rem 0.5rem;
    border-radius: 999px;
    border: 1px solid currentColor;
    color: var(--_status-text, var(--_text));
    white-space: nowrap;
  }
  .status .icon {
    flex: none;
  }
  article.status-confirmed,
  article.status-fulfilled {
    --_status: var(--_success);
    --_status-text: var(--_success);
  }
  article.status-booked,
  article.status-pending {
    --_status: var(--_accent);
    --_status-text: var(--_accent);
  }
  article.status-cancelled,
  article.status-no-show {
    --_status: var(--_danger);
    --_status-text: var(--_danger);
  }
  dl.facts {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 0.125rem 0.75rem;
    margin: 0.5rem 0 0;
  }
  dl.facts dt {
    color: var(--_muted);
  }
  dl.facts dd {
    margin: 0;
  }
  .items {
    margin-top: 0.75rem;
  }
  .items ul {
    list-style: none;
    padding: 0;
    margin: 0.25rem 0 0;
  }
  .items li {
    padding: 0.25rem 0;
  }
  .item-state {
    font-weight: 600;
  }
  .item-state.to-do {
    color: var(--_warning);
  }
  .item-body {
    white-space: pre-line;
  }
  .cancellation {
    margin-top: 0.5rem;
    color: var(--_muted);
  }
  .cancellation span {
    display: block;
  }
  .card-actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    margin-top: 0.75rem;
  }
  .card-actions portal-add-to-calendar {
    flex-basis: 100%;
  }
  .more {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem 1rem;
    margin-top: 1rem;
  }

  .link-panel {
    border: 2px solid var(--_accent);
    border-radius: var(--_radius);
    padding: 0.75rem var(--_space);
    margin-bottom: 1rem;
  }
  .link-panel .summary {
    border-left: 4px solid var(--_accent);
    padding: 0.25rem 0.75rem;
    margin: 0.5rem 0;
  }
  .link-panel .summary p {
    margin: 0.125rem 0;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  @media (max-width: 30rem) {
    dl.facts {
      grid-template-columns: 1fr;
    }
    dl.facts dd {
      margin-bottom: 0.25rem;
    }
  }
`;
