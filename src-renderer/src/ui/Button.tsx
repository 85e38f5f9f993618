// The one button of the design system (primary, secondary, ghost, danger, busy state); runs in the renderer.
import type { ButtonHTMLAttributes, MouseEvent, ReactNode, Ref } from 'react'
import { Icon, type IconName } from './Icon'
import styles from './Button.module.css'

interface ButtonProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'disabled'> {
  variant?: 'primary' | 'secondary' | 'ghost' | 'danger'
  size?: 'sm' | 'md'
  icon?: IconName
  children?: ReactNode
  /**
   * Why the button cannot be used right now ("Coming soon", "Unlock first"). The button stays
   * focusable so keyboard and screen-reader users learn the reason, but it does nothing.
   */
  disabledReason?: string
  /**
   * Work started by this button is under way: a spinner replaces the icon and clicks do nothing,
   * so a slow action (deriving a key takes about a second) can never be submitted twice.
   */
  busy?: boolean
  /** React 19 passes refs as props; this one reaches the <button> through the spread below. */
  ref?: Ref<HTMLButtonElement>
}

export function Button({
  variant = 'secondary',
  size = 'md',
  icon,
  children,
  disabledReason,
  busy = false,
  className,
  onClick,
  type = 'button',
  ...rest
}: ButtonProps) {
  const disabled = disabledReason !== undefined
  const classes = [styles.button, styles[variant], styles[size], className].filter(Boolean)
  const guarded = (event: MouseEvent<HTMLButtonElement>) => {
    if (disabled || busy) event.preventDefault()
    else onClick?.(event)
  }
  const iconSize = size === 'sm' ? 14 : 16
  return (
    <button
      {...rest}
      type={type}
      className={classes.join(' ')}
      onClick={guarded}
      aria-disabled={disabled || undefined}
      aria-busy={busy || undefined}
      title={disabledReason ?? rest.title}
    >
      {busy ? (
        <Icon name="spinner" size={iconSize} className={styles.spinner} />
      ) : icon ? (
        <Icon name={icon} size={iconSize} />
      ) : null}
      {children}
    </button>
  )
}
