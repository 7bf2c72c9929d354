/**
 * Starts the FHIR test server (`scripts/fhir-server.ts`) as a real process on 127.0.0.1 (a free
 * port it picks), waits for its readiness line, and stops it.
 */
import {spawn, type ChildProcess} from 'node:child_process';

export interface FhirServerProcess {
  /** The FHIR base, `http://127.0.0.1:<port>/fhir/R4`. */
  readonly base: string;
  /** Empties the server and seeds it again (`POST /admin/reset`). */
  reset(): Promise<void>;
  /** Sets the clock of the server's holds (`POST /admin/clock`). */
  setClock(now: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startFhirServerProcess(extraArgs: readonly string[] = []): Promise<FhirServerProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'scripts/fhir-server.ts', '--port', '0', '--admin', ...extraArgs],
    {stdio: ['ignore', 'pipe', 'pipe']},
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const base = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`FHIR server not ready in 45 s\n${stderr}`)), 45_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /FHIR server ready at (http:\/\/127\.0\.0\.1:\d+\/fhir\/R4)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`FHIR server exited (${code})\n${stderr}`));
    });
  });
  const origin = new URL(base).origin;
  return {
    base,
    async reset() {
      const res = await fetch(`${origin}/admin/reset`, {method: 'POST'});
      if (res.status !== 204) throw new Error(`reset failed: ${res.status}`);
    },
    async setClock(now: number) {
      const res = await fetch(`${origin}/admin/clock?now=${Math.round(now)}`, {method: 'POST'});
      if (res.status !== 204) throw new Error(`clock failed: ${res.status}`);
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
