// Reads master passwords for the CLI from environment variables or stdin, never from flag values.
export class PasswordInputError extends Error {}

export interface PasswordSource {
  fromStdin: boolean
  count: number
  /** Environment variables to read, one per password, when not reading stdin. */
  env: string[]
  /** When true, a missing password yields an empty list instead of an error. */
  optional?: boolean
  stdin?: NodeJS.ReadableStream
  environment?: NodeJS.ProcessEnv
}

const readAll = async (stream: NodeJS.ReadableStream): Promise<string> => {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk))
  return Buffer.concat(chunks).toString('utf8')
}

export const readPasswords = async (source: PasswordSource): Promise<string[]> => {
  const environment = source.environment ?? process.env
  if (source.fromStdin) {
    const text = await readAll(source.stdin ?? process.stdin)
    // One password per line; a trailing newline (from `echo`) is not part of the password.
    const lines = text.split(/\r?\n/)
    if (lines.at(-1) === '') lines.pop()
    if (lines.length < source.count || lines.slice(0, source.count).some((line) => line === '')) {
      throw new PasswordInputError(
        `expected ${source.count} password line${source.count === 1 ? '' : 's'} on standard input.`
      )
    }
    return lines.slice(0, source.count)
  }
  const values = source.env.map((name) => environment[name])
  if (values.every((value) => value === undefined || value === '') && source.optional) return []
  const missing = source.env.filter((_name, i) => !values[i])
  if (missing.length > 0) {
    throw new PasswordInputError(
      `set ${missing.join(' and ')} or pass --password-stdin (passwords are never taken from flags).`
    )
  }
  return values as string[]
}
