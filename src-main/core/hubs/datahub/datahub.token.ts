// Generates the value of an Owl Data Hub "generic token" (the admin chooses its value in Owl); runs in main.
import { platform } from '../../ports/platform.port'

/** 32 random bytes, base64url (43 characters): unguessable, and safe in a header without escaping. */
export const generateDatahubToken = (): string => platform().randomBytes(32).toString('base64url')
