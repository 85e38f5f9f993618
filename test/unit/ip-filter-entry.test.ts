// Unit tests for reading one IP-filter entry: IPv4, IPv6, CIDR, Data Hub netmasks, and the one-sentence reasons for mistakes.
import { describe, expect, it } from 'vitest'
import {
  canonicalIpEntry,
  parseIpAddress,
  parseIpEntry
} from '../../src-main/contract/ip-filter/ip-entry'

const errorOf = (input: string): string => {
  const parsed = parseIpEntry(input)
  if (parsed.ok) throw new Error(`${input} parsed as ${parsed.entry.cidr}`)
  return parsed.error
}

/** One sentence: a capital or a quote first, one final full stop or question mark, no line break. */
const expectOneSentence = (message: string) => {
  expect(message).toMatch(/^["/A-Z0-9:]/)
  expect(message).toMatch(/[.?]$/)
  expect(message).not.toMatch(/\n/)
  expect(message.slice(0, -1)).not.toMatch(/[.?!] [A-Z]/)
}

describe('parseIpEntry accepts', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7/32', 4, 32],
    ['0.0.0.0', '0.0.0.0/32', 4, 32],
    ['255.255.255.255', '255.255.255.255/32', 4, 32],
    ['10.0.0.0/8', '10.0.0.0/8', 4, 8],
    ['0.0.0.0/0', '0.0.0.0/0', 4, 0],
    ['10.0.0.0 / 8', '10.0.0.0/8', 4, 8],
    ['  192.168.1.0/24  ', '192.168.1.0/24', 4, 24],
    // Data Hub's range plus netmask, the netmask dotted or as a bit count, after a slash or a space.
    ['10.0.0.0 255.0.0.0', '10.0.0.0/8', 4, 8],
    ['10.0.0.0/255.0.0.0', '10.0.0.0/8', 4, 8],
    ['192.168.4.0 255.255.252.0', '192.168.4.0/22', 4, 22],
    ['203.0.113.7 255.255.255.255', '203.0.113.7/32', 4, 32],
    ['203.0.113.7 32', '203.0.113.7/32', 4, 32],
    ['0.0.0.0 0.0.0.0', '0.0.0.0/0', 4, 0],
    ['2001:db8::1', '2001:db8::1/128', 6, 128],
    ['2001:db8::/32', '2001:db8::/32', 6, 32],
    ['2001:DB8:0:0:0:0:0:0/32', '2001:db8::/32', 6, 32],
    ['2001:0db8::/32', '2001:db8::/32', 6, 32],
    ['::/0', '::/0', 6, 0],
    ['::1', '::1/128', 6, 128],
    ['fe80::/10', 'fe80::/10', 6, 10],
    ['2001:db8:0:1:0:0:0:1', '2001:db8:0:1::1/128', 6, 128],
    ['::ffff:10.0.0.0/104', '::ffff:10.0.0.0/104', 6, 104],
    ['::ffff:a00:1', '::ffff:10.0.0.1/128', 6, 128]
  ])('%j as %s', (input, cidr, family, bits) => {
    expect(parseIpEntry(input)).toEqual({ ok: true, entry: { cidr, family, bits } })
  })
})

describe('parseIpEntry refuses, saying exactly why', () => {
  it.each([
    ['', /^Enter an address/],
    ['010.1.1.1', /"010" has a leading zero \(write 10; no leading zeros\)/],
    ['10.1.1.01', /"01" has a leading zero/],
    ['10.0.0.0/255.255.255.00', /"00" has a leading zero/],
    ['256.1.1.1', /256 is over 255 \(each part is 0-255\)/],
    ['1.2.3.300/24', /300 is over 255/],
    ['1.2.3', /is not an IPv4 address: it has 3 parts, not four/],
    ['1.2.3.4.5', /it has 5 parts, not four/],
    ['1..3.4', /one of its four parts is empty/],
    ['1.2.3.x', /"x" is not a decimal number/],
    ['example.com', /a host name/],
    ['x', /"x" is not an IPv4 address \(such as 203\.0\.113\.7\) or an IPv6 address/],
    ['10.0.0.0/33', /\/33 is not a netmask: an IPv4 prefix length is 0 to 32 bits/],
    ['10.0.0.0/08', /\/08 has a leading zero; write \/8/],
    ['2001:db8::/129', /\/129 is not a prefix length: an IPv6 prefix is 0 to 128 bits/],
    [
      '2001:db8::/255.255.0.0',
      /IPv6 ranges take a bit count from 0 to 128, never a dotted netmask/
    ],
    ['10.0.0.0/255.0.255.0', /255\.0\.255\.0 is not a netmask: its one-bits are not contiguous/],
    ['10.0.0.0 255.255.255.1', /not contiguous/],
    [
      '10.0.0.0/0.0.0.255',
      /wildcard \(inverse\) mask; the netmask for it is 255\.255\.255\.0 \(\/24\)/
    ],
    ['10.0.0.0/mask', /"mask" is not a netmask/],
    ['10.0.0.5/8', /did you mean 10\.0\.0\.0\/8 \(the whole network\) or 10\.0\.0\.5\/32/],
    ['192.168.1.1/24', /did you mean 192\.168\.1\.0\/24 \(the whole network\)/],
    ['10.0.0.0 255.0.0.0 x', /more than an address and a mask/],
    ['10.0.0.0/', /ends with a slash; add a prefix length such as \/24/],
    ['/8', /^Enter an address/],
    [
      '10.1.2.3 255.255.0.0',
      /^"10\.1\.2\.3 255\.255\.0\.0" is a host address .* did you mean 10\.1\.0\.0\/16 /
    ],
    ['2001:db8::1/32', /did you mean 2001:db8::\/32 \(the whole network\) or 2001:db8::1\/128/],
    ['fe80::1%eth0', /zone index \(%eth0\)/],
    ['2001:db8::g', /"g" is not a hexadecimal digit/],
    ['1::2::3', /uses :: twice/],
    ['12345::1', /the group "12345" has more than four digits/],
    ['1:2:3:4:5:6:7:8:9', /eight groups of up to four hex digits/],
    ['1:2:3', /eight groups/],
    ['::ffff:300.1.1.1', /its IPv4 part 300\.1\.1\.1 is wrong, 300 is over 255/],
    ['::ffff:010.1.1.1', /"010" has a leading zero/],
    ['::1.2.3.4', /deprecated IPv4-compatible form; write ::ffff:1\.2\.3\.4/]
  ])('%j', (input, reason) => {
    const error = errorOf(input)
    expect(error).toMatch(reason)
    expectOneSentence(error)
  })
})

describe('host bits', () => {
  it('are cleared with the address kept when the rule comes from a hub', () => {
    expect(parseIpEntry('10.0.0.5/8', { hostBits: 'clear' })).toEqual({
      ok: true,
      entry: { cidr: '10.0.0.0/8', family: 4, bits: 8, hostAddress: '10.0.0.5' }
    })
    expect(parseIpEntry('2001:db8::1/32', { hostBits: 'clear' })).toMatchObject({
      ok: true,
      entry: { cidr: '2001:db8::/32', hostAddress: '2001:db8::1' }
    })
  })

  it('are never set on a whole-host rule or a /0 of the network address', () => {
    expect(parseIpEntry('10.0.0.5/32')).toMatchObject({ ok: true })
    expect(parseIpEntry('::/0')).toMatchObject({ ok: true })
    expect(errorOf('1.2.3.4/0')).toMatch(/did you mean 0\.0\.0\.0\/0/)
  })
})

describe('canonicalIpEntry', () => {
  it('writes every form of the same range the same way', () => {
    const forms = ['10.1.0.0/16', '10.1.0.0 255.255.0.0', '10.1.0.0/255.255.0.0', ' 10.1.0.0 / 16 ']
    expect(new Set(forms.map((form) => canonicalIpEntry(form)))).toEqual(new Set(['10.1.0.0/16']))
    expect(canonicalIpEntry('010.1.0.0/16')).toBeUndefined()
  })
})

describe('parseIpAddress', () => {
  it('reads addresses without a mask', () => {
    expect(parseIpAddress('10.1.2.3')).toMatchObject({ ok: true, text: '10.1.2.3' })
    expect(parseIpAddress('2001:0DB8::0001')).toMatchObject({ ok: true, text: '2001:db8::1' })
    expect(parseIpAddress('::ffff:10.1.2.3')).toMatchObject({ ok: true, text: '::ffff:10.1.2.3' })
  })

  it('refuses the forms ipaddr.js alone would accept', () => {
    // ipaddr.js reads these as IPv4 (octal, hexadecimal, a 32-bit number, three parts).
    for (const lenient of ['010.0.0.1', '0xa.0.0.1', '167772161', '10.0.1']) {
      expect(parseIpAddress(lenient).ok).toBe(false)
    }
  })
})

describe("Data Hub's range plus netmask, more mistakes", () => {
  it.each([
    ['10.0.0.0 33', /\/33 is not a netmask: an IPv4 prefix length is 0 to 32 bits/],
    ['10.0.0.0 08', /\/08 has a leading zero; write \/8/],
    ['10.0.0.0 255.255.255.256', /255\.255\.255\.256 is not a netmask: 256 is over 255/],
    ['10.0.0.0 0255.0.0.0', /"0255" has a leading zero \(write 255; no leading zeros\)/],
    ['10.0.0.0/-1', /"-1" is not a netmask: use a bit count \(0 to 32\)/],
    ['10.0.0.0/8.5', /8\.5 is not a netmask: it has 2 parts, not four/],
    ['2001:db8::/064', /\/064 has a leading zero; write \/64/],
    ['1.2.3.4 0.0.0.0', /did you mean 0\.0\.0\.0\/0 \(the whole network\) or 1\.2\.3\.4\/32/],
    ['::ffff:10.0.0.0/96', /did you mean ::ffff:0\.0\.0\.0\/96 \(the whole network\)/]
  ])('%j', (input, reason) => {
    const error = errorOf(input)
    expect(error).toMatch(reason)
    expectOneSentence(error)
  })
})
