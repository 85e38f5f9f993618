// Handlers for the `ipfilter:*` channels: the contract's IP-filter lint and simulator, worded by what the hub kind's adapter declares; runs in main, web mode or the CLI.
import { hubForms } from '../../contract/hub-forms'
import type { Capabilities, HubKind } from '../../contract/hubs.contract'
import { checkIpAddress } from '../../contract/ip-filter/ip-check'
import { lintIpRules, readIpList } from '../../contract/ip-filter/ip-lint'
import type { IpHubContext } from '../../contract/ip-filter/ip-list-semantics'
import type { ipfilterChannels } from '../../contract/ipfilter.contract'
import type { Handlers } from '../dispatch'

export type IpfilterChannel = keyof typeof ipfilterChannels

/**
 * `capabilitiesOf` answers what a hub kind's adapter declares; its `ipList` (absent: keys carry no
 * IP rules) decides the wording, so no kind is special-cased here.
 */
export const createIpfilterHandlers = (
  capabilitiesOf: (kind: HubKind) => Capabilities
): Pick<Handlers, IpfilterChannel> => {
  const hubFor = (kind: HubKind | undefined): IpHubContext | undefined => {
    if (kind === undefined) return undefined
    const semantics = capabilitiesOf(kind).ipList
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
    })
  }
}
