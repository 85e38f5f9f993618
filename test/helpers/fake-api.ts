// A fake `window.api` for component tests: calls a core's dispatch in-process, JSON on the wire like web mode.
import type { HubkeysApi } from '../../src-main/contract/api'
import { isChannelName, isEventName, type ChannelName } from '../../src-main/contract/names'

/*
 * Why no static import of the core here: component tests are type-checked by tsconfig.web.json,
 * which has DOM types and no Node types, and TypeScript checks every file a test imports. The core
 * uses node:crypto and native modules, so importing it (even `import type`) would break that
 * check. This file therefore knows the core only by the small shape below; `fake-api.guard.ts`
 * (checked by tsconfig.node.json) proves the real core fits it, and `createCoreApi` loads the real
 * one at run time through a specifier TypeScript does not follow. Vitest runs component tests in
 * Node with happy-dom's globals, so the real core, its crypto and its KDF all work there.
 */

/** The part of `core/dispatch.ts`'s Dispatch the fake calls. */
export type DispatchLike = (
  channel: unknown,
  payload: unknown,
  context: { transport: 'test' }
) => Promise<unknown>

/** The part of `core/events.ts`'s EventBus the fake listens to. */
export interface EventSourceLike {
  onAny(listener: (event: string, payload: unknown) => void): () => void
}

/** The part of `core/app-core.ts`'s AppCore the fake needs. */
export interface CoreLike {
  dispatch: DispatchLike
  events: EventSourceLike
  close(): Promise<void>
}

/** A canned answer for one channel, in place of the core's (an error envelope, a slow reply...). */
export type Override = (payload: unknown) => unknown

export interface FakeApiOptions {
  dispatch: DispatchLike
  events?: EventSourceLike
  overrides?: Partial<Record<ChannelName, Override>>
}

export interface FakeApi extends HubkeysApi {
  /** Every invoke that reached the fake, in order, as it crossed the wire. */
  readonly calls: { channel: string; payload: unknown }[]
  /** Replaces (or with `undefined`, removes) the answer for one channel from now on. */
  override(channel: ChannelName, answer: Override | undefined): void
}

/** What crosses the web bridge is JSON; round-tripping catches payloads that would not survive it. */
const wire = <T>(value: T): T =>
  value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T)

export const createFakeApi = (options: FakeApiOptions): FakeApi => {
  const overrides = new Map(Object.entries(options.overrides ?? {})) as Map<string, Override>
  const calls: FakeApi['calls'] = []
  const api = {
    calls,
    override(channel: ChannelName, answer: Override | undefined) {
      if (answer) overrides.set(channel, answer)
      else overrides.delete(channel)
    },
    // Same gatekeeping as the preload and the web bridge: only contract names get through.
    async invoke(channel: unknown, payload: unknown) {
      if (!isChannelName(channel)) {
        return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: 'Unknown channel.' } }
      }
      const sent = wire(payload ?? {})
      calls.push({ channel, payload: sent })
      const override = overrides.get(channel)
      return wire(
        await (override ? override(sent) : options.dispatch(channel, sent, { transport: 'test' }))
      )
    },
    subscribe(event: unknown, listener: unknown) {
      if (!isEventName(event) || typeof listener !== 'function' || !options.events) {
        return () => undefined
      }
      return options.events.onAny((name, payload) => {
        if (name === event) listener(wire(payload))
      })
    }
  }
  // The contract's generic signatures cannot be written for a runtime object; the shape is the same.
  return api as unknown as FakeApi
}

/** The real core built by test-core.ts, behind a fake `window.api`. */
export interface CoreApi {
  api: FakeApi
  core: CoreLike
  /** Closes the core (locks the vault, stops its timers). */
  close(): Promise<void>
}

/** Resolved at run time by Vitest; a variable, so TypeScript does not pull the core into the web check. */
const testCoreModule = './test-core'

export const createCoreApi = async (overrides?: FakeApiOptions['overrides']): Promise<CoreApi> => {
  const { createTestCore } = (await import(/* @vite-ignore */ testCoreModule)) as {
    createTestCore: () => CoreLike
  }
  const core = createTestCore()
  const api = createFakeApi({ dispatch: core.dispatch, events: core.events, overrides })
  return { api, core, close: () => core.close() }
}
