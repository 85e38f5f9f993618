// Generates the value of an Owl Data Hub "generic token" (the admin chooses its value in Owl); runs in main.
import { platform } from '../../ports/platform.port'
import { Secret } from '../../../common/secret'

/**
 * 32 random bytes, base64url (43 characters): unguessable, and safe in a header without escaping.
 * The random bytes are zeroed; the base64url text is briefly an ordinary string, which cannot be.
 */
export const generateDatahubToken = (): Secret => {
  const random = platform().randomBytes(32)
  try {
    return Secret.fromString(random.toString('base64url'))
  } finally {
    random.fill(0)
  }
}
