// A Logger that appends scrubbed JSON lines to `<dataDir>/logs/hubkeys.log`; used by every composition root.
import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { LogLevel, Logger } from '../../core/ports/logger.port'
import { redact, redactFields } from '../../common/redact'

export interface FileLoggerOptions {
  dataDir: string
  /** Lowest level written. */
  level?: LogLevel
  /** Rotate to `hubkeys.log.1` past this size. */
  maxBytes?: number
  now?: () => number
  /** Also echo to stderr (development). */
  echo?: boolean
}

const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 }

export const createFileLogger = (options: FileLoggerOptions): Logger & { path: string } => {
  const dir = join(options.dataDir, 'logs')
  const path = join(dir, 'hubkeys.log')
  const min = order[options.level ?? 'info']
  const maxBytes = options.maxBytes ?? 5 * 1024 * 1024
  const now = options.now ?? Date.now
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  return {
    path,
    log(level, message, fields) {
      if (order[level] < min) return
      // Scrubbed here, at the sink, so no caller can forget: every Authorization style, key-bearing
      // field names and URLs (Optidash puts the key in the path).
      const line = JSON.stringify({
        at: new Date(now()).toISOString(),
        level,
        message: redact(message),
        ...(fields ? { fields: redactFields(fields) } : {})
      })
      try {
        if ((statSync(path, { throwIfNoEntry: false })?.size ?? 0) > maxBytes) renameSync(path, `${path}.1`)
        appendFileSync(path, `${line}\n`, { mode: 0o600 })
        if (options.echo) process.stderr.write(`${line}\n`)
      } catch {
        // Logging must never take the app down; a full disk shows up elsewhere.
      }
    }
  }
}
