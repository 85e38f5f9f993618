// The clipboard port: the system clipboard as main sees it (desktop only; web mode and the CLI have none), implemented in the Electron glue.

/** Plain text only: Hubkeys puts nothing else on the clipboard. Asynchronous, like Electron's. */
export interface Clipboard {
  writeText(text: string): Promise<void>
  readText(): Promise<string>
  /** Empties the clipboard. */
  clear(): Promise<void>
}
