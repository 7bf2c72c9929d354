import {css} from 'lit';

export const styles = css`
  :host {
    background: transparent;
  }
  .title {
    font-size: 1.125rem;
    font-weight: 700;
    line-height: 1.25;
    margin: 0 0 0.5rem;
  }
  p {
    margin: 0.375rem 0;
  }
  .checks {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.75rem;
  }
  .check {
    border: 1px solid var(--_border);
    border-inline-start-width: 0.375rem;
    border-radius: var(--_radius);
    padding: 0.75rem var(--_space);
    background: var(--_surface);
  }
  .check.pass {
    border-inline-start-color: var(--_success);
  }
  .check.warn {
    border-inline-start-color: var(--_warning);
  }
  .check.fail {
    border-inline-start-color: var(--_danger);
  }
  .check-head {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.25rem 1rem;
  }
  .check-title {
    font-weight: 600;
  }
  .result {
    display: inline-flex;
    align-items: center;
    gap: 0.375rem;
    font-weight: 600;
    color: var(--_muted);
  }
  .result.pass {
    color: var(--_success);
  }
  .result.warn {
    color: var(--_warning);
  }
  .result.fail {
    color: var(--_danger);
  }
  .icon {
    width: 1.25rem;
    height: 1.25rem;
    flex: none;
    fill: none;
    stroke: currentColor;
    stroke-width: 2;
    stroke-linecap: round;
    stroke-linejoin: round;
  }
  .detail.problem {
    color: var(--_text);
    padding-inline-start: 0.625rem;
    border-inline-start: 3px solid var(--_danger);
  }
  .detail.ok {
    color: var(--_success);
    font-weight: 600;
  }
  .media {
    display: grid;
    gap: 0.5rem;
  }
  .preview-box {
    position: relative;
    width: min(100%, 22rem);
    aspect-ratio: 4 / 3;
    background: #000;
    border-radius: var(--_radius);
    overflow: hidden;
  }
  video {
    display: block;
    width: 100%;
    height: 100%;
    object-fit: cover;
    /* A mirror, as patients expect to see themselves. */
    transform: scaleX(-1);
  }
  video.off {
    visibility: hidden;
  }
  .preview-off {
    position: absolute;
    inset: 0;
    display: grid;
    place-items: center;
    margin: 0;
    color: #fff;
    font-weight: 600;
  }
  .media-controls,
  .actions,
  .selects {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 0.75rem;
    align-items: end;
  }
  button[aria-pressed='true'] {
    background: var(--_accent);
    color: var(--_on-accent);
  }
  button[aria-pressed]::before {
    content: '';
    width: 0.75rem;
    height: 0.75rem;
    border-radius: 50%;
    border: 2px solid currentColor;
  }
  button[aria-pressed='true']::before {
    background: currentColor;
  }
  .meter-row {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25rem 0.75rem;
  }
  meter {
    flex: 1 1 10rem;
    min-width: 8rem;
    height: 1.25rem;
    appearance: none;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface-2);
    overflow: hidden;
  }
  meter::-webkit-meter-bar {
    background: var(--_surface-2);
    border: 0;
    border-radius: 0;
    height: 100%;
  }
  meter::-webkit-meter-optimum-value,
  meter::-webkit-meter-suboptimum-value,
  meter::-webkit-meter-even-less-good-value {
    background: var(--_success);
    transition: inline-size 0.1s;
  }
  meter::-moz-meter-bar {
    background: var(--_success);
  }
  .field {
    display: grid;
    gap: 0.25rem;
    min-width: 0;
    flex: 1 1 12rem;
    margin-block: 0.5rem;
  }
  .field label {
    font-weight: 600;
  }
  select {
    font: inherit;
    min-height: 2.75rem;
    max-width: 100%;
    padding: 0.375rem 0.5rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_text);
  }
  .question p {
    font-weight: 600;
  }
  .summary {
    margin-top: 0.75rem;
    font-weight: 600;
  }
  .summary.ok {
    color: var(--_success);
  }
  .summary.problem {
    padding-inline-start: 0.625rem;
    border-inline-start: 3px solid var(--_warning);
  }
  .check > button,
  .check .media-controls button {
    margin-top: 0.25rem;
  }
`;
