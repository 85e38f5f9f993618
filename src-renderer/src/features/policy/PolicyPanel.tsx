// The Hygiene screen's policy section: whether the cached keys follow the admin's rules, the count per rule, the keys that break one, and the way to the rules and the report; renderer.
import { useEffect, useState } from 'react'
import type { PolicyKeyResult } from '../../../../src-main/contract/policy.contract'
import { absoluteTime, formatCount, keysCount } from '../keys/key-format'
import { Button } from '../../ui/Button'
import { Notice } from '../../ui/Notice'
import { PolicyReportDialog, RuleCounts } from './PolicyReportDialog'
import { PolicyRulesDialog } from './PolicyRulesDialog'
import { usePolicyStore } from './policy.store'
import styles from './Policy.module.css'

/** How many of the violating keys the panel lists; the report dialog has more. */
const listed = 8

export function PolicyPanel({ onOpenKey }: { onOpenKey(key: PolicyKeyResult): void }) {
  const check = usePolicyStore((state) => state.check)
  const phase = usePolicyStore((state) => state.phase)
  const error = usePolicyStore((state) => state.error)
  const load = usePolicyStore((state) => state.load)
  const [open, setOpen] = useState<'rules' | 'report'>()

  useEffect(() => {
    void load()
  }, [load])

  const anyRule = (check?.rules.length ?? 0) > 0
  return (
    <section className={styles.panel} aria-labelledby="policy-title">
      <header className={styles.panelHeader}>
        <h2 id="policy-title" className={styles.panelTitle}>
          Policy
        </h2>
        <span className={styles.panelMeta}>
          {check && anyRule ? (
            <span title={`Checked ${absoluteTime(check.checkedAt)}`}>
              {check.keysViolating === 0
                ? `${keysCount(check.keysChecked)} checked, all follow the rules`
                : `${formatCount(check.keysViolating)} of ${keysCount(check.keysChecked)} break a rule`}
            </span>
          ) : phase === 'loading' ? (
            'Checking…'
          ) : null}
        </span>
        <Button size="sm" onClick={() => setOpen('rules')}>
          {anyRule ? 'Edit rules…' : 'Set up rules…'}
        </Button>
        <Button
          size="sm"
          disabledReason={anyRule ? undefined : 'No rule is turned on yet.'}
          onClick={() => setOpen('report')}
        >
          Report…
        </Button>
      </header>
      {error ? (
        <Notice tone="danger" role="alert">
          Could not check the policy: {error.message}
        </Notice>
      ) : null}
      {check && !anyRule ? (
        <p className={styles.panelEmpty}>
          No rule is turned on. Rules check every cached key, for all connections or one: maximum
          age, expiry required, IP restriction on production, no allow-all, a naming pattern,
          rotation overdue, missing at the hub.
        </p>
      ) : null}
      {check && anyRule ? (
        <div className={styles.panelBody}>
          <RuleCounts check={check} />
          {check.violating.length > 0 ? (
            <ul className={styles.keys} aria-label="Keys breaking a rule">
              {check.violating.slice(0, listed).map((key) => (
                <li key={key.keyId}>
                  <button type="button" className={styles.keyRow} onClick={() => onOpenKey(key)}>
                    <span className={styles.keyName}>{key.name || key.hubKeyId}</span>
                    <span className={styles.keyConnection}>{key.connectionName}</span>
                    <span className={styles.keyWhy}>
                      {key.violations.map((violation) => violation.detail).join(' ')}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {open === 'rules' ? <PolicyRulesDialog onClose={() => setOpen(undefined)} /> : null}
      {open === 'report' ? <PolicyReportDialog onClose={() => setOpen(undefined)} /> : null}
    </section>
  )
}
