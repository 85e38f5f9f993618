// `hubkeys keys record`: records a key made elsewhere (Optidash keys made before Hubkeys, Data Hub, DM-Hub) with its value from stdin or the environment, and the `--header` option `keys update` shares; plain Node, through the contract.
import type { HeaderRule } from '../contract/hubs.contract'
import { listOption, parse, timeOption, UsageError } from './command-args'
import { connectionNamed, type CommandContext } from './command-context'
import { json, line } from './terminal-text'

/**
 * `--header NAME=VALUE`, repeated; a leading `!` marks a header Owl does not send (its check
 * mark); `--header none` alone clears every header. Undefined when the option is absent.
 */
export const headerOption = (values: string[] | undefined): HeaderRule[] | undefined => {
  if (values === undefined || values.length === 0) return undefined
  if (values.length === 1 && values[0] === 'none') return []
  return values.map((text) => {
    const off = text.startsWith('!')
    const body = off ? text.slice(1) : text
    const at = body.indexOf('=')
    if (at <= 0)
      throw new UsageError(`--header takes NAME=VALUE (a leading ! for "not sent"), not "${text}"`)
    return { name: body.slice(0, at).trim(), value: body.slice(at + 1), enabled: !off }
  })
}

export const keysRecord = async (ctx: CommandContext, rest: string[]): Promise<number> => {
  const { values } = parse(rest, {
    hub: { type: 'string' },
    name: { type: 'string' },
    status: { type: 'string' },
    expires: { type: 'string' },
    created: { type: 'string' },
    owner: { type: 'string' },
    ips: { type: 'string' },
    header: { type: 'string', multiple: true },
    json: { type: 'boolean', default: false },
    'secret-stdin': { type: 'boolean', default: false },
    'password-stdin': { type: 'boolean', default: false }
  })
  if (typeof values.name !== 'string') throw new UsageError('--name is required')
  const status = values.status
  if (status !== undefined && status !== 'active' && status !== 'inactive')
    throw new UsageError('--status must be active or inactive')
  const expiresAt = timeOption('expires', values.expires)
  const createdAt = timeOption('created', values.created)
  const ipRules = listOption(values.ips)
  const headers = headerOption(values.header)
  await ctx.unlock()
  const connection = await connectionNamed(ctx, values.hub)
  // Never log this; it is the key's value.
  const secret = await ctx.secret()
  if (!secret)
    throw new UsageError(
      "the key's value is needed: --secret-stdin (its last line) or HUBKEYS_KEY_SECRET"
    )
  const key = await ctx.call('keys:record', {
    connectionId: connection.id,
    name: values.name,
    secret,
    ...(status ? { status } : {}),
    ...(expiresAt !== undefined ? { expiresAt } : {}),
    ...(createdAt !== undefined ? { createdAt } : {}),
    ...(typeof values.owner === 'string' ? { owner: values.owner } : {}),
    ...(ipRules !== undefined ? { ipRules } : {}),
    ...(headers !== undefined ? { headers } : {})
  })
  ctx.print(
    values.json
      ? json({
          hub: connection.name,
          id: key.hubKeyId,
          localId: key.localId,
          name: key.name,
          fingerprint: key.fingerprint
        })
      : line`${key.hubKeyId}`
  )
  return 0
}
