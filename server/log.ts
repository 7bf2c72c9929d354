/**
 * The server's log: one JSON object per line on stderr (`{"time", "level", "msg", …fields}`).
 * Callers pass only what an operator needs — codes, counts, ids of requests — never a patient's
 * name, email, phone, date of birth, a token or a code, nor a connection string's password.
 */
export type LogLevel = 'info' | 'warn' | 'error';

export type LogFields = Record<string, string | number | boolean | undefined>;

let sink: (line: string) => void = (line) => process.stderr.write(`${line}\n`);

export function log(level: LogLevel, msg: string, fields: LogFields = {}): void {
  sink(JSON.stringify({time: new Date().toISOString(), level, msg, ...fields}));
}

/** Sends the log lines elsewhere (tests); returns the function that restores the previous sink. */
export function captureLog(to: (line: string) => void): () => void {
  const previous = sink;
  sink = to;
  return () => {
    sink = previous;
  };
}
