// Keeps the connections store live while the vault is open, and shows the add dialog or a connection's panel over the frame; renderer.
import { useEffect } from 'react'
import { AddConnectionDialog } from './AddConnectionDialog'
import { ConnectionPanel } from './ConnectionPanel'
import { useConnectionsStore } from './connections.store'

/** Loads and follows the connections for this unlocked session; forgets them when it ends (a lock). */
export function useConnectionsSession() {
  const load = useConnectionsStore((state) => state.load)
  const watch = useConnectionsStore((state) => state.watch)
  const clear = useConnectionsStore((state) => state.clear)
  useEffect(() => {
    const stop = watch()
    void load()
    return () => {
      stop()
      clear()
    }
  }, [load, watch, clear])
}

export function ConnectionsHost() {
  const open = useConnectionsStore((state) => state.open)
  if (!open) return null
  return open.view === 'add' ? <AddConnectionDialog /> : <ConnectionPanel id={open.id} />
}
