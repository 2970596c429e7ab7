/**
 * A minimal leveled logger writing one line per event to stderr (stdout stays free for CLI output).
 *
 * Log lines never carry personal data or secrets (issue 11 item 4): errors are written through
 * {@link safeError}, which keeps what diagnoses a fault (name, message, SQL text with its $n placeholders,
 * PostgreSQL code, constraint, stack) and drops what carries values — the query parameters Drizzle, PGlite
 * and node-postgres attach (`params`, `parameters`, `queryOptions`), PostgreSQL's `detail` ("Failing row
 * contains (…)", "Key (…)=(…)"), `where` and `internalQuery`. Plain fields named like passwords, bodies or
 * parameters are replaced by '[redacted]' too.
 *
 * @example
 * const log = createLogger('info');
 * log.info('listening', { port: 8080 });
 * log.error('unhandled error', { error }); // the query's parameters are not in the line
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/** A logger printing events at `level` and above. */
export function createLogger(level: LogLevel = 'info', write: (line: string) => void = (l) => process.stderr.write(l)): Logger {
  const at = (lvl: Exclude<LogLevel, 'silent'>) => (message: string, fields?: Record<string, unknown>) => {
    if (ORDER[lvl] < ORDER[level]) return;
    const extra = fields ? ` ${JSON.stringify(fields, redactingReplacer)}` : '';
    write(`${new Date().toISOString()} ${lvl.toUpperCase().padEnd(5)} ${redactText(message)}${extra}\n`);
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** Field names whose values are never logged, whatever object they sit in. */
const REDACTED_KEYS = /^(password.*|.*password|passwordhash|secret|token|params|parameters|queryoptions|body|detail|internalquery|where)$/i;

/** Error fields worth keeping: they name the fault, not the data. */
const ERROR_FIELDS = ['code', 'severity', 'constraint', 'table', 'column', 'schema', 'dataType', 'routine', 'status'] as const;

/**
 * A loggable copy of an error: message, SQL text, PostgreSQL code and stack, without any value of the
 * failed statement (see the module comment). Causes are followed (Drizzle wraps the driver's error).
 */
export function safeError(error: Error, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = { name: error.name, message: redactText(error.message) };
  for (const field of ERROR_FIELDS) {
    const value = (error as unknown as Record<string, unknown>)[field];
    if (typeof value === 'string' || typeof value === 'number') out[field] = value;
  }
  const query = (error as { query?: unknown }).query;
  if (typeof query === 'string') out.query = query.slice(0, 2000);
  if (error.stack) out.stack = redactText(error.stack);
  const cause = (error as { cause?: unknown }).cause;
  if (cause !== undefined && depth < 5) out.cause = cause instanceof Error ? safeError(cause, depth + 1) : '[redacted]';
  return out;
}

/**
 * Removes values from an error text: Drizzle's "params: …" part (up to the stack frames), and the literal a
 * PostgreSQL message ends with (`invalid input syntax for type date: "…"`, `… out of range: "…"`).
 */
export function redactText(text: string): string {
  return text
    .replace(/\nparams: [\s\S]*?(?=\n\s+at |$)/, '\nparams: [redacted]')
    .replace(/(: )"(?:[^"\\\n]|\\.)*"(?=\s*(\n|$))/gm, '$1"[redacted]"');
}

function redactingReplacer(key: string, value: unknown): unknown {
  if (key !== '' && REDACTED_KEYS.test(key)) return '[redacted]';
  if (value instanceof Error) return safeError(value);
  if (typeof value === 'string') return redactText(value);
  return value;
}
