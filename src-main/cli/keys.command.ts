// `hubkeys keys list|create|record|update|delete|verify|copy`: key actions over the contract, with the documented JSON shape (plain Node).
import type { Connection } from '../contract/hubs.contract'
import type { KeyDetail } from '../contract/inventory.contract'
import { allowsAll } from '../contract/ip-rules'
import type { KeyView } from '../contract/keys.contract'
import { parseFilterTokens } from '../contract/filter-tokens'
import { AppError } from '../contract/result'
import { iso, listOption, parse, timeOption, UsageError } from './command-args'
import { connectionNamed, type CommandContext } from './command-context'
import { json, line, lines, table, type TerminalText } from './terminal-text'
import { keysCopy } from './keys-copy.command'
import { headerOption, keysRecord } from './keys-record.command'

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
type KeyJson = ReturnType<typeof keyJson> &
  Partial<Pick<KeyDetail, 'roleName' | 'owner' | 'ownerName'>>

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
      keys.push({
        ...keyJson({ name: detail.connectionName, kind: detail.kind }, fromDetail(detail)),
        // Names read at sync, so a script need not map Cycle role ids or creator ids itself.
        roleName: detail.roleName,
        owner: detail.owner,
        ownerName: detail.ownerName
      })
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

/** `--expires ISO` sets the expiry, `--expires never` removes it. */
const expiresOption = (value: string | undefined): number | null | undefined =>
  value === 'never' ? null : timeOption('expires', value)

/** `--status active|inactive`; other statuses are the hub's to set. */
const statusOption = (value: string | undefined): 'active' | 'inactive' | undefined => {
  if (value === undefined || value === 'active' || value === 'inactive') return value
  throw new UsageError('--status must be active or inactive')
}

const update = async (ctx: CommandContext, rest: string[]): Promise<number> => {
  const { values } = parse(rest, {
    ...common,
    name: { type: 'string' },
    role: { type: 'string' },
    ips: { type: 'string' },
    status: { type: 'string' },
    expires: { type: 'string' },
    notes: { type: 'string' },
    tags: { type: 'string' },
    owner: { type: 'string' },
    header: { type: 'string', multiple: true }
  })
  if (typeof values.key !== 'string') throw new UsageError('--key ID is required')
  const headers = headerOption(values.header)
  const ips = listOption(values.ips)
  const status = statusOption(values.status)
  const expiresAt = expiresOption(values.expires)
  // Tags: `a,b`; `none` or "" clears them.
  const tags = listOption(values.tags)
  const hubPatch = {
    ...(typeof values.name === 'string' ? { name: values.name } : {}),
    ...(typeof values.role === 'string' ? { role: values.role } : {}),
    ...(ips !== undefined ? { ips } : {}),
    ...(status !== undefined ? { status } : {}),
    ...(expiresAt !== undefined ? { expiresAt } : {}),
    ...(headers !== undefined ? { headers } : {})
  }
  // Hubkeys' own fields: "" clears notes or owner.
  const localPatch = {
    ...(typeof values.notes === 'string' ? { notes: values.notes } : {}),
    ...(tags !== undefined ? { tags: tags ?? [] } : {}),
    ...(typeof values.owner === 'string' ? { owner: values.owner } : {})
  }
  if (Object.keys(hubPatch).length === 0 && Object.keys(localPatch).length === 0)
    throw new UsageError(
      'say what to change: --name, --role, --ips, --header, --status, --expires, --notes, --tags or --owner'
    )
  await ctx.unlock()
  const connection = await connectionNamed(ctx, values.hub)
  const at = { connectionId: connection.id, keyId: values.key }
  // The hub first: when it refuses, nothing of Hubkeys' own changes either.
  const updated =
    Object.keys(hubPatch).length > 0 ? await ctx.call('keys:update', { ...at, ...hubPatch }) : null
  const annotated =
    Object.keys(localPatch).length > 0
      ? await ctx.call('keys:annotate', {
          ...at,
          // The hub may have answered under a new id; Hubkeys' own id stays.
          ...(updated?.localId ? { keyId: updated.localId } : {}),
          ...localPatch
        })
      : null
  const localId = annotated?.localId ?? updated?.localId
  const [detail] = localId ? await ctx.call('keys:get-many', { ids: [localId] }) : []
  if (values.json) {
    const key = detail ? fromDetail(detail) : updated
    if (!key) throw new AppError('NOT_FOUND', 'The key was updated but could not be read back.')
    ctx.print(
      json({
        ...keyJson(connection, key),
        ...(detail ? { owner: detail.owner, tags: detail.tags, notes: detail.notes } : {})
      })
    )
  } else {
    const shown = detail ?? updated
    ctx.print(
      shown ? line`Updated ${shown.hubKeyId} (${shown.name}).` : line`Updated ${values.key}.`
    )
  }
  return 0
}

const remove = async (ctx: CommandContext, rest: string[]): Promise<number> => {
  const { values } = parse(rest, {
    ...common,
    yes: { type: 'boolean', default: false },
    'confirm-name': { type: 'string' }
  })
  if (typeof values.key !== 'string') throw new UsageError('--key ID is required')
  if (!values.yes) throw new UsageError('deleting a key cannot be undone; add --yes to confirm')
  await ctx.unlock()
  const connection = await connectionNamed(ctx, values.hub)
  const confirmName = values['confirm-name']
  if (connection.environment === 'prod' && typeof confirmName !== 'string')
    throw new UsageError(
      `${connection.name} is a production connection: add --confirm-name with the key's name`
    )
  const { removedAt } = await ctx.call('keys:delete', {
    connectionId: connection.id,
    keyId: values.key,
    ...(typeof confirmName === 'string' ? { confirmName } : {})
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
    case 'record':
      return keysRecord(ctx, rest)
    case 'update':
      return update(ctx, rest)
    case 'delete':
      return remove(ctx, rest)
    case 'verify':
      return verify(ctx, rest)
    case 'copy':
      return keysCopy(ctx, rest)
    default:
      throw new UsageError('keys needs list, create, record, update, delete, verify or copy')
  }
}
