// "Add my current address": this computer's own interface addresses, read by main (never from the internet), to check or add as a rule, with the NAT caveat; renderer.
import { useState } from 'react'
import type { IpLocalAddresses } from '../../../../src-main/contract/ipfilter.contract'
import type { AppErrorBody } from '../../../../src-main/contract/result'
import { client } from '../../api/client'
import { Button } from '../../ui/Button'
import styles from './IpFilterEditor.module.css'

interface LocalAddressesProps {
  /** Puts the address in the simulator. */
  onCheck(address: string): void
  /** Adds it as a rule; absent while the list is unrestricted. */
  onAdd?(address: string): void
}

export function LocalAddresses({ onCheck, onAdd }: LocalAddressesProps) {
  const [state, setState] = useState<
    | { phase: 'idle' | 'loading' }
    | { phase: 'ready'; addresses: IpLocalAddresses['addresses'] }
    | { phase: 'failed'; error: AppErrorBody }
  >({ phase: 'idle' })

  const load = async () => {
    setState({ phase: 'loading' })
    const result = await client.call('ipfilter:local-addresses', {})
    setState(
      result.ok
        ? { phase: 'ready', addresses: result.value.addresses }
        : { phase: 'failed', error: result.error }
    )
  }

  return (
    <div className={styles.local}>
      <div>
        <Button size="sm" icon="globe" busy={state.phase === 'loading'} onClick={() => void load()}>
          Add my current address
        </Button>
      </div>
      {state.phase === 'failed' ? (
        <p className={styles.error} role="alert">
          {state.error.message}
        </p>
      ) : null}
      {state.phase === 'ready' ? (
        <>
          <p className={styles.hint}>
            This computer&apos;s own addresses. Behind NAT, a VPN or a proxy the hub sees another
            address (often your router&apos;s public one), which Hubkeys does not look up on the
            internet: ask your network admin if unsure.
          </p>
          {state.addresses.length === 0 ? (
            <p className={styles.muted}>No network interface with an address a hub could see.</p>
          ) : (
            <ul className={styles.addresses} aria-label="This computer's addresses">
              {state.addresses.map((entry) => (
                <li key={`${entry.interface}-${entry.address}`} className={styles.address}>
                  <span className={styles.mono}>{entry.address}</span>
                  <span className={styles.muted}>{entry.interface}</span>
                  <Button
                    size="sm"
                    variant="ghost"
                    aria-label={`Check ${entry.address}`}
                    onClick={() => onCheck(entry.address)}
                  >
                    Check
                  </Button>
                  {onAdd ? (
                    <Button
                      size="sm"
                      variant="ghost"
                      icon="plus"
                      aria-label={`Add ${entry.address} as a rule`}
                      onClick={() => onAdd(entry.address)}
                    >
                      Add
                    </Button>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </>
      ) : null}
    </div>
  )
}
