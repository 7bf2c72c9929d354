/**
 * For the long-running commands (`npm start`, `npm run start:fhir`): close the site and exit on
 * SIGINT, SIGTERM or SIGHUP, and also when orphaned (npm, or the shell between, was stopped), so
 * nothing is left holding the port (issue #23 item 14).
 */
export function stopOnSignals(close) {
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.on('SIGHUP', stop);
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) stop();
  }, 500).unref();
}
