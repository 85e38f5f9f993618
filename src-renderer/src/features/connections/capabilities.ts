// What a hub kind can do, in a few words built from its declared capabilities (never from its name); renderer.
import type { Capabilities } from '../../../../src-main/contract/hubs.contract'

const editable: readonly [keyof Capabilities['update'], string][] = [
  ['name', 'name'],
  ['ips', 'IPs'],
  ['headers', 'headers'],
  ['role', 'role'],
  ['status', 'status'],
  ['expiry', 'expiry']
]

/** Short phrases for a compact line: "Lists keys", "Creates", "Edits name, IPs", "Deletes", "Verifies", "Usage". */
export const capabilityPhrases = (capabilities: Capabilities): string[] => {
  const phrases: string[] = []
  phrases.push(capabilities.list === 'hub' ? 'Lists keys' : 'Keys recorded in Hubkeys')
  if (capabilities.create === 'hub') phrases.push('Creates')
  const fields = editable.filter(([key]) => capabilities.update[key]).map(([, label]) => label)
  if (fields.length > 0) {
    phrases.push(
      capabilities.updateTarget === 'hub'
        ? `Edits ${fields.join(', ')}`
        : `Tracks ${fields.join(', ')}`
    )
  }
  if (capabilities.delete === 'hub') phrases.push('Deletes')
  if (capabilities.verify) phrases.push('Verifies')
  if (capabilities.usage === 'requests') phrases.push('Usage')
  else if (capabilities.usage === 'storage') phrases.push('Storage usage')
  if (capabilities.rotation !== 'manual') phrases.push('Rotates')
  return phrases
}

/** The same phrases as one line, separated by middle dots. */
export const capabilityLine = (capabilities: Capabilities): string =>
  capabilityPhrases(capabilities).join(' · ')
