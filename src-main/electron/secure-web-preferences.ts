// The hardened WebPreferences every Hubkeys window uses (DESIGN.md section 8); pure, called by Electron main.
import type { WebPreferences } from 'electron'

export interface SecureWebPreferencesOptions {
  /** Absolute path of the built preload (out/preload/index.cjs). */
  preloadPath: string
  /** `app.isPackaged`: a shipped build never opens DevTools. */
  isPackaged: boolean
}

/**
 * Electron's security checklist as one object. `webSecurity` is deliberately absent so it keeps its
 * default (on); every other switch is spelled out so a change of Electron's defaults cannot loosen it.
 */
export const secureWebPreferences = ({
  preloadPath,
  isPackaged
}: SecureWebPreferencesOptions): WebPreferences => ({
  preload: preloadPath,
  sandbox: true,
  contextIsolation: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webviewTag: false,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  navigateOnDragDrop: false,
  spellcheck: false,
  devTools: !isPackaged
})
