// Parses a CLI command's options and turns their mistakes into usage errors (exit 2); plain Node.
import { parseArgs, type ParseArgsConfig } from 'node:util'

/** A usage error: exit 2. */
export class UsageError extends Error {}

export const parse = <O extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: O
) => {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true })
  } catch (error) {
    // parseArgs explains itself over several lines; the first says what is wrong.
    throw new UsageError(
      (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? ''
    )
  }
}

/** `a,b` is a list, `none` is no restriction (null), absent changes nothing (undefined). */
export const listOption = (value: string | undefined): string[] | null | undefined => {
  if (value === undefined) return undefined
  if (value === 'none') return null
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')
}

/** An ISO-8601 option as epoch ms. */
export const timeOption = (name: string, value: unknown): number | undefined => {
  if (value === undefined) return undefined
  const at = Date.parse(String(value))
  if (Number.isNaN(at))
    throw new UsageError(`--${name} must be an ISO-8601 time such as 2026-11-01T00:00:00Z`)
  return at
}

export const iso = (at: number | null | undefined): string | null =>
  at == null ? null : new Date(at).toISOString()
