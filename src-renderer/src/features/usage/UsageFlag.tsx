// The usage anomaly badge of a key-table row (a spike against the key's own baseline, or use of a retired or missing key), from Hubkeys' cache; renderer.
import { useContext, useEffect } from 'react'
import { createStore, useStore } from 'zustand'
import type { UsageAnomaly } from '../../../../src-main/contract/usage.contract'
import type { Client } from '../../api/client'
import { Badge } from '../../ui/Badge'
import { UsageClientContext } from './usage.store'

interface FlagsState {
  byKey: ReadonlyMap<string, UsageAnomaly[]>
  readAt: number
}

/** One list for every row: read once, again at most once a minute while rows are drawn. */
const flags = createStore<FlagsState>()(() => ({ byKey: new Map(), readAt: 0 }))
let reading = false

const readFlags = async (client: Client) => {
  if (reading || Date.now() - flags.getState().readAt < 60_000) return
  reading = true
  const result = await client.call('usage:flags', {})
  reading = false
  const byKey = new Map<string, UsageAnomaly[]>()
  if (result.ok)
    for (const flag of result.value.anomalies)
      byKey.set(flag.keyId, [...(byKey.get(flag.keyId) ?? []), flag])
  // A failed read (locked, offline bridge) shows no badge and is tried again a minute later.
  flags.setState({ byKey, readAt: Date.now() })
}

const labels: Record<UsageAnomaly['kind'], string> = {
  spike: 'Usage spike',
  'retired-use': 'Used while retired',
  'grace-use': 'Old key still used'
}

/**
 * Every key's anomalies, for the key table: one subscription and one read for the whole table,
 * not one per row while it scrolls.
 */
export function useUsageFlags(): ReadonlyMap<string, UsageAnomaly[]> {
  const client = useContext(UsageClientContext)
  const byKey = useStore(flags, (state) => state.byKey)
  useEffect(() => {
    void readFlags(client)
  }, [client])
  return byKey
}

export function UsageFlag({ anomalies }: { anomalies: readonly UsageAnomaly[] | undefined }) {
  const first = anomalies?.[0]
  if (!anomalies || !first) return null
  return (
    <Badge tone="danger" title={anomalies.map((flag) => flag.detail).join('\n')}>
      {labels[first.kind]}
    </Badge>
  )
}
