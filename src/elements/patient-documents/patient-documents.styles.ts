import {css} from 'lit';

export const styles = css`
  h3 {
    font-size: 1.125rem;
    margin-block: 1.5rem 0.5rem;
  }
  p {
    margin: 0.25rem 0;
  }
  .folders {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    margin-block: 0.75rem;
  }
  .folders button[aria-pressed='true'] {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_on-accent);
  }
  .filters {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-end;
    gap: 0 0.75rem;
    margin-block: 0.5rem 0.75rem;
  }
  .filters .field {
    margin-block: 0.25rem;
  }
  .filters .search {
    flex: 1 1 100%;
  }
  .filters .date {
    flex: 0 1 auto;
    margin-block: 0.25rem;
  }
  .filters .clear {
    margin-block: 0.25rem;
  }
  .filters .field-error {
    flex-basis: 100%;
  }
  input[type='search'] {
    width: 100%;
  }
  .count {
    color: var(--_muted);
    font-size: 0.9375rem;
  }
  ul.docs,
  ul.results {
    list-style: none;
    padding: 0;
    margin: 0;
  }
  ul.docs li {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.5rem 1rem;
    padding: 0.75rem 0;
    border-top: 1px solid var(--_border);
  }
  ul.docs.virtual > li {
    width: 100%;
    box-sizing: border-box;
  }
  .doc {
    flex: 1 1 16rem;
    min-width: 0;
  }
  .name {
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .meta,
  .help {
    color: var(--_muted);
    font-size: 0.9375rem;
  }
  .note {
    white-space: pre-line;
    overflow-wrap: anywhere;
  }
  .badge {
    display: inline-block;
    margin-inline-end: 0.5rem;
    padding: 0 0.5rem;
    border-radius: 999px;
    background: var(--_accent);
    color: var(--_on-accent);
    font-size: 0.8125rem;
    line-height: 1.5rem;
    vertical-align: 0.0625rem;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  .confirm {
    flex-basis: 100%;
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
    padding: 0.5rem 0.75rem;
    border: 1px solid var(--_danger);
    border-radius: var(--_radius);
  }
  .confirm p {
    flex-basis: 100%;
  }
  .confirm .danger {
    border-color: var(--_danger);
    color: var(--_danger);
    font-weight: 600;
  }
  .upload {
    border-top: 1px solid var(--_border);
    margin-top: 1rem;
  }
  .field {
    margin-block: 0.75rem;
  }
  label {
    display: block;
    font-weight: 600;
  }
  label + .help {
    margin-top: 0;
  }
  ul.results li {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25rem 0.75rem;
  }
  ul.results .line {
    flex: 1 1 14rem;
  }
  ul.results progress {
    flex: 1 1 8rem;
    accent-color: var(--_accent);
  }
  ul.results li.cancelled {
    color: var(--_muted);
  }
  .field-error,
  ul.results li.failed,
  ul.results li.refused {
    color: var(--_danger);
  }
  ul.results li {
    padding-block: 0.25rem;
    overflow-wrap: anywhere;
  }
  .file {
    font-weight: 600;
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  /* A result's values and a prescription's details (document-details.ts), the entry's full width. */
  .detail {
    flex-basis: 100%;
    min-width: 0;
  }
  .flag-summary {
    font-weight: 600;
    color: var(--_warning);
  }
  .mark {
    display: inline-block;
    min-width: 1em;
    margin-inline-end: 0.25rem;
    text-align: center;
    font-weight: 700;
  }
  .values:not([hidden]) {
    display: block;
    max-width: 100%;
    overflow-x: auto;
    margin-top: 0.5rem;
  }
  .values table {
    border-collapse: collapse;
    min-width: 100%;
    font-size: 0.9375rem;
  }
  .values caption {
    text-align: start;
    font-weight: 600;
    padding-block-end: 0.25rem;
    overflow-wrap: anywhere;
  }
  .values {
    /* The caption wraps to the region's width, not the (wider) table's. */
    container-type: inline-size;
  }
  .values caption {
    max-inline-size: 100cqi;
  }
  .values th,
  .values td {
    padding: 0.375rem;
    border-bottom: 1px solid var(--_border);
    text-align: start;
    vertical-align: top;
    /* Words stay whole: a narrow screen scrolls the table (its region), never breaks "Hemoglobina". */
    overflow-wrap: normal;
    white-space: nowrap;
  }
  .values tbody th {
    white-space: normal;
    min-width: 5.5rem;
  }
  .values thead th {
    font-size: 0.8125rem;
    color: var(--_muted);
    white-space: nowrap;
  }
  .values tbody th {
    font-weight: 400;
  }
  .values td.num {
    text-align: end;
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
  }
  .values tr.flagged th,
  .values tr.flagged td {
    background: var(--_warning-surface);
    font-weight: 700;
  }
  .flag {
    white-space: nowrap;
  }
  .flag.high,
  .flag.low,
  .flag.abnormal {
    color: var(--_warning);
  }
  .rx dl {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(min(100%, 12rem), 1fr));
    gap: 0.25rem 1rem;
    margin: 0.25rem 0 0.5rem;
  }
  .rx dt {
    font-size: 0.875rem;
    color: var(--_muted);
  }
  .rx dd {
    margin: 0;
    overflow-wrap: anywhere;
  }
  .refill-outcome.ok {
    color: var(--_success);
  }
  .refill-status {
    color: var(--_muted);
  }
  .refill-confirm {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
    padding: 0.5rem 0.75rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  .refill-confirm p,
  .refill-confirm .field {
    flex-basis: 100%;
    margin-block: 0.25rem;
  }
  .refill-confirm textarea {
    width: 100%;
    box-sizing: border-box;
  }
`;
