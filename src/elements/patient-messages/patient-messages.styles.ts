import {css} from 'lit';

export const styles = css`
  .header {
    margin-bottom: 0.75rem;
  }
  h3 {
    font-size: 1.125rem;
    margin-block: 1rem 0.5rem;
  }
  p {
    margin: 0.25rem 0;
  }
  ul.conversations,
  ol.thread {
    list-style: none;
    padding: 0;
    margin: 0.5rem 0 0;
  }
  ul.conversations li {
    border-top: 1px solid var(--_border);
  }
  ul.conversations button {
    display: block;
    width: 100%;
    text-align: start;
    border: 0;
    border-radius: 0;
    background: transparent;
    padding: 0.75rem 0.25rem;
    min-height: 2.75rem;
  }
  ul.conversations button:hover {
    background: var(--_surface-alt, transparent);
  }
  .topic {
    font-weight: 600;
  }
  .badge {
    display: inline-block;
    border-radius: 999px;
    padding: 0 0.5rem;
    margin-inline-start: 0.5rem;
    background: var(--_accent);
    color: var(--_on-accent);
    font-size: 0.8125rem;
    line-height: 1.5rem;
  }
  .line {
    display: block;
  }
  .meta {
    color: var(--_muted, inherit);
    font-size: 0.875rem;
  }
  ol.thread li {
    margin-block: 0.75rem;
    padding: 0.5rem 0.75rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    max-width: 36rem;
  }
  ol.thread li.own {
    margin-inline-start: auto;
    border-inline-start: 4px solid var(--_accent);
  }
  ol.thread li.clinic {
    border-inline-start: 4px solid var(--_border-strong, var(--_border));
  }
  .body {
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  ol.thread ul.files {
    list-style: none;
    padding: 0;
    margin: 0.5rem 0 0;
  }
  ol.thread ul.files li {
    margin: 0;
    padding: 0.375rem 0 0;
    border: 0;
    border-top: 1px solid var(--_border);
    border-radius: 0;
    max-width: none;
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25rem 0.75rem;
  }
  .file-name {
    flex-basis: 100%;
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .file-actions {
    display: flex;
    gap: 0.5rem;
    margin-inline-start: auto;
  }
  .expect {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.5rem 0.75rem;
    margin-block: 0.75rem;
  }
  .emergency {
    font-weight: 600;
  }
  .field {
    margin-block: 0.75rem;
  }
  label {
    display: block;
    font-weight: 600;
  }
  .field-error {
    color: var(--_danger);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    margin-block: 0.5rem;
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
