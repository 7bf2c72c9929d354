/**
 * The project's accessibility check: axe-core with every WCAG 2.0–2.2 A/AA rule and best
 * practices, `target-size` (WCAG 2.5.8) switched on — which @open-wc/testing's
 * `to.be.accessible()` cannot do. Fails with each violation's id, targets and summary.
 */
import type {AxeResults, RunOptions} from 'axe-core';
// axe-core is a UMD script: imported for its side effect, it sets `window.axe`.
import 'axe-core/axe.js';

const axe = (
  globalThis as unknown as {axe: {run(ctx: Element | Document, o: RunOptions): Promise<AxeResults>}}
).axe;

export async function expectAccessible(root: Element | Document = document, label = ''): Promise<void> {
  const results = await axe.run(root, {
    runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']},
    rules: {
      'target-size': {enabled: true},
      // A fixture is a fragment of a page, not a page: these page-level rules don't apply to it.
      region: {enabled: false},
      'page-has-heading-one': {enabled: false},
      'landmark-one-main': {enabled: false},
    },
    resultTypes: ['violations'],
  });
  if (results.violations.length > 0) {
    const lines = results.violations.map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help}\n` +
        v.nodes.map((n) => `    at ${JSON.stringify(n.target)}: ${n.failureSummary ?? ''}`).join('\n'),
    );
    throw new Error(
      `axe found ${results.violations.length} violation(s)${label ? ` in ${label}` : ''}:\n${lines.join('\n')}`,
    );
  }
}

interface AxeInternals {
  setup(root: Element | Document): unknown;
  teardown(): void;
  utils: {getNodeFromTree(node: Element): unknown};
  commons: {text: {accessibleTextVirtual(vNode: unknown): string}};
}

/**
 * The accessible name of `el` as axe-core computes it (the accessible-name algorithm a screen
 * reader's browser follows), through shadow roots.
 */
export function accessibleName(el: Element): string {
  const a = axe as unknown as AxeInternals;
  a.setup(document);
  try {
    return a.commons.text.accessibleTextVirtual(a.utils.getNodeFromTree(el));
  } finally {
    a.teardown();
  }
}
