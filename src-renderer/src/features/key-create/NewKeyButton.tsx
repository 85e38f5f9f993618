// The "New key" button of the Keys screen's filter bar: opens the new-key dialog on the one connection shown, else lets the admin pick; renderer.
import { useKeysStore } from '../keys/keys.store'
import { Button } from '../../ui/Button'
import { useKeyCreateStore } from './key-create.store'

export function NewKeyButton() {
  const open = useKeyCreateStore((state) => state.open)
  const picked = useKeysStore((state) => state.query.filter.connectionIds)
  return (
    <Button
      size="sm"
      variant="primary"
      icon="plus"
      onClick={() => open(picked?.length === 1 ? picked[0] : null)}
    >
      New key
    </Button>
  )
}
