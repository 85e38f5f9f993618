// Generates the value of an Owl Data Hub "generic token" (the admin chooses its value in Owl); runs in main.
import { randomBytes } from 'node:crypto'

/** 32 random bytes, base64url (43 characters): unguessable, and safe in a header without escaping. */
export const generateDatahubToken = (): string => randomBytes(32).toString('base64url')
