// @vitest-environment happy-dom
// Component tests of the IP-filter editor: per-row messages, keyboard add/move/remove, pasting many, findings worded by hub, the simulator and this computer's addresses.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { useState } from 'react'
import { afterEach, describe, expect, it } from 'vitest'
import type { IpHubContext } from '../../src-main/contract/ip-filter/ip-list-semantics'
import {
  IpFilterEditor,
  splitPastedRules
} from '../../src-renderer/src/features/ip-filter/IpFilterEditor'
import { createFakeApi } from '../helpers/fake-api'

const cycle: IpHubContext = {
  label: 'Cycle',
  semantics: { emptyList: 'denies-all', families: [4, 6] }
}
const datahub: IpHubContext = {
  label: 'SAWS Owl Data Hub',
  semantics: { emptyList: 'allows-all', families: [4] }
}

/** The editor as a parent holds it; `seen` records every value it was handed. */
const renderEditor = (initial: string[] | null, hub?: IpHubContext) => {
  const seen: (string[] | null)[] = []
  function Harness() {
    const [value, setValue] = useState(initial)
    return (
      <IpFilterEditor
        value={value}
        onChange={(next) => {
          seen.push(next)
          setValue(next)
        }}
        label="IP rules"
        {...(hub ? { hub } : {})}
      />
    )
  }
  render(<Harness />)
  return { seen, last: () => seen.at(-1) }
}

const rule = (n: number) => screen.getByRole('textbox', { name: `Rule ${n}` }) as HTMLInputElement
const rules = () =>
  screen
    .queryAllByRole('textbox', { name: /^Rule \d+$/ })
    .map((input) => (input as HTMLInputElement).value)
const findings = () =>
  screen.queryByRole('list', { name: 'Findings' })
    ? within(screen.getByRole('list', { name: 'Findings' }))
        .getAllByRole('listitem')
        .map((item) => item.textContent)
    : []

/** What assistive technology reads after the field's name: its aria-describedby targets. */
const description = (element: HTMLElement): string =>
  (element.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .filter(Boolean)
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ')
const statusText = () => screen.getByRole('status').textContent ?? ''

afterEach(() => {
  cleanup()
  delete window.api
})

describe('IpFilterEditor', () => {
  it('says on each row exactly what is wrong with it, and how a valid one is saved', () => {
    renderEditor(['010.1.1.1', '10.0.0.5/8', '10.0.0.0 255.0.0.0', '10.0.0.0/255.0.255.0'], cycle)
    expect(rule(1).getAttribute('aria-invalid')).toBe('true')
    expect(description(rule(1))).toMatch(/"010" has a leading zero/)
    expect(description(rule(2))).toMatch(/did you mean 10\.0\.0\.0\/8 \(the whole network\)/)
    expect(rule(3).hasAttribute('aria-invalid')).toBe(false)
    expect(description(rule(3))).toBe('Saved as 10.0.0.0/8.')
    expect(description(rule(4))).toMatch(/one-bits are not contiguous/)
  })

  it('refuses IPv6 on the row for a hub that takes only IPv4', () => {
    renderEditor(['2001:db8::/32'], datahub)
    expect(description(rule(1))).toMatch(/IPv6; SAWS Owl Data Hub takes only IPv4 rules/)
  })

  it('lists duplicate, contained and allow-all findings under the rows', () => {
    renderEditor(['10.0.0.0/8', '10.1.0.0/16', '10.0.0.0 255.0.0.0', '::/0'], cycle)
    const text = findings().join('\n')
    expect(text).toMatch(
      /"10\.0\.0\.0 255\.0\.0\.0" \(rule 3\) is the same range as 10\.0\.0\.0\/8 \(rule 1\)/
    )
    expect(text).toMatch(/10\.1\.0\.0\/16 \(rule 2\) lies inside 10\.0\.0\.0\/8 \(rule 1\)/)
    expect(text).toMatch(/::\/0 \(rule 4\) allows every IPv6 address/)
  })

  it('words an empty list by what the hub does with it', () => {
    renderEditor([], cycle)
    expect(findings()).toEqual([expect.stringMatching(/Cycle reads as allowing no address/)])
    cleanup()
    renderEditor([], datahub)
    expect(findings()).toEqual([expect.stringMatching(/SAWS Owl Data Hub reads as no filter/)])
  })

  it('tells no restriction apart from an empty list', () => {
    const editor = renderEditor(null, cycle)
    expect(screen.getByText(/No IP restriction: every address may use this key/)).toBeTruthy()
    fireEvent.click(
      screen.getByRole('checkbox', { name: 'Only listed addresses may use this key' })
    )
    expect(editor.last()).toEqual([])
    fireEvent.click(
      screen.getByRole('checkbox', { name: 'Only listed addresses may use this key' })
    )
    expect(editor.last()).toBeNull()
  })

  it('adds with Enter, moves with Alt+arrows, removes an empty rule with Backspace', async () => {
    const editor = renderEditor(['10.0.0.0/8'], cycle)
    fireEvent.keyDown(rule(1), { key: 'Enter' })
    expect(rules()).toEqual(['10.0.0.0/8', ''])
    await waitFor(() => expect(document.activeElement).toBe(rule(2)))
    fireEvent.change(rule(2), { target: { value: '192.0.2.1' } })
    fireEvent.keyDown(rule(2), { key: 'ArrowUp', altKey: true })
    expect(rules()).toEqual(['192.0.2.1', '10.0.0.0/8'])
    // The moved rule keeps the focus, so it can be moved again.
    await waitFor(() => expect(document.activeElement).toBe(rule(1)))
    fireEvent.keyDown(rule(1), { key: 'ArrowDown', altKey: true })
    expect(editor.last()).toEqual(['10.0.0.0/8', '192.0.2.1'])
    fireEvent.click(screen.getByRole('button', { name: 'Add rule' }))
    fireEvent.keyDown(rule(3), { key: 'Backspace' })
    expect(rules()).toEqual(['10.0.0.0/8', '192.0.2.1'])
    fireEvent.click(screen.getByRole('button', { name: 'Remove rule 1' }))
    expect(editor.last()).toEqual(['192.0.2.1'])
    expect(
      screen.getByRole('button', { name: 'Move rule 1 up' }).getAttribute('aria-disabled')
    ).toBe('true')
  })

  it('splits a pasted list on commas, semicolons and line breaks, keeping Data Hub netmasks whole', () => {
    expect(
      splitPastedRules('10.0.0.0/8, 192.0.2.1\n10.1.0.0 255.255.0.0;\r\n2001:db8::/32,,')
    ).toEqual(['10.0.0.0/8', '192.0.2.1', '10.1.0.0 255.255.0.0', '2001:db8::/32'])
    const editor = renderEditor(['203.0.113.0/24', ''], cycle)
    fireEvent.paste(rule(2), {
      clipboardData: { getData: () => '10.0.0.0/8\n10.1.0.0 255.255.0.0' }
    })
    expect(editor.last()).toEqual(['203.0.113.0/24', '10.0.0.0/8', '10.1.0.0 255.255.0.0'])
  })

  it('simulates an address and names the rule that lets it through', () => {
    renderEditor(['10.0.0.0/8', '2001:db8::/32'], cycle)
    const probe = screen.getByRole('textbox', { name: 'Address to check' })
    fireEvent.change(probe, { target: { value: '10.20.30.40' } })
    expect(statusText()).toContain('10.20.30.40 is allowed by rule 1 (10.0.0.0/8).')
    fireEvent.change(probe, { target: { value: '::ffff:10.1.2.3' } })
    expect(statusText()).toContain('10.1.2.3 is allowed by rule 1')
    fireEvent.change(probe, { target: { value: '2001:db9::1' } })
    expect(statusText()).toMatch(/denied: it matches none of the 2 rules/)
    fireEvent.change(probe, { target: { value: '300.1.1.1' } })
    expect(statusText()).toMatch(/The address: .*300 is over 255/)
  })

  it("offers this computer's addresses from main, with the NAT caveat, to check or add", async () => {
    const api = createFakeApi({
      // Only the one channel the editor calls answers; anything else would fail the test.
      dispatch: async () => ({ ok: false, error: { code: 'UNAVAILABLE', message: 'not here' } }),
      overrides: {
        'ipfilter:local-addresses': () => ({
          ok: true,
          value: { addresses: [{ interface: 'eth0', address: '192.168.1.20', family: 4 }] }
        })
      }
    })
    window.api = api
    const editor = renderEditor(['10.0.0.0/8'], cycle)
    fireEvent.click(screen.getByRole('button', { name: 'Add my current address' }))
    await screen.findByRole('list', { name: "This computer's addresses" })
    expect(api.calls.map((call) => call.channel)).toEqual(['ipfilter:local-addresses'])
    expect(
      screen.getByText(/Behind NAT, a VPN or a proxy the hub sees another address/)
    ).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Check 192.168.1.20' }))
    expect(statusText()).toMatch(/192\.168\.1\.20 is denied/)
    fireEvent.click(screen.getByRole('button', { name: 'Add 192.168.1.20 as a rule' }))
    expect(editor.last()).toEqual(['10.0.0.0/8', '192.168.1.20'])
    expect(statusText()).toContain('192.168.1.20 is allowed by rule 2')
  })
})
