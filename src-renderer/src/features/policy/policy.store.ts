// Zustand store of the policy rules (kept in the preferences) and the last check of the cached keys against them; renderer.
import { createContext, useContext, useEffect } from 'react'
import { createStore, useStore, type StoreApi } from 'zustand'
import type { PolicyCheck } from '../../../../src-main/contract/policy.contract'
import type { Policies, PolicyRules } from '../../../../src-main/contract/policy-rules'
import type { AppErrorBody, Result } from '../../../../src-main/contract/result'
import type { Client } from '../../api/client'

export interface PolicyState {
  /** The rule sets; undefined until read. */
  policies?: Policies
  check?: PolicyCheck
  phase: 'idle' | 'loading' | 'ready' | 'failed'
  error?: AppErrorBody
  /** Reads the rules and checks every cached key against them. */
  load(): Promise<void>
  /** Reads only the rules (the key table's markers need no check). */
  loadPolicies(): Promise<void>
  /** Follows rule changes (another window, the CLI) and finished syncs until the returned function runs. */
  watch(): () => void
  /** Replaces one scope's rules (`null` removes the set); answers main's refusal, if any. */
  save(scope: string, rules: PolicyRules | null): Promise<Result<Policies>>
  /** The evidence report as a file's name, type and text. */
  report(
    format: 'json' | 'html'
  ): Promise<Result<{ fileName: string; mediaType: string; text: string }>>
}

export type PolicyStore = StoreApi<PolicyState>

/** How many violating keys the screen lists; the report has them all. */
export const violatingShown = 500

export const createPolicyStore = (client: Client): PolicyStore => {
  let generation = 0
  let recheckTimer: ReturnType<typeof setTimeout> | undefined
  return createStore<PolicyState>((set, get) => {
    const recheck = async () => {
      const mine = ++generation
      set({ phase: get().check ? 'ready' : 'loading' })
      const check = await client.call('policy:check', { limit: violatingShown })
      if (mine !== generation) return
      if (check.ok)
        set({
          phase: 'ready',
          check: check.value,
          policies: check.value.policies,
          error: undefined
        })
      else set({ phase: 'failed', error: check.error })
    }
    const later = () => {
      if (recheckTimer !== undefined) clearTimeout(recheckTimer)
      recheckTimer = setTimeout(() => {
        recheckTimer = undefined
        void recheck()
      }, 250)
    }
    return {
      phase: 'idle',
      load: recheck,
      async loadPolicies() {
        const prefs = await client.call('prefs:get', {})
        if (prefs.ok) set({ policies: prefs.value.policies })
      },
      watch() {
        const stopPrefs = client.on('prefs:changed', (prefs) => {
          if (JSON.stringify(prefs.policies) === JSON.stringify(get().policies)) return
          set({ policies: prefs.policies })
          if (get().check) later()
        })
        const stopSync = client.on('sync:progressed', (event) => {
          if (event.done && get().check) later()
        })
        return () => {
          stopPrefs()
          stopSync()
          if (recheckTimer !== undefined) clearTimeout(recheckTimer)
          recheckTimer = undefined
        }
      },
      async save(scope, rules) {
        const current = get().policies ?? []
        const others = current.filter((entry) => entry.scope !== scope)
        const next = rules === null ? others : [...others, { scope, rules }]
        const result = await client.call('prefs:set', { policies: next })
        if (!result.ok) return result
        set({ policies: result.value.policies })
        await recheck()
        return { ok: true, value: result.value.policies }
      },
      report: (format) => client.call('policy:report', { format })
    }
  })
}

const PolicyStoreContext = createContext<PolicyStore | null>(null)

export const PolicyStoreProvider = PolicyStoreContext.Provider

export function usePolicyStore<T>(selector: (state: PolicyState) => T): T {
  const store = useContext(PolicyStoreContext)
  if (!store) throw new Error('usePolicyStore needs a <PolicyStoreProvider> above it.')
  return useStore(store, selector)
}

/** While unlocked: the rules are read once and followed, so the key table can mark rule breakers. */
export function usePolicySession(): void {
  const store = useContext(PolicyStoreContext)
  useEffect(() => {
    if (!store) return
    void store.getState().loadPolicies()
    return store.getState().watch()
  }, [store])
}
