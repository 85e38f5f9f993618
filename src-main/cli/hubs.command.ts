// `hubkeys hubs add|list|test|remove`: connections over the contract (plain Node).
import { readFileSync } from 'node:fs'
import { environmentSchema, hubKindSchema } from '../contract/hubs.contract'
import { AppError } from '../contract/result'
import { iso, parse, UsageError } from './command-args'
import { connectionNamed, type CommandContext } from './command-context'
import { json, line, table } from './terminal-text'

const add = async (ctx: CommandContext, rest: string[]): Promise<number> => {
  const { values } = parse(rest, {
    kind: { type: 'string' },
    name: { type: 'string' },
    url: { type: 'string' },
    'hub-id': { type: 'string' },
    'base-path': { type: 'string' },
    'server-version': { type: 'string' },
    'export-path': { type: 'string' },
    // DM-Hub: repeat it, or give names separated by commas.
    fileset: { type: 'string', multiple: true },
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
    try {
      caPem = readFileSync(values['ca-file'], 'utf8')
    } catch {
      throw new AppError('BAD_REQUEST', `Cannot read the CA file ${values['ca-file']}.`)
    }
  }
  await ctx.unlock()
  const credential = await ctx.credential()
  const filesets = (values.fileset ?? [])
    .flatMap((names) => names.split(','))
    .map((name) => name.trim())
    .filter((name) => name !== '')
  const settings = {
    ...(typeof values['hub-id'] === 'string' ? { hubId: values['hub-id'] } : {}),
    ...(typeof values['base-path'] === 'string' ? { basePath: values['base-path'] } : {}),
    ...(typeof values['server-version'] === 'string'
      ? { serverVersion: values['server-version'] }
      : {}),
    ...(typeof values['export-path'] === 'string' ? { exportPath: values['export-path'] } : {}),
    ...(filesets.length > 0 ? { filesets } : {})
  }
  const added = await ctx.call('connections:add', {
    name: values.name,
    kind: kind.data,
    baseUrl: values.url,
    settings,
    environment: typeof env === 'string' ? env : env.data,
    ...(typeof values.colour === 'string' ? { colour: values.colour } : {}),
    tls: { allowInvalidCertificate: values.insecure === true, ...(caPem ? { caPem } : {}) },
    ...(credential ? { credential } : {})
  })
  if (values.insecure) ctx.print(line`Warning: "${added.name}" accepts invalid TLS certificates.`)
  ctx.print(
    values.json
      ? json(added)
      : line`Added ${added.kind} connection "${added.name}" (${added.environment}).`
  )
  return 0
}

const list = async (ctx: CommandContext, rest: string[]): Promise<number> => {
  const { values } = parse(rest, {
    json: { type: 'boolean', default: false },
    'password-stdin': { type: 'boolean', default: false }
  })
  await ctx.unlock()
  const { connections: states } = await ctx.call('sync:status', {})
  const status = new Map(states.map((s) => [s.connectionId, s]))
  const connections = (await ctx.call('connections:list', {})).map((c) => ({
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
  if (values.json) ctx.print(json(connections))
  else if (connections.length === 0)
    ctx.print(line`No connections yet; add one with \`hubkeys hubs add\`.`)
  else
    ctx.print(
      table([
        ['NAME', 'KIND', 'ENV', 'KEYS', 'SYNC', 'URL'],
        ...connections.map((c) => [c.name, c.kind, c.environment, String(c.keys), c.sync, c.url])
      ])
    )
  return 0
}

const test = async (ctx: CommandContext, rest: string[]): Promise<number> => {
  const { positionals } = parse(rest, { 'password-stdin': { type: 'boolean', default: false } })
  await ctx.unlock()
  const connection = await connectionNamed(ctx, positionals[0])
  const result = await ctx.call('connections:test', { id: connection.id })
  ctx.print(line`${connection.name}: ${result.detail}`)
  return 0
}

const remove = async (ctx: CommandContext, rest: string[]): Promise<number> => {
  const { positionals } = parse(rest, { 'password-stdin': { type: 'boolean', default: false } })
  await ctx.unlock()
  const connection = await connectionNamed(ctx, positionals[0])
  await ctx.call('connections:remove', { id: connection.id })
  ctx.print(line`Removed "${connection.name}" and the keys Hubkeys cached for it.`)
  return 0
}

export const hubsCommand = async (ctx: CommandContext, args: string[]): Promise<number> => {
  const [verb, ...rest] = args
  switch (verb) {
    case 'add':
      return add(ctx, rest)
    case 'list':
      return list(ctx, rest)
    case 'test':
      return test(ctx, rest)
    case 'remove':
      return remove(ctx, rest)
    default:
      throw new UsageError(`hubs needs add, list, test or remove`)
  }
}
