// Which hub kinds let Hubkeys edit a key's IP rules, and the hub context the editor words its findings by, read from the kinds' declared capabilities; renderer.
import type { HubKind } from '../../../../src-main/contract/hubs.contract'
import type { IpHubContext } from '../../../../src-main/contract/ip-filter/ip-list-semantics'
import { readIpList } from '../../../../src-main/contract/ip-filter/ip-lint'
import type { HubKindInfo } from '../connections/connections.store'
import { kindLabel } from '../keys/key-format'

/** The editor's hub for `kind`, or undefined when its keys carry no IP rules Hubkeys can edit. */
export const editableIpHub = (
  kinds: readonly HubKindInfo[],
  kind: HubKind
): (IpHubContext & { localOnly: boolean }) | undefined => {
  const capabilities = kinds.find((info) => info.kind === kind)?.capabilities
  if (!capabilities?.update.ips || !capabilities.ipList) return undefined
  return {
    label: kindLabel(kind),
    semantics: capabilities.ipList,
    localOnly: capabilities.updateTarget === 'local'
  }
}

/** Keys no longer at their hub: an edit there could only fail. */
export const goneFromHub = (status: string): boolean =>
  status === 'missing' || status === 'deleted' || status === 'deleting'

/** The list as sent: each rule as canonical CIDR (`10.0.0.0 255.0.0.0` becomes `10.0.0.0/8`). */
export const canonicalList = (rules: string[] | null): string[] | null =>
  rules === null ? null : readIpList(rules).map((item) => (item.ok ? item.entry.cidr : item.input))
