// `hubkeys keys copy`: a key's value (or its header, curl or .env line) to the system clipboard through a clipboard tool, or printed with --stdout; over the contract (plain Node).
import { copyFormats, type CopyFormat } from '../contract/key-secret.contract'
import { AppError } from '../contract/result'
import { findClipboardTool, noClipboardTool, writeWithClipboardTool } from './clipboard-tool'
import { parse, UsageError } from './command-args'
import { connectionNamed, type CommandContext } from './command-context'
import { line } from './terminal-text'

const isFormat = (value: string): value is CopyFormat =>
  (copyFormats as readonly string[]).includes(value)

export const keysCopy = async (
  ctx: CommandContext,
  rest: string[],
  env: NodeJS.ProcessEnv = process.env
): Promise<number> => {
  const { values } = parse(rest, {
    hub: { type: 'string' },
    key: { type: 'string' },
    as: { type: 'string', default: 'value' },
    stdout: { type: 'boolean', default: false },
    'password-stdin': { type: 'boolean', default: false }
  })
  if (typeof values.key !== 'string') throw new UsageError('--key ID is required')
  const as = values.as ?? 'value'
  if (!isFormat(as)) throw new UsageError(`--as must be one of ${copyFormats.join(', ')}`)
  // Found before the vault is opened: with nowhere to put it, the value is never read.
  const tool = values.stdout ? undefined : findClipboardTool(env)
  if (!values.stdout && !tool) throw new AppError('UNSUPPORTED', noClipboardTool)
  await ctx.unlock()
  const connection = await connectionNamed(ctx, values.hub)
  const copied = await ctx.call('keys:copy', { connectionId: connection.id, keyId: values.key, as })
  // The CLI's core has no clipboard of its own, so the answer carries the text for this one write.
  const text = copied.text
  if (text === undefined) throw new AppError('INTERNAL', 'The core answered no text to copy.')
  if (values.stdout) {
    // Asked for on purpose; control characters are escaped like everything the CLI prints.
    ctx.print(line`${text}`)
    return 0
  }
  await writeWithClipboardTool(tool!, text, env)
  ctx.print(
    line`Copied (${as}) with ${tool!.command}. The command line cannot clear the clipboard later: clear it when you are done.`
  )
  return 0
}
