// `hubkeys keys list|create|update|delete|verify|copy`: key actions over the contract, with the documented JSON shape (plain Node).
import type { Connection } from '../contract/hubs.contract'
import type { KeyDetail } from '../contract/inventory.contract'
import { allowsAll } from '../contract/ip-rules'
import type { KeyView } from '../contract/keys.contract'
import { parseFilterTokens } from '../contract/filter-tokens'
import { iso, listOption, parse, UsageError } from './command-args'
import { connectionNamed, type CommandContext } from './command-context'
import { json, line, lines, table, type TerminalText } from './terminal-text'
import { keysCopy } from './keys-copy.command'

type KeyFields = Pick<
  KeyView,
  | 'hubKeyId'
  | 'localId'
  | 'tenant'
  | 'name'
  | 'status'
  | 'role'
  | 'ipRules'
  | 'createdAt'
  | 'expiresAt'
  | 'lastUsedAt'
  | 'fingerprint'
>

/** The documented `--json` shape of a key (README "Command line"): never the secret. */
const keyJson = (connection: Pick<Connection, 'name' | 'kind'>, key: KeyFields) => ({
  hub: connection.name,
  kind: connection.kind,
  id: key.hubKeyId,
  localId: key.localId,
  tenant: key.tenant,
  name: key.name,
  status: key.status,
  role: key.role,
  ips: key.ipRules,
  allowsAll: allowsAll(key.ipRules),
  created: iso(key.createdAt),
  expires: iso(key.expiresAt),
  lastUsed: iso(key.lastUsedAt),
  fingerprint: key.fingerprint
})
type KeyJson = ReturnType<typeof keyJson>

const fromDetail = (detail: KeyDetail): KeyFields => ({ ...detail, localId: detail.id })

const keyTable = (keys: KeyJson[]): TerminalText =>
  table([
    ['HUB', 'ID', 'NAME', 'STATUS', 'IPS', 'EXPIRES'],
    ...keys.map((k) => [
      k.hub,
      k.id.length > 26 ? `${k.id.slice(0, 25)}…` : k.id,
      k.name,
      k.status,
      k.ips === null ? 'any' : k.allowsAll ? 'any (/0)' : String(k.ips.length),
      k.expires?.slice(0, 10) ?? 'never'
    ])
  ])

const common = {
  hub: { type: 'string' as const },
  key: { type: 'string' as const },
  json: { type: 'boolean' as const, default: false },
  'password-stdin': { type: 'boolean' as const, default: false }
}

const list = async (ctx: CommandContext, rest: string[]): Promise<number> => {
  const { values } = parse(rest, {
    ...common,
    search: { type: 'string' },
    filter: { type: 'string', multiple: true },
    live: { type: 'boolean', default: false }
  })
  let filter
  try {
    filter = parseFilterTokens(values.filter ?? [])
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error))
  }
  await ctx.unlock()
  if (values.live) {
    const connection = await connectionNamed(ctx, values.hub)
    const { keys: live } = await ctx.call('keys:list-live', { connectionId: connection.id })
    const keys = live.map((key) => keyJson(connection, key))
    ctx.print(values.json ? json(keys) : keys.length ? keyTable(keys) : line`No keys.`)
    return 0
  }
  const only = typeof values.hub === 'string' ? await connectionNamed(ctx, values.hub) : undefined
  const query = {
    search: values.search ?? '',
    filter: { ...filter, ...(only ? { connectionIds: [only.id] } : {}) },
    sort: { field: 'name' as const, direction: 'asc' as const },
    limit: 500
  }
  const keys: KeyJson[] = []
  let cursor: string | undefined
  do {
    const page = await ctx.call('keys:query', { ...query, ...(cursor ? { cursor } : {}) })
    // One call per page for the details (IP rules, fingerprint) the table rows leave out.
    const details =
      page.rows.length > 0
        ? await ctx.call('keys:get-many', { ids: page.rows.map((row) => row.id) })
        : []
    for (const detail of details) {
      keys.push(keyJson({ name: detail.connectionName, kind: detail.kind }, fromDetail(detail)))
    }
    cursor = page.nextCursor ?? undefined
  } while (cursor)
  ctx.print(values.json ? json(keys) : keys.length ? keyTable(keys) : line`No keys match.`)
  return 0
}

const create = async (ctx: CommandContext, rest: string[]): Promise<number> => {
  const { values } = parse(rest, {
    ...common,
    name: { type: 'string' },
    role: { type: 'string' },
    ips: { type: 'string' },
    'show-secret': { type: 'boolean', default: false },
    'secret-stdin': { type: 'boolean', default: false }
  })
  if (typeof values.name !== 'string') throw new UsageError('--name is required')
  await ctx.unlock()
  const connection = await connectionNamed(ctx, values.hub)
  const ips = listOption(values.ips)
  // Never log this; it is the key's value, for hubs whose keys Hubkeys records.
  const secret = await ctx.secret()
  // The core stores the value in the vault first and answers it only because --show-secret asks.
  const created = await ctx.call('keys:create', {
    connectionId: connection.id,
    name: values.name,
    showSecret: values['show-secret'],
    ...(secret ? { secret } : {}),
    ...(typeof values.role === 'string' ? { role: values.role } : {}),
    ...(ips !== undefined ? { ips } : {})
  })
  const shown = created.secret
  if (values.json)
    ctx.print(json({ ...keyJson(connection, created.key), ...(shown ? { secret: shown } : {}) }))
  else
    ctx.print(
      shown ? lines(line`${created.key.hubKeyId}`, line`${shown}`) : line`${created.key.hubKeyId}`
    )
  return 0
}

const update = async (ctx: CommandContext, rest: string[]): Promise<number> => {
  const { values } = parse(rest, {
    ...common,
    name: { type: 'string' },
    role: { type: 'string' },
    ips: { type: 'string' }
  })
  if (typeof values.key !== 'string') throw new UsageError('--key ID is required')
  const ips = listOption(values.ips)
  const patch = {
    ...(typeof values.name === 'string' ? { name: values.name } : {}),
    ...(typeof values.role === 'string' ? { role: values.role } : {}),
    ...(ips !== undefined ? { ips } : {})
  }
  if (Object.keys(patch).length === 0)
    throw new UsageError('say what to change: --name, --ips or --role')
  await ctx.unlock()
  const connection = await connectionNamed(ctx, values.hub)
  const updated = await ctx.call('keys:update', {
    connectionId: connection.id,
    keyId: values.key,
    ...patch
  })
  ctx.print(
    values.json
      ? json(keyJson(connection, updated))
      : line`Updated ${updated.hubKeyId} (${updated.name}).`
  )
  return 0
}

const remove = async (ctx: CommandContext, rest: string[]): Promise<number> => {
  const { values } = parse(rest, { ...common, yes: { type: 'boolean', default: false } })
  if (typeof values.key !== 'string') throw new UsageError('--key ID is required')
  if (!values.yes) throw new UsageError('deleting a key cannot be undone; add --yes to confirm')
  await ctx.unlock()
  const connection = await connectionNamed(ctx, values.hub)
  const { removedAt } = await ctx.call('keys:delete', {
    connectionId: connection.id,
    keyId: values.key
  })
  ctx.print(
    removedAt === 'hubkeys'
      ? line`Forgot ${values.key} in Hubkeys; it keeps working at ${connection.name} until removed there.`
      : line`Deleted ${values.key}.`
  )
  return 0
}

const verify = async (ctx: CommandContext, rest: string[]): Promise<number> => {
  const { values } = parse(rest, common)
  if (typeof values.key !== 'string') throw new UsageError('--key ID is required')
  await ctx.unlock()
  const connection = await connectionNamed(ctx, values.hub)
  const result = await ctx.call('keys:verify', { connectionId: connection.id, keyId: values.key })
  ctx.print(
    values.json ? json(result) : line`${result.valid ? 'valid' : 'INVALID'}: ${result.detail}`
  )
  return result.valid ? 0 : 1
}

export const keysCommand = async (ctx: CommandContext, args: string[]): Promise<number> => {
  const [verb, ...rest] = args
  switch (verb) {
    case 'list':
      return list(ctx, rest)
    case 'create':
      return create(ctx, rest)
    case 'update':
      return update(ctx, rest)
    case 'delete':
      return remove(ctx, rest)
    case 'verify':
      return verify(ctx, rest)
    case 'copy':
      return keysCopy(ctx, rest)
    default:
      throw new UsageError('keys needs list, create, update, delete, verify or copy')
  }
}
