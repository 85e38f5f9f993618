// Unit tests of the CLI's pure core: the ipfilter channels answer through dispatch with no store, and every other channel is refused.
import { describe, expect, it } from 'vitest'
import { openPureCliCore } from '../../src-main/cli/cli-core'

describe('openPureCliCore', () => {
  const core = openPureCliCore()

  it('checks and lints through dispatch, worded by the hub kind', async () => {
    await expect(
      core.call('ipfilter:check', { rules: ['10.0.0.0/8'], address: '10.9.9.9' })
    ).resolves.toMatchObject({ verdict: 'allowed', rule: { index: 0, cidr: '10.0.0.0/8' } })
    await expect(core.call('ipfilter:lint', { rules: [], kind: 'cycle' })).resolves.toMatchObject({
      findings: [{ kind: 'empty', message: expect.stringMatching(/Cycle reads as allowing no/) }]
    })
  })

  it('keeps the contract checks and refuses every channel that needs the data file', async () => {
    await expect(core.call('ipfilter:check', { rules: null } as never)).rejects.toMatchObject({
      code: 'BAD_REQUEST'
    })
    await expect(core.call('connections:list', {})).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: 'This command runs without the data file.'
    })
    await expect(core.call('vault:status', {})).rejects.toMatchObject({ code: 'UNAVAILABLE' })
  })
})
