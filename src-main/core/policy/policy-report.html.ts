// The policy report as one self-contained HTML page that prints well (evidence for an audit); pure, runs in main, web mode and the CLI.
import type { PolicyReport } from './policy.service'

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`)

const iso = (at: number): string => new Date(at).toISOString().replace('.000Z', 'Z')

// A standalone file opened in a browser, not inside Hubkeys, so its own <style> block is fine.
const style = `
  body { font: 13px/1.45 system-ui, sans-serif; color: #111; margin: 24px; }
  h1 { font-size: 20px; margin: 0 0 4px; }
  h2 { font-size: 15px; margin: 24px 0 8px; }
  p.meta { color: #444; margin: 0 0 12px; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #ccc; vertical-align: top; }
  th { background: #f2f2f2; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
  td.fail { color: #a40000; font-weight: 600; }
  td.pass { color: #175e1c; }
  code { font: 12px ui-monospace, monospace; }
  ul { margin: 0; padding-left: 16px; }
  @media print { body { margin: 0; } }
`

/** The rules, the count per rule, and every key's result, with when the check was made. */
export const policyReportHtml = (report: PolicyReport): string => {
  const rules =
    report.rules.length === 0
      ? '<p>No rule is turned on, so no key was checked.</p>'
      : `<table><thead><tr><th>Applies to</th><th>Rule</th><th>Keys breaking it</th></tr></thead><tbody>${report.rules
          .map(
            (rule) =>
              `<tr><td>${escapeHtml(rule.scopeName)}</td><td>${escapeHtml(rule.label)}</td><td class="${rule.violating > 0 ? 'fail' : 'pass'}">${rule.violating}</td></tr>`
          )
          .join('')}</tbody></table>`
  const results = report.results
    .map((result) => {
      const verdict =
        result.violations.length === 0
          ? '<td class="pass">Passes</td>'
          : `<td class="fail"><ul>${result.violations
              .map(
                (violation) =>
                  `<li>${escapeHtml(violation.detail)} <small>(${escapeHtml(report.scopeNames[violation.scope] ?? violation.scope)})</small></li>`
              )
              .join('')}</ul></td>`
      return `<tr><td>${escapeHtml(result.connectionName)}</td><td>${escapeHtml(result.environment)}</td><td>${escapeHtml(result.name)}</td><td><code>${escapeHtml(result.hubKeyId)}</code></td><td>${escapeHtml(result.status)}</td>${verdict}</tr>`
    })
    .join('')
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Hubkeys policy report, ${escapeHtml(iso(report.checkedAt))}</title>
<style>${style}</style>
</head>
<body>
<h1>Hubkeys policy report</h1>
<p class="meta">Checked ${escapeHtml(iso(report.checkedAt))} (UTC) · ${report.keysChecked} keys checked · ${report.keysViolating} with at least one violation · keys deleted through Hubkeys are not checked; keys missing at their hub are judged only by the missing-at-hub rule.</p>
<h2>Rules</h2>
${rules}
<h2>Result per key</h2>
${
  report.results.length === 0
    ? '<p>No key was checked.</p>'
    : `<table><thead><tr><th>Connection</th><th>Env</th><th>Name</th><th>Key ID</th><th>Status</th><th>Result</th></tr></thead><tbody>${results}</tbody></table>`
}
</body>
</html>
`
}
