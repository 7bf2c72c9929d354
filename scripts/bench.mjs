// The project's benchmark (`npm run bench`). Each section lives in scripts/bench/<name>.mjs and
// exports `description` and `run()`, which resolves to measurements
// `{label, value (ms), budget? (ms), note?}`; this script prints medians against their budgets.
//
//   node scripts/bench.mjs              # every section
//   node scripts/bench.mjs slots        # only the named sections
//   node scripts/bench.mjs --check      # exit non-zero when a measurement is over its budget
//
// Absolute milliseconds differ between machines; budgets are those of QUALITY.md.

/** Section name → loader. Add new sections (element rendering, bundle load…) here. */
const SECTIONS = {
  slots: () => import('./bench/slots.mjs'),
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
    const value = `${r.value.toFixed(3).padStart(9)} ms`;
    let verdict = '';
    if (r.budget !== undefined) {
      const pass = r.value <= r.budget;
      if (!pass) failures++;
      verdict = `  budget ≤ ${String(r.budget).padStart(3)} ms  ${pass ? 'PASS' : 'FAIL'}`;
    } else {
      verdict = '  (no budget)';
    }
    console.log(`  ${r.label.padEnd(width)} ${value}${verdict}${r.note ? `  — ${r.note}` : ''}`);
  }
}

if (failures > 0) {
  console.log(`\n${failures} measurement(s) over budget${check ? '' : ' (pass --check to fail the run)'}.`);
  if (check) process.exitCode = 1;
} else {
  console.log('\nAll measurements within budget.');
}
