// `hubkeys hygiene`: the hygiene checks' counts, as a table or JSON (plain Node).
import { parse, UsageError } from './command-args'
import type { CommandContext } from './command-context'
import { json, table } from './terminal-text'

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
  const summary = await ctx.call(
    'hygiene:summary',
    maxAge === undefined ? {} : { maxAgeDays: maxAge }
  )
  ctx.print(
    values.json
      ? json(summary)
      : table([['CHECK', 'KEYS'], ...summary.items.map((item) => [item.label, String(item.count)])])
  )
  return 0
}
