// `hubkeys policy check|report`: the cached keys against the policy rules, through the contract (plain Node).
import { policiesSchema, policyRulesSchema, type PolicyRules } from '../contract/policy-rules'
import { AppError } from '../contract/result'
import { parse, UsageError } from './command-args'
import { connectionNamed, type CommandContext } from './command-context'
import { writeFileAtomically } from './atomic-file'
import { json, line, lines, table } from './terminal-text'

/** Exit code of `check` when a key breaks a rule (0: none does; 1: an error; 2: usage). */
export const violationsExitCode = 3

const check = async (ctx: CommandContext, rest: string[]): Promise<number> => {
  const { values } = parse(rest, {
    json: { type: 'boolean', default: false },
    limit: { type: 'string' },
    'password-stdin': { type: 'boolean', default: false }
  })
  const limit = values.limit === undefined ? 50 : Number(values.limit)
  if (!(Number.isInteger(limit) && limit >= 0 && limit <= 5000))
    throw new UsageError('--limit is a number of keys, 0 to 5000')
  await ctx.unlock()
  const result = await ctx.call('policy:check', { limit: values.json ? 5000 : limit })
  if (values.json) ctx.print(json(result))
  else if (result.rules.length === 0)
    ctx.print(line`No policy rule is turned on (Settings, or the Hygiene screen's Policy section).`)
  else {
    ctx.print(
      lines(
        line`${result.keysChecked} keys checked, ${result.keysViolating} breaking a rule.`,
        table([
          ['APPLIES TO', 'RULE', 'KEYS'],
          ...result.rules.map((rule) => [rule.scopeName, rule.label, String(rule.violating)])
        ]),
        ...(result.violating.length === 0
          ? []
          : [
              table([
                ['CONNECTION', 'KEY', 'ID', 'VIOLATION'],
                ...result.violating.flatMap((key) =>
                  key.violations.map((violation) => [
                    key.connectionName,
                    key.name,
                    key.hubKeyId,
                    violation.detail
                  ])
                )
              ])
            ]),
        ...(result.truncated
          ? [line`(more keys break a rule; --limit N or --json lists more)`]
          : [])
      )
    )
  }
  return result.keysViolating > 0 ? violationsExitCode : 0
}

const report = async (ctx: CommandContext, rest: string[]): Promise<number> => {
  const { values } = parse(rest, {
    format: { type: 'string', default: 'html' },
    out: { type: 'string' },
    'password-stdin': { type: 'boolean', default: false }
  })
  const format = values.format
  if (format !== 'html' && format !== 'json') throw new UsageError('--format is html or json')
  if (!values.out) throw new UsageError('--out FILE is required (the report is a whole document)')
  await ctx.unlock()
  const result = await ctx.call('policy:report', { format })
  writeFileAtomically(values.out, result.text)
  ctx.print(line`Wrote the policy report to ${values.out}.`)
  return 0
}

const days = (flag: string, value: string | undefined): number | null | undefined => {
  if (value === undefined) return undefined
  if (value === 'off') return null
  const number = Number(value)
  if (!Number.isInteger(number) || number < 0 || number > 3650)
    throw new UsageError(`--${flag} is a number of days (0 to 3650) or "off"`)
  return number
}

const yesNo = (flag: string, value: string | undefined): boolean | undefined => {
  if (value === undefined) return undefined
  if (value === 'yes' || value === 'no') return value === 'yes'
  throw new UsageError(`--${flag} is yes or no`)
}

/** Changes the rule set for all connections or for one; flags not given keep their value. */
const set = async (ctx: CommandContext, rest: string[]): Promise<number> => {
  const { values } = parse(rest, {
    all: { type: 'boolean', default: false },
    hub: { type: 'string' },
    'max-age': { type: 'string' },
    'expiry-required': { type: 'string' },
    'ip-on-prod': { type: 'string' },
    'no-allow-all': { type: 'string' },
    'name-pattern': { type: 'string' },
    'rotate-every': { type: 'string' },
    'missing-days': { type: 'string' },
    clear: { type: 'boolean', default: false },
    'password-stdin': { type: 'boolean', default: false }
  })
  if (values.all === (values.hub !== undefined))
    throw new UsageError('say which rules: --all or --hub NAME')
  await ctx.unlock()
  const scope = values.all ? 'all' : (await connectionNamed(ctx, values.hub)).id
  const current = (await ctx.call('prefs:get', {})).policies
  const others = current.filter((entry) => entry.scope !== scope)
  const before =
    current.find((entry) => entry.scope === scope)?.rules ?? policyRulesSchema.parse({})
  const patch: Partial<Record<keyof PolicyRules, unknown>> = {
    maxKeyAgeDays: days('max-age', values['max-age']),
    expiryRequired: yesNo('expiry-required', values['expiry-required']),
    ipRestrictionOnProd: yesNo('ip-on-prod', values['ip-on-prod']),
    noAllowAll: yesNo('no-allow-all', values['no-allow-all']),
    namePattern:
      values['name-pattern'] === undefined
        ? undefined
        : values['name-pattern'] === 'off'
          ? null
          : values['name-pattern'],
    rotationOverdueDays: days('rotate-every', values['rotate-every']),
    missingAtHubDays: days('missing-days', values['missing-days'])
  }
  const given = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined))
  const rules = policyRulesSchema.safeParse(values.clear ? given : { ...before, ...given })
  if (!rules.success)
    throw new AppError(
      'BAD_REQUEST',
      rules.error.issues[0]?.message ?? 'Those rules are not valid.'
    )
  const next = policiesSchema.parse([...others, { scope, rules: rules.data }])
  await ctx.call('prefs:set', { policies: next })
  ctx.print(line`Saved the policy rules for ${values.all ? 'all connections' : values.hub}.`)
  return 0
}

export const policyCommand = async (ctx: CommandContext, args: string[]): Promise<number> => {
  const [sub, ...rest] = args
  if (sub === 'check') return check(ctx, rest)
  if (sub === 'report') return report(ctx, rest)
  if (sub === 'set') return set(ctx, rest)
  throw new UsageError('policy needs a subcommand: check, report or set')
}
