// Checks every cached key against the policy rules and builds the evidence report (JSON or printable HTML); runs in main, web mode and the CLI.
import type { Connection } from '../../contract/hubs.contract'
import type { KeyRow } from '../../contract/inventory.contract'
import type { PolicyCheck, PolicyKeyResult, PolicyRuleCount } from '../../contract/policy.contract'
import {
  enabledRules,
  evaluatePolicies,
  policyRuleLabel,
  type Policies
} from '../../contract/policy-rules'
import type { InventoryQueryService } from '../inventory/inventory-query.service'
import { policyReportHtml } from './policy-report.html'
import { fileStamp } from '../../contract/file-stamp'

export interface PolicyServiceOptions {
  inventory: Pick<InventoryQueryService, 'all'>
  policies: () => Policies
  connections: () => Connection[]
  now?: () => number
}

/** The full result: every key checked, with or without violations. */
export interface PolicyReport {
  checkedAt: number
  policies: Policies
  /** Rule sets whose connection no longer exists are listed here, not silently dropped. */
  scopeNames: Record<string, string>
  keysChecked: number
  keysViolating: number
  rules: PolicyRuleCount[]
  results: PolicyKeyResult[]
}

export interface PolicyService {
  /** Counts per rule and the violating keys (up to `limit`). */
  check(limit: number): PolicyCheck
  report(format: 'json' | 'html'): {
    fileName: string
    mediaType: 'application/json' | 'text/html'
    text: string
  }
}

const resultOf = (row: KeyRow, policies: Policies, now: number): PolicyKeyResult => ({
  keyId: row.id,
  connectionId: row.connectionId,
  connectionName: row.connectionName,
  environment: row.environment,
  name: row.name,
  hubKeyId: row.hubKeyId,
  status: row.status,
  violations: evaluatePolicies(policies, row, now)
})

export const createPolicyService = (options: PolicyServiceOptions): PolicyService => {
  const clock = options.now ?? Date.now

  const scopeNamesOf = (policies: Policies): Record<string, string> => {
    const byId = new Map(options.connections().map((connection) => [connection.id, connection]))
    return Object.fromEntries(
      policies.map((set) => [
        set.scope,
        set.scope === 'all'
          ? 'All connections'
          : (byId.get(set.scope)?.name ?? `A removed connection (${set.scope})`)
      ])
    )
  }

  /** Walks every key once; `keep` decides which results are held in memory. */
  const run = (keep: (result: PolicyKeyResult) => boolean) => {
    const checkedAt = clock()
    const policies = options.policies()
    const scopeNames = scopeNamesOf(policies)
    const counts = new Map<string, PolicyRuleCount>()
    for (const set of policies) {
      for (const rule of enabledRules(set.rules)) {
        counts.set(`${set.scope}\u0000${rule}`, {
          scope: set.scope,
          scopeName: scopeNames[set.scope] ?? set.scope,
          rule,
          label: policyRuleLabel(rule, set.rules),
          violating: 0
        })
      }
    }
    const kept: PolicyKeyResult[] = []
    let keysChecked = 0
    let keysViolating = 0
    if (counts.size > 0) {
      for (const row of options.inventory.all({
        search: '',
        filter: {},
        sort: { field: 'connection', direction: 'asc' }
      })) {
        if (row.status === 'deleted') continue
        keysChecked += 1
        const result = resultOf(row, policies, checkedAt)
        if (result.violations.length > 0) keysViolating += 1
        for (const violation of result.violations) {
          const count = counts.get(`${violation.scope}\u0000${violation.rule}`)
          if (count) count.violating += 1
        }
        if (keep(result)) kept.push(result)
      }
    }
    return {
      checkedAt,
      policies,
      scopeNames,
      keysChecked,
      keysViolating,
      rules: [...counts.values()],
      results: kept
    }
  }

  return {
    check: (limit) => {
      let held = 0
      const report = run((result) => result.violations.length > 0 && held++ < limit)
      return {
        checkedAt: report.checkedAt,
        policies: report.policies,
        keysChecked: report.keysChecked,
        keysViolating: report.keysViolating,
        rules: report.rules,
        violating: report.results,
        truncated: report.keysViolating > report.results.length
      }
    },
    report: (format) => {
      const report: PolicyReport = run(() => true)
      const name = `hubkeys-policy-report-${fileStamp(report.checkedAt)}`
      return format === 'json'
        ? {
            fileName: `${name}.json`,
            mediaType: 'application/json' as const,
            text: `${JSON.stringify({ format: 'hubkeys-policy-report', version: 1, ...report }, null, 2)}\n`
          }
        : {
            fileName: `${name}.html`,
            mediaType: 'text/html' as const,
            text: policyReportHtml(report)
          }
    }
  }
}
