// Decides whether an IPC message comes from our own window's top frame; pure, used by Electron main's IPC.

/** The parts of an `IpcMainInvokeEvent` the check reads, so tests can pass plain objects. */
export interface SenderEvent {
  sender: { id: number }
  senderFrame: { url: string; parent: unknown } | null
}

export interface TrustedSenderOptions {
  /** `webContents.id` of every window Hubkeys created (a Set, or a Map keyed by id). */
  windowIds: Pick<ReadonlySet<number>, 'has'>
}

/** The renderer's origin. WHATWG URL gives origin 'null' for custom schemes, so compare parts. */
export const appScheme = 'app'
export const appHost = 'hubkeys'
export const appOrigin = `${appScheme}://${appHost}`

/** True when `url` is on app://hubkeys (any path), with no port, user name or password. */
export const isAppUrl = (url: string): boolean => {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  return (
    parsed.protocol === `${appScheme}:` &&
    parsed.host === appHost &&
    parsed.username === '' &&
    parsed.password === ''
  )
}

/**
 * Every IPC call passes through this: the frame must still exist, be a main frame (an iframe or a
 * frame that navigated elsewhere never gets the API's power), be on app://hubkeys, and belong to a
 * window we created.
 */
export const isTrustedSender = (
  event: SenderEvent,
  { windowIds }: TrustedSenderOptions
): boolean => {
  try {
    const frame = event.senderFrame
    if (!frame) return false
    // `parent` is null exactly for a main frame; `frame.top === frame` would also say so but relies
    // on Electron handing out the same wrapper object twice, which its API does not promise.
    if (frame.parent !== null) return false
    if (!isAppUrl(frame.url)) return false
    return windowIds.has(event.sender.id)
  } catch {
    // A destroyed frame throws on access: a sender we cannot inspect is not trusted.
    return false
  }
}
