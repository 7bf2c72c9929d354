#!/usr/bin/env node
/**
 * `npm run lint:api` (part of `npm run lint`): `redocly lint` of the REST contract,
 * `server/openapi.yaml`, with the rules of `redocly.yaml` (the recommended ones, every one an
 * error, and our own). Fails on any problem, warnings included — also on a warning about
 * `redocly.yaml` itself, which redocly reports and then passes with the rules it could not read
 * left out.
 */
import {spawnSync} from 'node:child_process';
import {fileURLToPath} from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = fileURLToPath(new URL('../node_modules/@redocly/cli/bin/cli.js', import.meta.url));
const run = spawnSync(
  process.execPath,
  [cli, 'lint', 'server/openapi.yaml', '--config', 'redocly.yaml', '--format', 'stylish'],
  {cwd: root, encoding: 'utf8', env: {...process.env, REDOCLY_SUPPRESS_NOTIFICATIONS: 'true'}},
);
const output = `${run.stdout ?? ''}${run.stderr ?? ''}`;
process.stdout.write(output);
if (run.error) throw run.error;
// A problem, of the document or of the configuration, is a numbered line (`[1] file:line:col`)
// in the default format and `file:line:col  error|warning  rule` in stylish.
const problems = output.split('\n').filter((l) => /^\[\d+\] |\s(error|warning)\s/.test(l));
if (run.status !== 0 || problems.length > 0) {
  console.error(`lint:api: ${problems.length} problem(s) in server/openapi.yaml or redocly.yaml`);
  process.exit(1);
}
