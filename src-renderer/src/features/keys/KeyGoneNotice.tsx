// The notice at the top of the key detail panel for a key missing at its hub or deleted through Hubkeys, with "Forget key…"; renderer.
import { useState } from 'react'
import type { KeyDetail } from '../../../../src-main/contract/inventory.contract'
import { absoluteTime, relativeTime } from './key-format'
import { ForgetKeyDialog } from './ForgetKeyDialog'
import { Button } from '../../ui/Button'
import { Notice } from '../../ui/Notice'
import styles from './ForgetKey.module.css'

function Headline({ keyDetail: key }: { keyDetail: KeyDetail }) {
  if (key.status === 'missing') {
    return (
      <p>
        <strong>
          Missing at hub
          {key.missingSince === null ? '' : ` since ${absoluteTime(key.missingSince)}`}
        </strong>
        : the last complete listing of {key.connectionName} did not contain it.
      </p>
    )
  }
  return key.deletedAt === null ? (
    <p>
      <strong>Deleted</strong>: {key.connectionName} reports this key as deleted.
    </p>
  ) : (
    <p>
      <strong>Deleted through Hubkeys on {absoluteTime(key.deletedAt)}</strong>.
    </p>
  )
}

export function KeyGoneNotice({ keyDetail: key, now }: { keyDetail: KeyDetail; now: number }) {
  const [asking, setAsking] = useState(false)
  if (key.status !== 'missing' && key.status !== 'deleted') return null
  return (
    <Notice tone={key.status === 'missing' ? 'warn' : 'neutral'} className={styles.notice}>
      <Headline keyDetail={key} />
      <p>Hubkeys keeps {key.hasSecret ? 'its stored value' : 'its record'} until you forget it.</p>
      <p className={styles.seen}>
        Last seen {relativeTime(key.syncedAt, now)} · {absoluteTime(key.syncedAt)}
      </p>
      <div className={styles.actions}>
        <Button size="sm" variant="secondary" icon="trash" onClick={() => setAsking(true)}>
          Forget key…
        </Button>
      </div>
      {asking ? <ForgetKeyDialog keyDetail={key} onClose={() => setAsking(false)} /> : null}
    </Notice>
  )
}
