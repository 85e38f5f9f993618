// Bridges the contract over Electron IPC: one ipcMain.handle per channel, events pushed to our windows; Electron main.
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron'
import { channelNames } from '../contract/names'
import { err, type Result } from '../contract/result'
import type { Dispatch } from '../core/dispatch'
import type { EventBus } from '../core/events'

export type IpcRegistrar = Pick<IpcMain, 'handle' | 'removeHandler'>

const forbidden = err('FORBIDDEN', 'This window is not allowed to talk to Hubkeys.')

/**
 * Registers every contract channel, and only those. Each call is checked against the sender before
 * it reaches the core; the answer is always a Result, never a thrown error (which Electron would
 * serialise with a stack trace into the renderer). Returns the function that unregisters them.
 */
export const registerIpc = (
  ipcMain: IpcRegistrar,
  dispatch: Dispatch,
  isTrusted: (event: IpcMainInvokeEvent) => boolean
): (() => void) => {
  for (const channel of channelNames) {
    ipcMain.handle(channel, async (event, payload: unknown): Promise<Result<unknown>> => {
      if (!isTrusted(event)) return forbidden
      try {
        return await dispatch(channel, payload, { transport: 'ipc' })
      } catch {
        // dispatch promises not to throw; this keeps a broken promise from reaching the renderer.
        return err('INTERNAL', 'Something went wrong inside Hubkeys; the action was not completed.')
      }
    })
  }
  return () => {
    for (const channel of channelNames) ipcMain.removeHandler(channel)
  }
}

export type EventRecipient = Pick<WebContents, 'send' | 'isDestroyed'>

/** Sends every core event to each of our windows; returns the function that stops forwarding. */
export const forwardEvents = (
  events: EventBus,
  targets: () => Iterable<EventRecipient>
): (() => void) =>
  events.onAny((event, payload) => {
    for (const target of targets()) {
      if (!target.isDestroyed()) target.send(event, payload)
    }
  })
