// Unit test of the app:// protocol: path resolution refuses traversal and foreign hosts; responses carry the build's hashed CSP.
import { createHash } from 'node:crypto'
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'

const registered = vi.hoisted(() => ({ schemes: [] as unknown[] }))
vi.mock('electron', () => ({
  protocol: {
    registerSchemesAsPrivileged: (schemes: unknown[]) => registered.schemes.push(...schemes),
    handle: vi.fn()
  }
}))

const { createAppProtocolHandler, registerAppScheme, resolveAppRequest, serveAppProtocol } =
  await import('../../../src-main/electron/app-protocol')
const { contentSecurityPolicy } = await import('../../../src-main/core/security/csp')

const appScript = 'console.log(1)'
const appScriptHash = `sha256-${createHash('sha256').update(appScript).digest('base64')}`
const bridgeHash = `sha256-${createHash('sha256').update('void 0').digest('base64')}`

const root = '/srv/hubkeys/out/renderer'

describe('resolveAppRequest', () => {
  it('maps the root and index.html to index.html as HTML', () => {
    for (const url of ['app://hubkeys/', 'app://hubkeys', 'app://hubkeys/index.html']) {
      expect(resolveAppRequest(url, root)).toEqual({
        ok: true,
        filePath: join(root, 'index.html'),
        contentType: 'text/html; charset=utf-8'
      })
    }
  })

  it('maps assets with their content type and ignores query and fragment', () => {
    expect(resolveAppRequest('app://hubkeys/assets/index-abc.js?v=1#x', root)).toEqual({
      ok: true,
      filePath: join(root, 'assets', 'index-abc.js'),
      contentType: 'text/javascript; charset=utf-8'
    })
    expect(resolveAppRequest('app://hubkeys/assets/a.CSS', root)).toMatchObject({
      contentType: 'text/css; charset=utf-8'
    })
    expect(resolveAppRequest('app://hubkeys/assets/blob.bin', root)).toMatchObject({
      ok: true,
      contentType: 'application/octet-stream'
    })
  })

  it.each([
    'app://hubkeys/..%2f..%2fetc%2fpasswd',
    'app://hubkeys/%2e%2e%2fmain%2fmain.js',
    'app://hubkeys/assets%2f..%2f..%2f..%2fpackage.json',
    'app://hubkeys/.%2F.%2Fsecret'
  ])('refuses a path that climbs out once %%2f is decoded: %s', (url) => {
    expect(resolveAppRequest(url, root)).toMatchObject({ ok: false, status: 403 })
  })

  it.each([
    'app://hubkeys/../../etc/passwd',
    'app://hubkeys/%2e%2e/%2e%2e/etc/passwd',
    'app://hubkeys/assets/.%2E/.%2e/../etc/passwd'
  ])(
    'keeps dot segments (literal or %%2e) inside the folder, as URL resolves them first: %s',
    (url) => {
      expect(resolveAppRequest(url, root)).toMatchObject({
        ok: true,
        filePath: join(root, 'etc', 'passwd')
      })
    }
  )

  it.each(['app://hubkeys/a%00.js', 'app://hubkeys/a%5c..%5c..%5cx', 'app://hubkeys/%E0%A4%A'])(
    'refuses NUL, backslashes and broken escapes: %s',
    (url) => {
      expect(resolveAppRequest(url, root)).toMatchObject({ ok: false, status: 400 })
    }
  )

  it.each([
    'app://other/index.html',
    'app://hubkeys.evil.example/index.html',
    'app://hubkeys:1234/index.html',
    'app://me@hubkeys/index.html',
    'https://hubkeys/index.html',
    'file:///srv/hubkeys/out/renderer/index.html'
  ])('refuses any other origin: %s', (url) => {
    expect(resolveAppRequest(url, root)).toMatchObject({ ok: false, status: 403 })
  })

  it('refuses something that is not a URL', () => {
    expect(resolveAppRequest('not a url', root)).toMatchObject({ ok: false, status: 400 })
  })
})

describe('the app:// handler', () => {
  let dir: string
  let handler: (request: Request) => Promise<Response>

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'hubkeys-app-protocol-'))
    mkdirSync(join(dir, 'renderer', 'assets'), { recursive: true })
    writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html><title>Hubkeys</title>')
    writeFileSync(join(dir, 'renderer', 'assets', 'app.js'), appScript)
    writeFileSync(
      join(dir, 'renderer', 'csp-hashes.json'),
      JSON.stringify({ scripts: { 'assets/app.js': appScriptHash, 'web-bridge.js': bridgeHash } })
    )
    writeFileSync(join(dir, 'outside.txt'), 'not for the renderer')
    handler = createAppProtocolHandler(join(dir, 'renderer'))
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  /** What the build's manifest above makes of the policy: its hashes in place of 'none'. */
  const hashedPolicy = contentSecurityPolicy.replace(
    "script-src 'none'",
    `script-src '${[appScriptHash, bridgeHash].sort().join("' '")}'`
  )

  it('serves index.html with the CSP and the other security headers', async () => {
    const response = await handler(new Request('app://hubkeys/'))
    expect(response.status).toBe(200)
    expect(await response.text()).toContain('<title>Hubkeys</title>')
    expect(response.headers.get('content-security-policy')).toBe(hashedPolicy)
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(response.headers.get('x-frame-options')).toBe('DENY')
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(response.headers.get('cache-control')).toBe('no-store')
  })

  it('serves an asset and answers HEAD without a body', async () => {
    const get = await handler(new Request('app://hubkeys/assets/app.js'))
    expect(await get.text()).toBe('console.log(1)')
    expect(get.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    const head = await handler(new Request('app://hubkeys/assets/app.js', { method: 'HEAD' }))
    expect(head.status).toBe(200)
    expect(await head.text()).toBe('')
  })

  it('answers 404 with the CSP for a missing file or a folder, without echoing the path', async () => {
    for (const url of ['app://hubkeys/missing.js', 'app://hubkeys/assets']) {
      const response = await handler(new Request(url))
      expect(response.status).toBe(404)
      expect(response.headers.get('content-security-policy')).toBe(hashedPolicy)
      expect(await response.text()).not.toContain(dir)
    }
  })

  it('never serves a file outside the renderer folder', async () => {
    const response = await handler(new Request('app://hubkeys/..%2foutside.txt'))
    expect(response.status).toBe(403)
    expect(await response.text()).not.toContain('not for the renderer')
  })

  it('reads the manifest once: a later change does not reach the header', async () => {
    await handler(new Request('app://hubkeys/'))
    writeFileSync(join(dir, 'renderer', 'csp-hashes.json'), 'not json')
    const response = await handler(new Request('app://hubkeys/assets/app.js'))
    expect(response.headers.get('content-security-policy')).toBe(hashedPolicy)
  })

  it('serves nothing, naming no path, from a build without its hash manifest', async () => {
    const bare = join(dir, 'bare')
    mkdirSync(bare)
    writeFileSync(join(bare, 'index.html'), '<!doctype html><title>Hubkeys</title>')
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const response = await createAppProtocolHandler(bare)(new Request('app://hubkeys/'))
    expect(response.status).toBe(500)
    expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy)
    expect(await response.text()).not.toContain(dir)
    expect(errors).toHaveBeenCalledWith(expect.stringContaining('csp-hashes.json'))
    errors.mockRestore()
  })

  it('refuses another host and methods other than GET and HEAD', async () => {
    expect((await handler(new Request('app://evil/index.html'))).status).toBe(403)
    expect(
      (await handler(new Request('app://hubkeys/index.html', { method: 'POST', body: 'x' }))).status
    ).toBe(405)
  })
})

describe('scheme registration', () => {
  it('registers app as a standard, secure scheme that does not bypass the CSP', () => {
    registerAppScheme()
    expect(registered.schemes).toEqual([
      {
        scheme: 'app',
        privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true }
      }
    ])
  })

  it('hands protocol.handle a handler for app', () => {
    const handle = vi.fn()
    serveAppProtocol('/srv/renderer', { handle })
    expect(handle).toHaveBeenCalledWith('app', expect.any(Function))
  })
})
