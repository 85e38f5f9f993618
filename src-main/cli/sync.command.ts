// `hubkeys sync`: pulls every connection (or one) into the cache and reports each run (plain Node).
import { parse } from './command-args'
import { connectionNamed, type CommandContext } from './command-context'
import { json, line, lines } from './terminal-text'

export const syncCommand = async (ctx: CommandContext, args: string[]): Promise<number> => {
  const { values } = parse(args, {
    hub: { type: 'string' },
    json: { type: 'boolean', default: false },
    'password-stdin': { type: 'boolean', default: false }
  })
  await ctx.unlock()
  const only =
    typeof values.hub === 'string' ? [(await connectionNamed(ctx, values.hub)).id] : undefined
  const { results } = await ctx.call('sync:start', only ? { connectionIds: only } : {})
  const names = new Map((await ctx.call('connections:list', {})).map((c) => [c.id, c.name]))
  if (values.json) ctx.print(json(results.map((r) => ({ hub: names.get(r.connectionId), ...r }))))
  else if (results.length > 0)
    ctx.print(
      lines(
        ...results.map((r) => {
          const name = names.get(r.connectionId) ?? r.connectionId
          if (r.outcome === 'ok')
            return line`${name}: ${r.keys} keys (${r.added} added, ${r.removed} missing at hub, ${r.changed} changed)`
          if (r.outcome === 'partial')
            return line`${name}: partial, ${r.keys} keys seen: ${r.partial?.message ?? 'the listing ended early.'}`
          return r.error
            ? line`${name}: ${r.outcome}: ${r.error.message}`
            : line`${name}: ${r.outcome}`
        })
      )
    )
  return results.every((r) => r.outcome === 'ok') ? 0 : 1
}
