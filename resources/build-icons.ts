// Generates every app icon from resources/icon.svg (Linux PNGs, macOS .icns, Windows .ico, the web favicon); run in Node by `npm run icons`.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { Resvg } from '@resvg/resvg-js'
import { IconIcns, IconIco } from '@shockpkg/icon-encoder'

const resources = import.meta.dirname
const root = join(resources, '..')
const source = join(resources, 'icon.svg')

/** electron-builder's Linux icon folder: one `NxN.png` per size, 16 to 1024 (hicolor theme sizes). */
const linuxSizes = [16, 24, 32, 48, 64, 128, 256, 512, 1024]
/** Windows picks the nearest of these for title bars, the taskbar, Explorer and the installer. */
const windowsSizes = [16, 24, 32, 48, 64, 128, 256]
/** The ICNS entries iconutil writes (16 to 512 points at 1x and 2x), with their pixel sizes. */
const macTypes: readonly (readonly [type: string, pixels: number])[] = [
  ['ic04', 16],
  ['ic05', 32],
  ['ic11', 32],
  ['ic12', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic13', 256],
  ['ic09', 512],
  ['ic14', 512],
  ['ic10', 1024]
]

const render = (svg: string, size: number): Buffer =>
  new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render().asPng()

/**
 * macOS draws icons on Apple's grid: the shape is 824 of 1024 units, centred, with a soft shadow
 * below; a full-bleed square would look oversized in the Dock beside every other app.
 */
const onMacGrid = (svg: string): string =>
  [
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1024 1024" width="1024" height="1024">',
    '<defs><filter id="shadow" x="-10%" y="-10%" width="120%" height="130%">',
    '<feDropShadow dx="0" dy="10" stdDeviation="12" flood-color="#000000" flood-opacity="0.3"/>',
    '</filter></defs>',
    `<image x="100" y="100" width="824" height="824" filter="url(#shadow)" href="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}"/>`,
    '</svg>'
  ].join('')

const write = (path: string, data: Uint8Array): void => {
  writeFileSync(path, data)
  console.log(`wrote ${relative(root, path)} (${data.byteLength} bytes)`)
}

const main = async (): Promise<void> => {
  const svg = readFileSync(source, 'utf8')
  const iconsDir = join(resources, 'icons')
  mkdirSync(iconsDir, { recursive: true })
  const flat = new Map(linuxSizes.map((size) => [size, render(svg, size)]))
  for (const [size, png] of flat) write(join(iconsDir, `${size}x${size}.png`), png)

  const ico = new IconIco()
  // Largest first, as Windows' own icons list them; small sizes become BMPs for old readers.
  for (const size of [...windowsSizes].reverse()) {
    await ico.addFromPng(flat.get(size) ?? render(svg, size))
  }
  write(join(resources, 'icon.ico'), ico.encode())

  const macSvg = onMacGrid(svg)
  const icns = new IconIcns()
  icns.toc = true
  for (const [type, pixels] of macTypes) await icns.addFromPng(render(macSvg, pixels), [type])
  write(join(resources, 'icon.icns'), icns.encode())

  // The web-mode favicon is the same file, so the tab and the window show one mark.
  const favicon = join(root, 'src-renderer', 'public', 'favicon.svg')
  copyFileSync(source, favicon)
  console.log(`copied ${relative(root, source)} to ${relative(root, favicon)}`)
}

await main()
