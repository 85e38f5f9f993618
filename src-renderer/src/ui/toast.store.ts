// The page's one queue of toasts (short confirmations such as "Copied"), readable from any feature without a provider; renderer.
import { createStore, useStore } from 'zustand'

export type ToastTone = 'ok' | 'warn' | 'danger' | 'info'

export interface Toast {
  id: number
  text: string
  tone: ToastTone
  /** A toast with the same topic replaces the one shown (a second copy, a later outcome). */
  topic?: string
}

interface ToastOptions {
  tone?: ToastTone
  topic?: string
  /** How long it stays; warnings stay longer, since they ask the person to act. */
  ms?: number
}

const toastStore = createStore<{ toasts: Toast[] }>(() => ({ toasts: [] }))
let nextId = 1

export const dismissToast = (id: number): void =>
  toastStore.setState((state) => ({ toasts: state.toasts.filter((toast) => toast.id !== id) }))

/** Shows a toast; answers its id. At most three stay on screen, the oldest going first. */
export const showToast = (text: string, options: ToastOptions = {}): number => {
  const tone = options.tone ?? 'ok'
  const id = nextId++
  toastStore.setState((state) => ({
    toasts: [
      ...state.toasts.filter((toast) => !options.topic || toast.topic !== options.topic),
      { id, text, tone, ...(options.topic ? { topic: options.topic } : {}) }
    ].slice(-3)
  }))
  const ms = options.ms ?? (tone === 'ok' || tone === 'info' ? 6_000 : 12_000)
  setTimeout(() => dismissToast(id), ms)
  return id
}

export const useToasts = (): Toast[] => useStore(toastStore, (state) => state.toasts)
