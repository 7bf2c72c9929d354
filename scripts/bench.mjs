// The project's benchmark (`npm run bench`). Each section lives in scripts/bench/<name>.mjs and
// exports `description` and `run()`, which resolves to a list of measurements:
//
//   {label, value, unit = 'ms', budget?, baseline?, maxRatio?, note?}
//
// `budget` is an absolute ceiling in `unit`; `baseline` + `maxRatio` compare `value` with a
// baseline measured in the same run (e.g. "≤ 1.5× a plain Lit page"). This script prints every
// measurement (medians, computed by the sections) with PASS/FAIL against what it declares.
//
//   node scripts/bench.mjs              # every section
//   node scripts/bench.mjs slots        # only the named sections
//   node scripts/bench.mjs --check      # exit non-zero when a measurement is over its budget
//
// Absolute milliseconds differ between machines (and with load on the machine); budgets are those
// of QUALITY.md.

/** Section name → loader. Add new sections (element rendering, bundle load…) here. */
const SECTIONS = {
  slots: () => import('./bench/slots.mjs'),
  'month-view': () => import('./bench/month-view.mjs'),
  'appointment-list': () => import('./bench/appointment-list.mjs'),
};

const args = process.argv.slice(2);
const check = args.includes('--check');
const names = args.filter((a) => !a.startsWith('--'));
const unknown = names.filter((n) => !(n in SECTIONS));
if (unknown.length > 0) {
  console.error(`Unknown section(s): ${unknown.join(', ')}. Available: ${Object.keys(SECTIONS).join(', ')}`);
  process.exit(2);
}

let failures = 0;
for (const name of names.length > 0 ? names : Object.keys(SECTIONS)) {
  const section = await SECTIONS[name]();
  console.log(`\n[${name}] ${section.description ?? ''}`);
  const results = await section.run();
  const width = Math.max(...results.map((r) => r.label.length));
  for (const r of results) {
    const unit = r.unit ?? 'ms';
    const value = `${r.value.toFixed(3).padStart(9)} ${unit}`;
    const verdicts = [];
    if (r.budget !== undefined) {
      const pass = r.value <= r.budget;
      if (!pass) failures++;
      verdicts.push(`budget ≤ ${String(r.budget).padStart(3)} ${unit}  ${pass ? 'PASS' : 'FAIL'}`);
    }
    if (r.baseline !== undefined) {
      const ratio = r.value / r.baseline;
      const pass = r.maxRatio === undefined || ratio <= r.maxRatio;
      if (!pass) failures++;
      const limit = r.maxRatio === undefined ? '' : ` (≤ ${r.maxRatio}×)  ${pass ? 'PASS' : 'FAIL'}`;
      verdicts.push(`${ratio.toFixed(2)}× baseline ${r.baseline.toFixed(3)} ${unit}${limit}`);
    }
    const verdict = verdicts.length > 0 ? verdicts.join('; ') : '(no budget)';
    console.log(`  ${r.label.padEnd(width)} ${value}  ${verdict}${r.note ? `  — ${r.note}` : ''}`);
  }
}

if (failures > 0) {
  console.log(`\n${failures} measurement(s) over budget${check ? '' : ' (pass --check to fail the run)'}.`);
  if (check) process.exitCode = 1;
} else {
  console.log('\nAll measurements within budget.');
}
