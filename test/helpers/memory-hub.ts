// An in-process hub kind for testing the connection and key services without HTTP; tests only.
import type { Capabilities, HubKey } from '../../src-main/contract/hubs.contract'
import { AppError } from '../../src-main/contract/result'
import type { HubAdapter, HubKindModule } from '../../src-main/core/hubs/hub-adapter'
import { Secret } from '../../src-main/common/secret'

export const memoryCapabilities: Capabilities = {
  list: 'hub',
  create: 'hub',
  update: { name: true, ips: true, headers: false, role: false, status: false, expiry: false },
  updateTarget: 'hub',
  delete: 'hub',
  verify: true,
  usage: 'none',
  rotation: 'create-verify-delete',
  secretReturned: 'once',
  paging: 'page-number',
  roles: false,
  expiry: 'none',
  // It edits IPs, so it says what an empty list means there (as Cycle: nothing gets through).
  ipList: { emptyList: 'denies-all', families: [4, 6] }
}

export const createMemoryHub = () => {
  const keys = new Map<string, { key: HubKey; secret: string }>()
  let next = 1
  const calls: string[] = []
  /** Every Secret createKey returned, so tests can check that its new owner disposed it. */
  const handedOut: Secret[] = []
  const base = (id: string, name: string): HubKey => ({
    hubKeyId: id,
    tenant: 'main',
    name,
    status: 'active',
    role: null,
    scopes: [],
    ipRules: null,
    headers: [],
    createdAt: 1,
    expiresAt: null,
    lastUsedAt: null,
    owner: null,
    fingerprint: null,
    oddities: []
  })
  const adapter = (credential: Secret | undefined): HubAdapter => {
    const auth = () => {
      if (credential?.reveal() !== 'master-credential')
        throw new AppError('UNAUTHORIZED', 'Memory hub refused the credential.')
    }
    return {
      kind: 'cycle',
      capabilities: memoryCapabilities,
      async testConnection() {
        calls.push('test')
        auth()
        return { detail: `Reached the memory hub with ${keys.size} keys.` }
      },
      async *listKeys() {
        auth()
        yield { tenant: 'main', keys: [...keys.values()].map((entry) => entry.key) }
      },
      async createKey(input) {
        calls.push('create')
        auth()
        const id = String(next++)
        const secret = `secret-${id}-${'x'.repeat(20)}`
        keys.set(id, { key: { ...base(id, input.name), ipRules: input.ips ?? null }, secret })
        handedOut.push(Secret.fromString(secret))
        return { key: keys.get(id)!.key, secret: handedOut.at(-1)! }
      },
      async updateKey(ref, patch) {
        auth()
        const entry = keys.get(ref.hubKeyId)
        if (!entry) throw new AppError('NOT_FOUND', 'No such key.')
        entry.key = {
          ...entry.key,
          ...(patch.name ? { name: patch.name } : {}),
          ...(patch.ips !== undefined ? { ipRules: patch.ips } : {})
        }
        return entry.key
      },
      async deleteKey(ref) {
        auth()
        if (!keys.delete(ref.hubKeyId)) throw new AppError('NOT_FOUND', 'No such key.')
      },
      async verifyKey(ref) {
        using secret = ref.secret?.()
        const valid = [...keys.values()].some((entry) => entry.secret === secret?.reveal())
        return { valid, detail: valid ? 'The key works.' : 'The hub does not know this key.' }
      }
    }
  }
  const module: HubKindModule = {
    kind: 'cycle',
    capabilities: memoryCapabilities,
    checkConnection(connection) {
      if (!connection.settings.hubId) throw new AppError('BAD_REQUEST', 'Enter the hub id.')
    },
    create: ({ credential }) => adapter(credential)
  }
  return { module, keys, calls, handedOut }
}
