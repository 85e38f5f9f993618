// `hubkeys audit list|verify`: the audit log over the contract, filtered, and the check of its hash chain (plain Node).
import {
  auditActions,
  type AuditAction,
  type AuditEntry,
  type AuditQueryInput
} from '../contract/audit.contract'
import { errorCodes } from '../contract/result'
import { iso, parse, timeOption, UsageError } from './command-args'
import { connectionNamed, type CommandContext } from './command-context'
import { json, line, lines, table } from './terminal-text'

const isAction = (value: string): value is AuditAction =>
  (auditActions as readonly string[]).includes(value)

const outcomes: readonly string[] = ['ok', 'error', ...errorCodes]
const isOutcome = (value: string): value is NonNullable<AuditQueryInput['outcome']> =>
  outcomes.includes(value)

/** The `--json` shape of an entry: the contract's, with the time as ISO-8601. */
const entryJson = (entry: AuditEntry) => ({ ...entry, at: iso(entry.at) })

const list = async (ctx: CommandContext, rest: string[]): Promise<number> => {
  const { values } = parse(rest, {
    key: { type: 'string' },
    hub: { type: 'string' },
    action: { type: 'string', multiple: true },
    outcome: { type: 'string' },
    since: { type: 'string' },
    until: { type: 'string' },
    search: { type: 'string' },
    limit: { type: 'string' },
    json: { type: 'boolean', default: false },
    'password-stdin': { type: 'boolean', default: false }
  })
  const actions = (values.action ?? []).flatMap((value) => value.split(',')).filter(Boolean)
  const unknown = actions.find((action) => !isAction(action))
  if (unknown !== undefined)
    throw new UsageError(`--action must be one of ${auditActions.join(', ')} (not "${unknown}")`)
  const limit = values.limit === undefined ? 100 : Number(values.limit)
  if (!(Number.isInteger(limit) && limit >= 1 && limit <= 100_000))
    throw new UsageError('--limit is a number of entries, 1 to 100000')
  const outcome = values.outcome
  if (outcome !== undefined && !isOutcome(outcome))
    throw new UsageError(`--outcome must be ok, error or an error code such as UNAUTHORIZED`)
  const from = timeOption('since', values.since)
  const to = timeOption('until', values.until)
  await ctx.unlock()
  const connection = values.hub === undefined ? undefined : await connectionNamed(ctx, values.hub)
  const query = {
    ...(values.key !== undefined ? { key: values.key } : {}),
    ...(connection ? { connectionId: connection.id } : {}),
    ...(actions.length ? { actions: actions.filter(isAction) } : {}),
    ...(outcome !== undefined ? { outcome } : {}),
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
    ...(values.search !== undefined ? { text: values.search } : {})
  }
  const entries: AuditEntry[] = []
  let before: number | undefined
  do {
    const page = await ctx.call('audit:list', {
      ...query,
      limit: Math.min(500, limit - entries.length),
      ...(before !== undefined ? { before } : {})
    })
    entries.push(...page.entries)
    before = page.next
  } while (before !== undefined && entries.length < limit)

  if (values.json) ctx.print(json(entries.map(entryJson)))
  else if (!entries.length) ctx.print(line`No audit entries match.`)
  else
    ctx.print(
      table([
        ['SEQ', 'TIME', 'ACTOR', 'ACTION', 'OUTCOME', 'CONNECTION', 'KEY'],
        ...entries.map((entry) => [
          String(entry.seq),
          iso(entry.at) ?? '',
          entry.actor,
          entry.action,
          entry.outcome,
          entry.connectionId ?? '',
          entry.keyId ?? entry.hubKeyId ?? entry.fingerprint ?? ''
        ])
      ])
    )
  return 0
}

/** Exit 0: the chain is intact; 1: it is not, and the first problem is named first. */
const verify = async (ctx: CommandContext, rest: string[]): Promise<number> => {
  const { values } = parse(rest, {
    json: { type: 'boolean', default: false },
    'password-stdin': { type: 'boolean', default: false }
  })
  await ctx.unlock()
  const result = await ctx.call('audit:verify', {})
  if (values.json) ctx.print(json(result))
  else if (result.intact)
    ctx.print(
      line`Audit log intact: ${result.checked} entries${
        result.retainedFrom === null ? '' : ` (kept from entry ${result.retainedFrom})`
      }.`
    )
  else
    ctx.print(
      lines(
        line`Audit log broken: ${result.problems.length}${result.truncated ? '+' : ''} problem(s).`,
        ...result.problems.map((problem) => line`entry ${problem.seq}: ${problem.message}`)
      )
    )
  return result.intact ? 0 : 1
}

export const auditCommand = async (ctx: CommandContext, args: string[]): Promise<number> => {
  const [sub, ...rest] = args
  if (sub === 'list') return list(ctx, rest)
  if (sub === 'verify') return verify(ctx, rest)
  throw new UsageError('audit needs list or verify')
}
