// Starts all five simulated hubs on loopback ports and describes the connections they offer (tests, demo, fake-hubs).
import type { HeaderRule, HubKind } from '../../../src-main/contract/hubs.contract'
import { createCycleFake } from './cycle.fake'
import { createDatahubFake } from './datahub.fake'
import { createDctFake } from './dct.fake'
import { createDmhubFake } from './dmhub.fake'
import { createOptidashFake } from './optidash.fake'

/** A key the hub cannot list, which Hubkeys must record with its value. */
export interface RecordedKey {
  name: string
  secret: string
  status?: 'active' | 'inactive'
  expiresAt?: number | null
  createdAt?: number | null
  owner?: string | null
  ipRules?: string[] | null
  headers?: HeaderRule[]
}

export interface FakeConnection {
  kind: HubKind
  name: string
  url: string
  credential: string | null
  settings: Record<string, unknown>
  environment: 'prod' | 'staging' | 'dev'
  keys: RecordedKey[]
}

export interface FakeHubsOptions {
  seed?: number
  /** Tenants (hubs, servers, accounts, exports) per hub kind. */
  tenants?: number
  keysPerTenant?: number
  latencyMs?: number
}

const environmentFor = (name: string, index: number): FakeConnection['environment'] =>
  /prod/i.test(name)
    ? 'prod'
    : /stag/i.test(name)
      ? 'staging'
      : /dev|lab/i.test(name)
        ? 'dev'
        : (['prod', 'staging', 'dev'] as const)[index % 3]!

export const startFakeHubs = async (options: FakeHubsOptions = {}) => {
  const base = {
    seed: options.seed ?? 7,
    tenants: options.tenants ?? 2,
    keysPerTenant: options.keysPerTenant ?? 20,
    latencyMs: options.latencyMs ?? 0
  }
  const cycle = await createCycleFake(base)
  const dct = await createDctFake(base)
  const optidash = await createOptidashFake(base)
  const datahub = await createDatahubFake(base)
  const dmhub = await createDmhubFake(base)

  const connections: FakeConnection[] = []
  const add = (
    kind: HubKind,
    url: string,
    entries: Array<{
      name: string
      credential: string | null
      settings: object
      keys?: RecordedKey[]
      url?: string
    }>
  ) => {
    entries.forEach((entry, index) =>
      connections.push({
        kind,
        name: entry.name,
        url: entry.url ?? url,
        credential: entry.credential,
        settings: { ...entry.settings },
        environment: environmentFor(entry.name, index),
        keys: entry.keys ?? []
      })
    )
  }
  const cycleDemo = cycle.describeForDemo()
  add('cycle', cycleDemo.url, cycleDemo.connections)
  for (const server of dct.describeForDemo()) add('dct', server.url, [server])
  const optidashDemo = optidash.describeForDemo()
  add('optidash', optidashDemo.url, optidashDemo.connections)
  const datahubDemo = datahub.describeForDemo()
  add('datahub', datahubDemo.url, datahubDemo.connections)
  const dmhubDemo = dmhub.describeForDemo()
  add('dmhub', dmhubDemo.url, dmhubDemo.connections)

  return {
    connections,
    fakes: { cycle, dct, optidash, datahub, dmhub },
    async close() {
      await Promise.all([
        cycle.close(),
        dct.close(),
        optidash.close(),
        datahub.close(),
        dmhub.close()
      ])
    }
  }
}

export type FakeHubs = Awaited<ReturnType<typeof startFakeHubs>>
