// Unit test of the Electron clipboard adapter: the port's three calls reach Electron's clipboard as plain text.
import { describe, expect, it } from 'vitest'
import { createElectronClipboard } from '../../../src-main/electron/electron.clipboard'

describe('electron clipboard adapter', () => {
  it('writes, reads and clears through the Electron clipboard', async () => {
    let text = 'before'
    const calls: string[] = []
    const clipboard = createElectronClipboard({
      writeText: async (value: string) => {
        calls.push('write')
        text = value
      },
      readText: async () => {
        calls.push('read')
        return text
      },
      clear: () => {
        calls.push('clear')
        text = ''
      }
    })
    await clipboard.writeText('abc')
    expect(await clipboard.readText()).toBe('abc')
    await clipboard.clear()
    expect(await clipboard.readText()).toBe('')
    expect(calls).toEqual(['write', 'read', 'clear', 'read'])
  })
})
