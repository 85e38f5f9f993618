// A connection's colour dot and environment badge, the two marks that identify it on every screen; renderer.
import type { CSSProperties } from 'react'
import type { Environment } from '../../../../src-main/contract/hubs.contract'
import { Badge } from '../../ui/Badge'
import styles from './Connections.module.css'

/**
 * The colour travels as a CSS custom property set through the DOM's style object, which the CSP
 * (`style-src 'self'`, no inline style attributes) allows; the stylesheet does the drawing.
 */
export const swatchStyle = (colour: string): CSSProperties =>
  ({ '--swatch': colour }) as CSSProperties

export function ConnectionDot({ colour, size = 'md' }: { colour: string; size?: 'sm' | 'md' }) {
  return (
    <span
      className={`${styles.dot} ${size === 'sm' ? styles.dotSm : ''}`}
      style={swatchStyle(colour)}
      aria-hidden
    />
  )
}

const environmentNames: Record<Environment, string> = {
  prod: 'Production',
  staging: 'Staging',
  dev: 'Development'
}

export function EnvironmentBadge({ environment }: { environment: Environment }) {
  return (
    <Badge tone={environment} title={environmentNames[environment]}>
      {environment}
    </Badge>
  )
}
