// The CLI's hub, key, usage, sync and hygiene commands over the in-process core (plain Node).
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { allowsAll } from '../contract/ip-rules'
import {
  environmentSchema,
  hubKindSchema,
  usageIntervalSchema,
  type Connection,
  type UsagePoint
} from '../contract/hubs.contract'
import { AppError } from '../contract/result'
import type { AppCore } from '../core/app-core'
import { parseFilterTokens } from '../core/inventory/filter-tokens'
import type { KeyRecord } from '../core/ports/inventory-store.port'
import type { HubKey } from '../contract/hubs.contract'

/** A usage error: exit 2. */
export class UsageError extends Error {}

export interface CommandContext {
  core: AppCore
  /** Unlocks the vault with the password from HUBKEYS_PASSWORD or stdin. */
  unlock(): Promise<void>
  /** The hub credential from HUBKEYS_CREDENTIAL or stdin (after the password line). */
  credential(): Promise<string | undefined>
  /** A key's value to record, from HUBKEYS_KEY_SECRET or stdin (last line). */
  secret(): Promise<string | undefined>
  print(line: string): void
}

const parse = <O extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: O) => {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true })
  } catch (error) {
    // parseArgs explains itself over several lines; the first says what is wrong.
    throw new UsageError(
      (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? ''
    )
  }
}

const iso = (at: number | null | undefined): string | null =>
  at == null ? null : new Date(at).toISOString()

const hubByName = (core: AppCore, name: string | undefined): Connection => {
  if (!name) throw new UsageError('--hub NAME is required')
  const found = core.connections.findByName(name)
  if (!found) {
    const names = core.connections.list().map((c) => c.name)
    throw new AppError(
      'NOT_FOUND',
      `No connection named "${name}"${names.length ? ` (there are: ${names.join(', ')})` : ''}.`
    )
  }
  return found
}

/** The documented `--json` shape of a key (README "CLI"): never the secret. */
const keyJson = (
  connection: Pick<Connection, 'name' | 'kind'>,
  key: HubKey & Partial<Pick<KeyRecord, 'id' | 'hubKeyId'>>
) => ({
  hub: connection.name,
  kind: connection.kind,
  id: key.hubKeyId,
  localId: key.id ?? null,
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

const table = (rows: string[][]): string => {
  const widths =
    rows[0]?.map((_, col) => Math.max(...rows.map((row) => (row[col] ?? '').length))) ?? []
  return rows
    .map((row) =>
      row
        .map((cell, col) => cell.padEnd(widths[col] ?? 0))
        .join('  ')
        .trimEnd()
    )
    .join('\n')
}

const keyTable = (keys: ReturnType<typeof keyJson>[]): string =>
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

const listOption = (value: string | undefined): string[] | null | undefined => {
  if (value === undefined) return undefined
  if (value === 'none') return null
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')
}

const usageCsv = (points: UsagePoint[]): string =>
  [
    'bucket,requests,bytes',
    ...points.map((p) => `${new Date(p.at).toISOString()},${p.requests ?? ''},${p.bytes ?? ''}`)
  ].join('\n')

export const hubsCommand = async (ctx: CommandContext, args: string[]): Promise<number> => {
  const [verb, ...rest] = args
  const { core, print } = ctx
  switch (verb) {
    case 'add': {
      const { values } = parse(rest, {
        kind: { type: 'string' },
        name: { type: 'string' },
        url: { type: 'string' },
        'hub-id': { type: 'string' },
        'base-path': { type: 'string' },
        'server-version': { type: 'string' },
        'export-path': { type: 'string' },
        env: { type: 'string' },
        colour: { type: 'string' },
        'ca-file': { type: 'string' },
        insecure: { type: 'boolean', default: false },
        'credential-stdin': { type: 'boolean', default: false },
        'password-stdin': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false }
      })
      const kind = hubKindSchema.safeParse(values.kind)
      if (!kind.success)
        throw new UsageError(`--kind must be one of ${hubKindSchema.options.join(', ')}`)
      if (typeof values.name !== 'string' || typeof values.url !== 'string')
        throw new UsageError('--name and --url are required')
      const env = values.env === undefined ? 'dev' : environmentSchema.safeParse(values.env)
      if (typeof env !== 'string' && !env.success)
        throw new UsageError('--env must be prod, staging or dev')
      let caPem: string | undefined
      if (typeof values['ca-file'] === 'string') {
        const { readFileSync } = await import('node:fs')
        try {
          caPem = readFileSync(values['ca-file'], 'utf8')
        } catch {
          throw new AppError('BAD_REQUEST', `Cannot read the CA file ${values['ca-file']}.`)
        }
      }
      await ctx.unlock()
      const credential = await ctx.credential()
      const settings = {
        ...(typeof values['hub-id'] === 'string' ? { hubId: values['hub-id'] } : {}),
        ...(typeof values['base-path'] === 'string' ? { basePath: values['base-path'] } : {}),
        ...(typeof values['server-version'] === 'string'
          ? { serverVersion: values['server-version'] }
          : {}),
        ...(typeof values['export-path'] === 'string' ? { exportPath: values['export-path'] } : {})
      }
      const added = core.connections.add({
        name: values.name,
        kind: kind.data,
        baseUrl: values.url,
        settings,
        environment: typeof env === 'string' ? env : env.data,
        ...(typeof values.colour === 'string' ? { colour: values.colour } : {}),
        tls: { allowInvalidCertificate: values.insecure === true, ...(caPem ? { caPem } : {}) },
        ...(credential ? { credential } : {})
      })
      if (values.insecure) print(`Warning: "${added.name}" accepts invalid TLS certificates.`)
      print(
        values.json
          ? JSON.stringify(added)
          : `Added ${added.kind} connection "${added.name}" (${added.environment}).`
      )
      return 0
    }
    case 'list': {
      const { values } = parse(rest, {
        json: { type: 'boolean', default: false },
        'password-stdin': { type: 'boolean', default: false }
      })
      await ctx.unlock()
      const status = new Map(core.sync.status().map((s) => [s.connectionId, s]))
      const list = core.connections.list().map((c) => ({
        name: c.name,
        kind: c.kind,
        url: c.baseUrl,
        environment: c.environment,
        settings: c.settings,
        insecure: c.tls.allowInvalidCertificate,
        keys: status.get(c.id)?.keys ?? 0,
        sync: status.get(c.id)?.state ?? 'never',
        lastSync: iso(status.get(c.id)?.lastSuccessAt)
      }))
      if (values.json) print(JSON.stringify(list))
      else if (list.length === 0) print('No connections yet; add one with `hubkeys hubs add`.')
      else
        print(
          table([
            ['NAME', 'KIND', 'ENV', 'KEYS', 'SYNC', 'URL'],
            ...list.map((c) => [c.name, c.kind, c.environment, String(c.keys), c.sync, c.url])
          ])
        )
      return 0
    }
    case 'test': {
      const { positionals } = parse(rest, { 'password-stdin': { type: 'boolean', default: false } })
      await ctx.unlock()
      const connection = hubByName(core, positionals[0])
      const result = await core.connections.test(connection.id)
      print(`${connection.name}: ${result.detail}`)
      return 0
    }
    case 'remove': {
      const { positionals } = parse(rest, { 'password-stdin': { type: 'boolean', default: false } })
      await ctx.unlock()
      const connection = hubByName(core, positionals[0])
      core.connections.remove(connection.id)
      print(`Removed "${connection.name}" and the keys Hubkeys cached for it.`)
      return 0
    }
    default:
      throw new UsageError(`hubs needs add, list, test or remove`)
  }
}

export const keysCommand = async (ctx: CommandContext, args: string[]): Promise<number> => {
  const [verb, ...rest] = args
  const { core, print } = ctx
  const common = {
    hub: { type: 'string' as const },
    key: { type: 'string' as const },
    json: { type: 'boolean' as const, default: false },
    'password-stdin': { type: 'boolean' as const, default: false }
  }
  switch (verb) {
    case 'list': {
      const { values } = parse(rest, {
        ...common,
        search: { type: 'string' },
        filter: { type: 'string', multiple: true },
        live: { type: 'boolean', default: false }
      })
      await ctx.unlock()
      if (values.live) {
        const connection = hubByName(core, values.hub as string | undefined)
        const keys = (await core.keys.listLive(connection.id)).map((key) =>
          keyJson(connection, key)
        )
        print(values.json ? JSON.stringify(keys) : keys.length ? keyTable(keys) : 'No keys.')
        return 0
      }
      const connections = new Map(core.connections.list().map((c) => [c.id, c]))
      const only = typeof values.hub === 'string' ? hubByName(core, values.hub) : undefined
      let filter
      try {
        filter = parseFilterTokens((values.filter as string[] | undefined) ?? [])
      } catch (error) {
        throw new UsageError(error instanceof Error ? error.message : String(error))
      }
      const query = {
        search: (values.search as string | undefined) ?? '',
        filter: { ...filter, ...(only ? { connectionIds: [only.id] } : {}) },
        sort: { field: 'name' as const, direction: 'asc' as const }
      }
      const keys = []
      for (const row of core.inventory.all(query)) {
        const record = core.keys.resolve(row.connectionId, row.id)
        const connection = connections.get(row.connectionId)
        if (record && connection) keys.push(keyJson(connection, record))
      }
      print(values.json ? JSON.stringify(keys) : keys.length ? keyTable(keys) : 'No keys match.')
      return 0
    }
    case 'create': {
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
      const connection = hubByName(core, values.hub as string | undefined)
      const ips = listOption(values.ips as string | undefined)
      // Never log this; it is the key's value, for hubs whose keys Hubkeys records.
      const secret = await ctx.secret()
      const created = await core.keys.create(connection.id, {
        name: values.name,
        ...(secret ? { secret } : {}),
        ...(typeof values.role === 'string' ? { role: values.role } : {}),
        ...(ips !== undefined ? { ips } : {})
      })
      // Read back from the vault: the value is printed only after it is stored, and only on request.
      const shown =
        values['show-secret'] && created.secretId
          ? core.vault.readSecret(created.secretId).toString('utf8')
          : undefined
      if (values.json)
        print(
          JSON.stringify({ ...keyJson(connection, created), ...(shown ? { secret: shown } : {}) })
        )
      else {
        print(created.hubKeyId)
        if (shown) print(shown)
      }
      return 0
    }
    case 'update': {
      const { values } = parse(rest, {
        ...common,
        name: { type: 'string' },
        role: { type: 'string' },
        ips: { type: 'string' }
      })
      if (typeof values.key !== 'string') throw new UsageError('--key ID is required')
      const ips = listOption(values.ips as string | undefined)
      const patch = {
        ...(typeof values.name === 'string' ? { name: values.name } : {}),
        ...(typeof values.role === 'string' ? { role: values.role } : {}),
        ...(ips !== undefined ? { ips } : {})
      }
      if (Object.keys(patch).length === 0)
        throw new UsageError('say what to change: --name, --ips or --role')
      await ctx.unlock()
      const connection = hubByName(core, values.hub as string | undefined)
      const updated = await core.keys.update(connection.id, values.key, patch)
      print(
        values.json
          ? JSON.stringify(keyJson(connection, updated))
          : `Updated ${updated.hubKeyId} (${updated.name}).`
      )
      return 0
    }
    case 'delete': {
      const { values } = parse(rest, { ...common, yes: { type: 'boolean', default: false } })
      if (typeof values.key !== 'string') throw new UsageError('--key ID is required')
      if (!values.yes) throw new UsageError('deleting a key cannot be undone; add --yes to confirm')
      await ctx.unlock()
      const connection = hubByName(core, values.hub as string | undefined)
      await core.keys.delete(connection.id, values.key)
      print(
        connection && core.connections.moduleFor(connection.kind).capabilities.delete === 'local'
          ? `Forgot ${values.key} in Hubkeys; it keeps working at ${connection.name} until removed there.`
          : `Deleted ${values.key}.`
      )
      return 0
    }
    case 'verify': {
      const { values } = parse(rest, common)
      if (typeof values.key !== 'string') throw new UsageError('--key ID is required')
      await ctx.unlock()
      const connection = hubByName(core, values.hub as string | undefined)
      const result = await core.keys.verify(connection.id, values.key)
      print(
        values.json
          ? JSON.stringify(result)
          : `${result.valid ? 'valid' : 'INVALID'}: ${result.detail}`
      )
      return result.valid ? 0 : 1
    }
    default:
      throw new UsageError('keys needs list, create, update, delete or verify')
  }
}

export const usageCommand = async (ctx: CommandContext, args: string[]): Promise<number> => {
  const { values } = parse(args, {
    hub: { type: 'string' },
    key: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    interval: { type: 'string' },
    json: { type: 'boolean', default: false },
    csv: { type: 'boolean', default: false },
    'password-stdin': { type: 'boolean', default: false }
  })
  if (typeof values.key !== 'string') throw new UsageError('--key ID is required')
  const time = (name: string, value: unknown): number | undefined => {
    if (value === undefined) return undefined
    const at = Date.parse(String(value))
    if (Number.isNaN(at))
      throw new UsageError(`--${name} must be an ISO-8601 time such as 2026-11-01T00:00:00Z`)
    return at
  }
  const interval =
    values.interval === undefined ? undefined : usageIntervalSchema.safeParse(values.interval)
  if (interval && !interval.success)
    throw new UsageError('--interval must be minute, hour, day, week or month')
  await ctx.unlock()
  const connection = hubByName(ctx.core, values.hub as string | undefined)
  const from = time('from', values.from)
  const to = time('to', values.to)
  const points = await ctx.core.keys.usage(connection.id, values.key, {
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
    ...(interval?.success ? { interval: interval.data } : {})
  })
  if (values.csv) ctx.print(usageCsv(points))
  else if (values.json)
    ctx.print(
      JSON.stringify(
        points.map((p) => ({
          bucket: new Date(p.at).toISOString(),
          requests: p.requests,
          bytes: p.bytes
        }))
      )
    )
  else {
    const requests = points.reduce((sum, p) => sum + (p.requests ?? 0), 0)
    const bytes = points.reduce((sum, p) => sum + (p.bytes ?? 0), 0)
    ctx.print(
      `${points.length} buckets, ${requests} requests, ${bytes} bytes (use --csv or --json for the series).`
    )
  }
  return 0
}

export const syncCommand = async (ctx: CommandContext, args: string[]): Promise<number> => {
  const { values } = parse(args, {
    hub: { type: 'string' },
    json: { type: 'boolean', default: false },
    'password-stdin': { type: 'boolean', default: false }
  })
  await ctx.unlock()
  const only = typeof values.hub === 'string' ? [hubByName(ctx.core, values.hub).id] : undefined
  const results = await ctx.core.sync.syncAll(only ? { connectionIds: only } : {})
  const names = new Map(ctx.core.connections.list().map((c) => [c.id, c.name]))
  if (values.json)
    ctx.print(JSON.stringify(results.map((r) => ({ hub: names.get(r.connectionId), ...r }))))
  else {
    for (const r of results) {
      const name = names.get(r.connectionId) ?? r.connectionId
      ctx.print(
        r.outcome === 'ok'
          ? `${name}: ${r.keys} keys (${r.added} added, ${r.removed} missing at hub, ${r.changed} changed)`
          : r.outcome === 'partial'
            ? `${name}: partial, ${r.keys} keys seen: ${r.partial?.message ?? 'the listing ended early.'}`
            : `${name}: ${r.outcome}${r.error ? `: ${r.error.message}` : ''}`
      )
    }
  }
  return results.every((r) => r.outcome === 'ok') ? 0 : 1
}

export const hygieneCommand = async (ctx: CommandContext, args: string[]): Promise<number> => {
  const { values } = parse(args, {
    json: { type: 'boolean', default: false },
    'max-age': { type: 'string' },
    'password-stdin': { type: 'boolean', default: false }
  })
  const maxAge = values['max-age'] === undefined ? undefined : Number(values['max-age'])
  if (maxAge !== undefined && !(Number.isInteger(maxAge) && maxAge >= 1 && maxAge <= 3650))
    throw new UsageError('--max-age is days, 1 to 3650')
  await ctx.unlock()
  const summary = ctx.core.inventory.hygiene(maxAge)
  if (values.json) ctx.print(JSON.stringify(summary))
  else
    ctx.print(
      table([['CHECK', 'KEYS'], ...summary.items.map((item) => [item.label, String(item.count)])])
    )
  return 0
}
