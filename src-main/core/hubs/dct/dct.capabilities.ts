// What a DCT connection can do, by API family and version (HUBS.md "Delphix DCT"); pure, runs in main.
import type { Capabilities } from '../../../contract/hubs.contract'
import { featureSupport, type DctProfile } from './dct.version'

/**
 * DCT 3.17 and newer, the kind's advertised capabilities. One account holds one key: the key's name
 * is the account's username (PUT /management/accounts/{id} may change it), status is the account's
 * enabled flag (enable/disable endpoints), expiry is per account but set only by the server (the
 * global `api_key_expiry_time` property; the account update has no expiry field), IPs, headers and
 * roles do not exist. Deleting removes the key (api-key-delete), never the account. Rotation is a
 * hard cut-over: api-key-reset replaces the only key at once.
 */
export const dctCapabilities: Capabilities = {
  list: 'hub',
  create: 'hub',
  update: { name: true, ips: false, headers: false, role: false, status: true, expiry: false },
  updateTarget: 'hub',
  delete: 'hub',
  verify: true,
  usage: 'none',
  rotation: 'reset-cutover',
  secretReturned: 'once',
  paging: 'cursor',
  roles: false,
  expiry: 'per-account'
}

/** The capabilities of one connection: older servers lack reset and delete; 2.x is API clients. */
export const capabilitiesFor = (profile: DctProfile): Capabilities => {
  if (profile.family === 'api-clients') {
    // 2.0.0 spec: list, create, get, PUT {name}, DELETE client. No status, expiry, reset or key-only
    // delete; deleting the client would remove an identity, not just its key, so Hubkeys does not.
    return {
      ...dctCapabilities,
      update: { ...dctCapabilities.update, status: false },
      delete: 'none',
      rotation: 'manual',
      expiry: 'none'
    }
  }
  const canDelete = featureSupport(profile, 'api-key-delete') !== 'no'
  const canReset = featureSupport(profile, 'api-key-reset') !== 'no'
  return {
    ...dctCapabilities,
    delete: canDelete ? 'hub' : 'none',
    rotation: canReset ? 'reset-cutover' : 'manual'
  }
}
