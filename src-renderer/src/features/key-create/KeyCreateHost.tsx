// Shows the new-key dialog over the frame while it is open, and closes it when the session ends (a lock); renderer.
import { useEffect } from 'react'
import { useKeyCreateStore } from './key-create.store'
import { KeyCreateDialog } from './KeyCreateDialog'

export function KeyCreateHost() {
  const target = useKeyCreateStore((state) => state.target)
  const close = useKeyCreateStore((state) => state.close)
  // Nothing typed into the dialog outlives the unlocked session.
  useEffect(() => close, [close])
  return target ? <KeyCreateDialog target={target} /> : null
}
