// Seals an export that holds key values with a passphrase the admin chose (Argon2id, then AES-256-GCM as the vault does) and opens it again; core, runs in main, web mode and the CLI.
import { z } from 'zod'
import { AppError } from '../../contract/result'
import { defaultKdfParams, type Kdf, type KdfParams } from '../ports/kdf.port'
import { isVaultError } from '../ports/vault-error'
import { platform } from '../ports/platform.port'
import { deriveKek, open, saltBytes, seal, zeroize } from '../vault/vault-crypto'

export const envelopeFormat = 'hubkeys-export-encrypted'
/** Bound into the ciphertext: a sealed vault blob or backup cannot pass for an export. */
const aad = Buffer.from('hubkeys-export:v1', 'utf8')

const envelopeSchema = z
  .object({
    format: z.literal(envelopeFormat),
    version: z.literal(1),
    cipher: z.literal('aes-256-gcm'),
    kdf: z.unknown(),
    salt: z.string().max(64),
    /** The inner file's type once opened. */
    contentType: z.enum(['application/json', 'text/csv']),
    sealed: z.string()
  })
  .strict()

/** The envelope as JSON text: parameters and salt in the clear, everything else sealed. */
export const sealExport = async (
  kdf: Kdf,
  passphrase: string,
  contentType: 'application/json' | 'text/csv',
  plaintext: string,
  params: KdfParams = defaultKdfParams
): Promise<string> => {
  const salt = platform().randomBytes(saltBytes)
  const key = await deriveKek(kdf, passphrase, salt, params)
  const bytes = Buffer.from(plaintext, 'utf8')
  try {
    const sealed = seal(key, bytes, aad)
    return `${JSON.stringify(
      {
        format: envelopeFormat,
        version: 1,
        cipher: 'aes-256-gcm',
        kdf: params,
        salt: salt.toString('base64'),
        contentType,
        sealed: sealed.toString('base64')
      },
      null,
      2
    )}\n`
  } finally {
    // Never leave key material or the values in memory longer than the sealing needs.
    zeroize(key)
    zeroize(bytes)
  }
}

/** Opens an envelope; a wrong passphrase or any changed byte gives one sentence, no plaintext. */
export const openExport = async (
  kdf: Kdf,
  passphrase: string,
  text: string
): Promise<{ contentType: string; plaintext: string }> => {
  let envelope: z.output<typeof envelopeSchema>
  try {
    envelope = envelopeSchema.parse(JSON.parse(text))
  } catch {
    throw new AppError('BAD_REQUEST', 'This is not an encrypted Hubkeys export.')
  }
  const key = await deriveKek(kdf, passphrase, Buffer.from(envelope.salt, 'base64'), envelope.kdf)
  try {
    const plain = open(key, Buffer.from(envelope.sealed, 'base64'), aad)
    const plaintext = plain.toString('utf8')
    zeroize(plain)
    return { contentType: envelope.contentType, plaintext }
  } catch (error) {
    if (isVaultError(error, 'TAMPERED'))
      throw new AppError(
        'BAD_REQUEST',
        'The passphrase is wrong or the file was changed; nothing was read.'
      )
    throw error
  } finally {
    zeroize(key)
  }
}
