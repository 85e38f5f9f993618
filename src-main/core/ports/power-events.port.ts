// The power-events port: tells the vault when the machine suspends or the screen locks (Electron powerMonitor).
export type PowerEvent = 'suspend' | 'screen-lock'

export interface PowerEvents {
  /** Calls the listener on each event; returns the function that stops listening. */
  subscribe(listener: (event: PowerEvent) => void): () => void
}

/** Web mode and the CLI have no power events of their own. */
export const noPowerEvents: PowerEvents = { subscribe: () => () => undefined }
