// The clipboard port over Electron's system clipboard, for the desktop app's main process.
import type { Clipboard as ElectronClipboard } from 'electron'
import type { Clipboard } from '../core/ports/clipboard.port'

/** Takes Electron's `clipboard` module, so a test can hand it a fake with the same three calls. */
export const createElectronClipboard = (
  clipboard: Pick<ElectronClipboard, 'writeText' | 'readText' | 'clear'>
): Clipboard => ({
  writeText: (text) => clipboard.writeText(text),
  readText: () => clipboard.readText(),
  clear: async () => clipboard.clear()
})
