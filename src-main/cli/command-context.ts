// What every CLI command is handed (contract calls, secrets from stdin or the environment, a safe printer) and the connection lookup by name; plain Node.
import type { Connection } from '../contract/hubs.contract'
import { AppError } from '../contract/result'
import type { Call } from './cli-core'
import { UsageError } from './command-args'
import type { TerminalText } from './terminal-text'

export interface CommandContext {
  /** The core, through dispatch only. */
  call: Call
  /** Unlocks the vault with the password from HUBKEYS_PASSWORD or stdin. */
  unlock(): Promise<void>
  /** The hub credential from HUBKEYS_CREDENTIAL or stdin (after the password line). */
  credential(): Promise<string | undefined>
  /** A key's value to record, from HUBKEYS_KEY_SECRET or stdin (last line). */
  secret(): Promise<string | undefined>
  /** Writes text made safe by terminal-text.ts (escaped values, or JSON). */
  print(text: TerminalText): void
}

/** ASCII case-insensitive, like the store's UNIQUE constraint on connection names. */
const sameName = (a: string, b: string) =>
  a.length === b.length &&
  a.replace(/[A-Z]/g, (c) => c.toLowerCase()) === b.replace(/[A-Z]/g, (c) => c.toLowerCase())

export const connectionNamed = async (
  ctx: CommandContext,
  name: string | undefined
): Promise<Connection> => {
  if (!name) throw new UsageError('--hub NAME is required')
  const connections = await ctx.call('connections:list', {})
  const found = connections.find((c) => sameName(c.name, name))
  if (!found) {
    const names = connections.map((c) => c.name)
    throw new AppError(
      'NOT_FOUND',
      `No connection named "${name}"${names.length ? ` (there are: ${names.join(', ')})` : ''}.`
    )
  }
  return found
}
