// Fills the demo's usage cache (30 days daily, 7 days hourly, the quota) so usage charts have data on first open; demo only.
import type { ChannelName, RequestOf, ResponseOf } from '../../src-main/contract/channels'

type Call = <C extends ChannelName>(channel: C, payload: RequestOf<C>) => Promise<ResponseOf<C>>

const day = 86_400_000

export const fetchDemoUsage = async (call: Call): Promise<void> => {
  const kinds = await call('hubs:kinds', {})
  const measured = new Set(
    kinds.filter((info) => info.capabilities.usage !== 'none').map((info) => info.kind)
  )
  const to = Date.now()
  for (const connection of await call('connections:list', {})) {
    if (!measured.has(connection.kind)) continue
    const target = { kind: 'connection' as const }
    const connectionId = connection.id
    await call('usage:refresh', { connectionId, target, interval: 'day', from: to - 30 * day, to })
    await call('usage:refresh', { connectionId, target, interval: 'hour', from: to - 7 * day, to })
    await call('usage:summary', { connectionId, refresh: true })
  }
}
