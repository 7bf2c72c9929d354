import {css} from 'lit';

/**
 * Styles of `<portal-slot-picker>`. Two columns (calendar | times) when the picker itself is at least
 * 42rem wide (a container query, so it adapts to the column it is placed in, not the viewport);
 * one column when narrower or `compact`. Every target is at least 44×44 px (day cells, times,
 * buttons), and no width is fixed, so it fits at 320 px without two-way scrolling.
 */
export const styles = css`
  :host {
    container-type: inline-size;
    --_day-size: var(--portal-slot-picker-day-size, 2.75rem);
    --_available-surface: var(
      --portal-slot-picker-available-surface,
      color-mix(in srgb, var(--_accent) 12%, var(--_surface))
    );
  }
  p {
    margin: 0;
  }
  .picker {
    display: grid;
    gap: var(--_space);
  }
  .zone {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem 1rem;
  }
  .zone-line {
    font-weight: 600;
  }
  .zone-switch {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
  }
  .zone-switch-label {
    color: var(--_muted);
  }
  .zone-switch button[aria-pressed='true'],
  .time[aria-pressed='true'] {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_on-accent);
  }
  .layout {
    display: grid;
    gap: var(--_space);
    align-items: start;
  }
  @container (min-width: 42rem) {
    :host(:not([compact])) .layout {
      grid-template-columns: minmax(18rem, 24rem) minmax(0, 1fr);
    }
  }
  .calendar {
    display: grid;
    gap: 0.5rem;
    min-width: 0;
  }
  .month-bar {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 0.5rem;
  }
  .month-title {
    font-weight: 700;
    font-size: 1.125rem;
    text-align: center;
    flex: 1;
  }
  .month-title::first-letter {
    text-transform: uppercase;
  }
  .nav {
    padding: 0.5rem;
  }
  .nav svg {
    width: 1.25rem;
    height: 1.25rem;
    fill: none;
    stroke: currentColor;
    stroke-width: 2.5;
    stroke-linecap: round;
    stroke-linejoin: round;
  }
  table {
    width: 100%;
    border-collapse: separate;
    border-spacing: 0.125rem;
    table-layout: fixed;
  }
  th {
    font-size: 0.875rem;
    font-weight: 600;
    color: var(--_muted);
    padding: 0.25rem 0;
    text-align: center;
  }
  th abbr {
    text-decoration: none;
  }
  th .weekday {
    display: inline-block;
  }
  th .weekday::first-letter {
    text-transform: uppercase;
  }
  td {
    padding: 0;
    text-align: center;
    height: var(--_day-size);
    min-width: 1.5rem;
    border-radius: var(--_radius);
    font-variant-numeric: tabular-nums;
    color: var(--_muted);
    cursor: default;
    position: relative;
  }
  td[data-day] {
    cursor: pointer;
  }
  td[aria-disabled='true'] {
    cursor: not-allowed;
  }
  td[part~='day-available'] {
    background: var(--_available-surface);
    color: var(--_accent);
    font-weight: 700;
  }
  td[part~='day-available']:hover {
    outline: 2px solid var(--_accent);
    outline-offset: -2px;
  }
  td[aria-selected='true'] {
    background: var(--_accent);
    color: var(--_on-accent);
  }
  td[aria-current='date']::after {
    content: '';
    position: absolute;
    inset-inline: 25%;
    bottom: 0.3rem;
    height: 0.1875rem;
    border-radius: 1px;
    background: currentColor;
  }
  td:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: -3px;
    box-shadow: inset 0 0 0 5px var(--_surface);
  }
  td[aria-selected='true']:focus-visible {
    box-shadow: inset 0 0 0 5px var(--_surface);
  }
  .legend {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 1rem;
    font-size: 0.875rem;
    color: var(--_muted);
  }
  .legend-item {
    display: inline-flex;
    align-items: center;
    gap: 0.375rem;
  }
  .swatch {
    display: inline-block;
    width: 1rem;
    height: 1rem;
    border-radius: 0.25rem;
    border: 1px solid var(--_border);
  }
  .swatch.available {
    background: var(--_available-surface);
    border-color: var(--_accent);
  }
  .swatch.today {
    border: none;
    border-bottom: 0.1875rem solid var(--_text);
    border-radius: 0;
    height: 0.75rem;
  }
  .next-available {
    justify-self: start;
  }
  .panel {
    display: grid;
    gap: 0.75rem;
    min-width: 0;
    align-content: start;
  }
  .panel-title {
    font-weight: 700;
    font-size: 1.125rem;
  }
  .status {
    color: var(--_muted);
  }
  .spinner {
    display: inline-block;
    width: 1rem;
    height: 1rem;
    margin-inline-end: 0.5rem;
    vertical-align: -0.125rem;
    border: 2px solid var(--_border);
    border-top-color: var(--_accent);
    border-radius: 50%;
    animation: spin 0.9s linear infinite;
  }
  @keyframes spin {
    to {
      transform: rotate(360deg);
    }
  }
  .notice {
    display: grid;
    gap: 0.5rem;
    justify-items: start;
  }
  .group {
    display: grid;
    gap: 0.375rem;
  }
  .group-label {
    font-weight: 600;
    color: var(--_muted);
    font-size: 0.9375rem;
  }
  .times {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(6.5rem, 1fr));
    gap: 0.5rem;
  }
  .time {
    min-height: 2.75rem;
    padding: 0.375rem 0.5rem;
    flex-direction: column;
    gap: 0;
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
  }
  .time:hover:not([aria-pressed='true']) {
    background: var(--_available-surface);
  }
  .offset {
    font-size: 0.8125rem;
  }
  .dst-note {
    font-size: 0.9375rem;
  }
  .alternatives {
    display: grid;
    gap: 0.5rem;
  }
  button[aria-disabled='true'] {
    cursor: not-allowed;
    opacity: 0.6;
  }
  .alternatives .times {
    justify-self: stretch;
    grid-template-columns: repeat(auto-fill, minmax(min(100%, 15rem), 1fr));
  }
  .alternatives .time {
    white-space: normal;
    text-align: center;
  }
  :host([compact]) .month-title,
  :host([compact]) .panel-title {
    font-size: 1rem;
  }
  :host([compact]) .picker,
  :host([compact]) .layout {
    gap: 0.75rem;
  }
`;
