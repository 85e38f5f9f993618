// The logging port core writes to; composition roots give it a sink that scrubs secrets.
export type LogLevel = 'debug' | 'info' | 'warn' | 'error'

export interface Logger {
  log(level: LogLevel, message: string, fields?: Record<string, unknown>): void
}

/** A logger that drops everything, for tests and tools that do not log. */
export const silentLogger: Logger = { log: () => undefined }
