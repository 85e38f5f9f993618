// The logging port core writes to; composition roots give it a sink that scrubs secrets.
export type LogLevel = 'debug' | 'info' | 'warn' | 'error'

/**
 * A log line's fields: plain scalars only, so a `Secret` (or an object that might hold one) is a
 * type error here rather than something the sink has to catch.
 */
export type LogFields = Record<string, string | number | boolean | null | undefined>

export interface Logger {
  log(level: LogLevel, message: string, fields?: LogFields): void
}

/** A logger that drops everything, for tests and tools that do not log. */
export const silentLogger: Logger = { log: () => undefined }
