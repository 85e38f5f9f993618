// The policy report as the admin sees it before saving it: when it was made, the rules with their counts and the keys that break them, with HTML and JSON downloads; renderer.
import { useState } from 'react'
import type { PolicyCheck } from '../../../../src-main/contract/policy.contract'
import { absoluteTime, formatCount, keysCount } from '../keys/key-format'
import { canDownload, downloadText } from '../hygiene/text-download'
import { Button } from '../../ui/Button'
import { Dialog } from '../../ui/Dialog'
import { Notice } from '../../ui/Notice'
import { usePolicyStore } from './policy.store'
import styles from './Policy.module.css'

export function RuleCounts({ check }: { check: PolicyCheck }) {
  return (
    <table className={styles.table}>
      <thead>
        <tr>
          <th scope="col">Applies to</th>
          <th scope="col">Rule</th>
          <th scope="col" className={styles.number}>
            Keys breaking it
          </th>
        </tr>
      </thead>
      <tbody>
        {check.rules.map((rule) => (
          <tr key={`${rule.scope}-${rule.rule}`}>
            <td>{rule.scopeName}</td>
            <td>{rule.label}</td>
            <td className={`${styles.number} ${rule.violating > 0 ? styles.fail : styles.pass}`}>
              {formatCount(rule.violating)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

export function PolicyReportDialog({ onClose }: { onClose(): void }) {
  const check = usePolicyStore((state) => state.check)
  const report = usePolicyStore((state) => state.report)
  const [busy, setBusy] = useState<'json' | 'html'>()
  const [outcome, setOutcome] = useState<{ tone: 'ok' | 'danger'; text: string }>()

  const save = async (format: 'json' | 'html') => {
    setBusy(format)
    setOutcome(undefined)
    const result = await report(format)
    setBusy(undefined)
    if (!result.ok) {
      setOutcome({ tone: 'danger', text: `The report was not made: ${result.error.message}` })
      return
    }
    downloadText(result.value.fileName, result.value.text, result.value.mediaType)
    setOutcome({ tone: 'ok', text: `Saved ${result.value.fileName}.` })
  }
  const why = canDownload() ? undefined : 'This window cannot save files.'

  return (
    <Dialog
      title="Policy report"
      description={
        check
          ? `Checked ${absoluteTime(check.checkedAt)} · ${keysCount(check.keysChecked)} · ${formatCount(check.keysViolating)} breaking a rule`
          : 'Not checked yet.'
      }
      onClose={onClose}
      footer={
        <>
          {outcome ? (
            <span className={styles[outcome.tone]} role="status">
              {outcome.text}
            </span>
          ) : null}
          <span className={styles.grow} />
          <Button
            icon="download"
            busy={busy === 'json'}
            disabledReason={why}
            onClick={() => void save('json')}
          >
            JSON
          </Button>
          <Button
            icon="download"
            variant="primary"
            busy={busy === 'html'}
            disabledReason={why}
            onClick={() => void save('html')}
          >
            Printable report (HTML)
          </Button>
        </>
      }
    >
      {check ? (
        <div className={styles.report}>
          <p className={styles.hint}>
            The saved report lists every key with its result and the time of the check, as evidence
            for an audit. Keys deleted through Hubkeys are not checked; keys missing at their hub
            are judged only by the missing-at-hub rule.
          </p>
          <h3 className={styles.subtitle}>Rules</h3>
          <RuleCounts check={check} />
          <h3 className={styles.subtitle}>Keys breaking a rule</h3>
          {check.violating.length === 0 ? (
            <p className={styles.hint}>None: every checked key follows every rule.</p>
          ) : (
            <table className={styles.table}>
              <thead>
                <tr>
                  <th scope="col">Key</th>
                  <th scope="col">Connection</th>
                  <th scope="col">What is wrong</th>
                </tr>
              </thead>
              <tbody>
                {check.violating.map((key) => (
                  <tr key={key.keyId}>
                    <td className={styles.keyName}>{key.name || key.hubKeyId}</td>
                    <td>{key.connectionName}</td>
                    <td>
                      <ul className={styles.findings}>
                        {key.violations.map((violation, index) => (
                          <li key={index}>{violation.detail}</li>
                        ))}
                      </ul>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {check.truncated ? (
            <Notice tone="info">
              The first {formatCount(check.violating.length)} of {formatCount(check.keysViolating)}{' '}
              keys are shown; the saved report has them all.
            </Notice>
          ) : null}
        </div>
      ) : (
        <p className={styles.hint}>The keys have not been checked yet.</p>
      )}
    </Dialog>
  )
}
