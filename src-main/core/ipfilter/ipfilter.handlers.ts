// Handlers for the `ipfilter:*` channels: lint and simulator worded by what the hub kind's adapter declares, the bulk-change dry run, this machine's addresses; runs in main, web mode or the CLI.
import { hubForms } from '../../contract/hub-forms'
import type { Capabilities, HubKind } from '../../contract/hubs.contract'
import { checkIpAddress } from '../../contract/ip-filter/ip-check'
import { parseIpAddress } from '../../contract/ip-filter/ip-entry'
import { lintIpRules, readIpList } from '../../contract/ip-filter/ip-lint'
import type { IpHubContext } from '../../contract/ip-filter/ip-list-semantics'
import type { ipfilterChannels } from '../../contract/ipfilter.contract'
import type { Handlers } from '../dispatch'
import type { ConnectionRecord, KeyRecord } from '../ports/inventory-store.port'
import { platform } from '../ports/platform.port'
import { planIpChange } from './ip-plan.service'

export type IpfilterChannel = keyof typeof ipfilterChannels

export interface IpfilterSources {
  /** What a hub kind's adapter declares; its `ipList` (absent: no IP rules) decides the wording. */
  capabilitiesOf(kind: HubKind): Capabilities
  /** The cache, for the bulk change's dry run; absent where no store is open (the CLI's pure commands). */
  getKey?(id: string): KeyRecord | undefined
  getConnection?(id: string): ConnectionRecord | undefined
}

/**
 * Loopback and link-local addresses never reach a hub, and IPv6 temporary addresses come and go;
 * what is left is what a hub could see when no NAT sits in between.
 */
const reachable = (address: string, internal: boolean): boolean => {
  if (internal) return false
  const parsed = parseIpAddress(address)
  if (!parsed.ok) return false
  const range = parsed.address.range()
  return range !== 'loopback' && range !== 'linkLocal' && range !== 'unspecified'
}

/** No kind is special-cased here: every answer follows the kind's declared capabilities. */
export const createIpfilterHandlers = (
  sources: IpfilterSources
): Pick<Handlers, IpfilterChannel> => {
  const hubFor = (kind: HubKind | undefined): IpHubContext | undefined => {
    if (kind === undefined) return undefined
    const semantics = sources.capabilitiesOf(kind).ipList
    return { label: hubForms[kind].label, ...(semantics ? { semantics } : {}) }
  }
  return {
    'ipfilter:check': ({ rules, address, kind }) => checkIpAddress(rules, address, hubFor(kind)),
    'ipfilter:lint': ({ rules, kind }) => ({
      entries: readIpList(rules ?? []).map((item) => ({
        input: item.input,
        cidr: item.ok ? item.entry.cidr : null
      })),
      findings: lintIpRules(rules, hubFor(kind))
    }),
    'ipfilter:plan': ({ keyIds, operation, entries }) => {
      const { getKey, getConnection } = sources
      // Unreachable through dispatch: the channel needs the vault, which needs the store.
      if (!getKey || !getConnection) throw new Error('ipfilter:plan needs the key cache.')
      return {
        items: planIpChange(
          { capabilitiesOf: sources.capabilitiesOf, getKey, getConnection },
          keyIds,
          { operation, entries }
        )
      }
    },
    'ipfilter:local-addresses': () => ({
      addresses: platform()
        .interfaceAddresses()
        .filter((entry) => reachable(entry.address, entry.internal))
        .map(({ interface: name, address, family }) => ({
          interface: name.slice(0, 100),
          // Node writes a zone into link-local IPv6; those are gone above, but never keep one.
          address: address.split('%')[0] ?? address,
          family
        }))
        .slice(0, 200)
    })
  }
}
