// Handlers for the rotation channels (plan, start, resume, roll back, revoke now, list) over the rotation engine; run in main, web mode or the CLI.
import type { rotationChannels } from '../../contract/rotation.contract'
import { Secret } from '../../common/secret'
import type { Handlers } from '../dispatch'
import type { VaultService } from '../vault/vault.service'
import type { RotationService } from './rotation.service'

export const createRotationHandlers = (
  rotation: RotationService,
  vault: VaultService
): Pick<Handlers, keyof typeof rotationChannels> => ({
  'rotation:plan': ({ connectionId, keyIds, target, recoveryConnectionId }) => ({
    items:
      target === 'credential'
        ? [rotation.planCredential(connectionId, recoveryConnectionId)]
        : rotation.plan(connectionId, keyIds)
  }),
  'rotation:start': async ({ newSecret, showSecret, ...request }) => {
    // Borrowed by the engine, which seals it with NEW_STORED; zeroed here.
    using pasted = Secret.fromOptional(newSecret)
    const record = await rotation.start({ ...request, ...(pasted ? { newSecret: pasted } : {}) })
    const usable = record.newSecretId && record.state !== 'FAILED' && record.state !== 'ROLLED_BACK'
    let secret: string | undefined
    if (showSecret && usable && record.newSecretId) {
      // Read back from the vault: the value is shown only once it is stored. Never log it.
      using value = vault.readSecret(record.newSecretId)
      secret = value.reveal()
    }
    return { rotation: rotation.viewOf(record), ...(secret === undefined ? {} : { secret }) }
  },
  'rotation:resume': async ({ id }) => ({
    rotations: (await rotation.resume(id)).map(rotation.viewOf)
  }),
  'rotation:rollback': async ({ id }) => rotation.viewOf(await rotation.rollback(id)),
  'rotation:revoke-now': async ({ id }) => rotation.viewOf(await rotation.revokeNow(id)),
  'rotation:policies': () => ({ policies: rotation.policies() }),
  'rotation:set-policy': ({ connectionId, maxAgeDays }) => ({
    policies: rotation.setPolicy(connectionId, maxAgeDays)
  }),
  'rotation:proposals': () => ({ items: rotation.proposals() }),
  'rotation:list': ({ unfinished }) => ({
    rotations: rotation.list(unfinished).map(rotation.viewOf)
  })
})
