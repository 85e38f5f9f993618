// Handlers for the `policy:*` channels (check, report) over the policy service; run in main, web mode or the CLI.
import type { policyChannels } from '../../contract/policy.contract'
import type { Handlers } from '../dispatch'
import type { PolicyService } from './policy.service'

export const createPolicyHandlers = (
  policy: PolicyService
): Pick<Handlers, keyof typeof policyChannels> => ({
  'policy:check': ({ limit }) => policy.check(limit),
  'policy:report': ({ format }) => policy.report(format)
})
