// `hubkeys ipfilter check|lint`: simulate and lint an IP list over the contract, no vault needed (plain Node).
import { hubKindSchema, type HubKind } from '../contract/hubs.contract'
import { ruleNumbers } from '../contract/ip-filter/ip-lint'
import { AppError } from '../contract/result'
import { listOption, parse, UsageError } from './command-args'
import type { CommandContext } from './command-context'
import { json, line, lines, table } from './terminal-text'

/** Exit code of `check` for an address the list would refuse (0 allowed, 1 invalid rule, 2 usage). */
export const deniedExitCode = 3

const options = {
  rules: { type: 'string' as const },
  kind: { type: 'string' as const },
  json: { type: 'boolean' as const, default: false }
}

/** `--rules a,b` as a list (`none`: no restriction, `""`: an empty list); required. */
const rulesOption = (value: string | undefined): string[] | null => {
  if (value === undefined) {
    throw new UsageError(
      '--rules is required: a comma-separated list such as "10.0.0.0/8,2001:db8::/32"'
    )
  }
  return listOption(value) ?? null
}

const kindOption = (value: string | undefined): HubKind | undefined => {
  if (value === undefined) return undefined
  const kind = hubKindSchema.safeParse(value)
  if (!kind.success)
    throw new UsageError(`--kind must be one of ${hubKindSchema.options.join(', ')}`)
  return kind.data
}

const check = async (ctx: CommandContext, rest: string[]): Promise<number> => {
  const { values } = parse(rest, { ...options, ip: { type: 'string' } })
  const rules = rulesOption(values.rules)
  if (values.ip === undefined) throw new UsageError('--ip ADDRESS is required')
  const kind = kindOption(values.kind)
  const result = await ctx.call('ipfilter:check', {
    rules,
    address: values.ip,
    ...(kind ? { kind } : {})
  })
  if (values.json) ctx.print(json(result))
  if (result.verdict === 'invalid') {
    if (values.json) return 1
    const more = result.problems.length - 1
    throw new AppError(
      'BAD_REQUEST',
      `${result.reason}${more > 0 ? ` (and ${more} more problem${more === 1 ? '' : 's'}; see --json)` : ''}`
    )
  }
  if (!values.json) {
    const others = result.matches.slice(1).map((match) => match.index)
    ctx.print(
      lines(
        line`${result.reason}`,
        ...(others.length > 0 ? [line`also matched by ${ruleNumbers(others)}`] : [])
      )
    )
  }
  return result.verdict === 'allowed' ? 0 : deniedExitCode
}

const lint = async (ctx: CommandContext, rest: string[]): Promise<number> => {
  const { values } = parse(rest, options)
  const rules = rulesOption(values.rules)
  const kind = kindOption(values.kind)
  const result = await ctx.call('ipfilter:lint', { rules, ...(kind ? { kind } : {}) })
  const errors = result.findings.filter((finding) => finding.severity === 'error').length
  const warnings = result.findings.length - errors
  if (values.json) ctx.print(json(result))
  else if (result.findings.length === 0) {
    const count = result.entries.length
    ctx.print(line`no findings in ${count} rule${count === 1 ? '' : 's'}`)
  } else {
    ctx.print(
      lines(
        table([
          ['SEVERITY', 'FINDING', 'RULES', 'MESSAGE'],
          ...result.findings.map((finding) => [
            finding.severity,
            finding.kind,
            finding.rules.length > 0 ? finding.rules.map((index) => index + 1).join(',') : '-',
            finding.message
          ])
        ]),
        line`${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`
      )
    )
  }
  // Warnings describe lists a hub accepts; only what it would refuse or ignore fails the command.
  return errors > 0 ? 1 : 0
}

export const ipfilterCommand = async (ctx: CommandContext, args: string[]): Promise<number> => {
  const [verb, ...rest] = args
  switch (verb) {
    case 'check':
      return check(ctx, rest)
    case 'lint':
      return lint(ctx, rest)
    default:
      throw new UsageError('ipfilter needs check or lint')
  }
}
