// The one button of the design system (primary, secondary, ghost, danger); runs in the renderer.
import type { ButtonHTMLAttributes, MouseEvent, ReactNode } from 'react'
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
}

export function Button({
  variant = 'secondary',
  size = 'md',
  icon,
  children,
  disabledReason,
  className,
  onClick,
  type = 'button',
  ...rest
}: ButtonProps) {
  const disabled = disabledReason !== undefined
  const classes = [styles.button, styles[variant], styles[size], className].filter(Boolean)
  const guarded = (event: MouseEvent<HTMLButtonElement>) => {
    if (disabled) event.preventDefault()
    else onClick?.(event)
  }
  return (
    <button
      {...rest}
      type={type}
      className={classes.join(' ')}
      onClick={guarded}
      aria-disabled={disabled || undefined}
      title={disabledReason ?? rest.title}
    >
      {icon ? <Icon name={icon} size={size === 'sm' ? 14 : 16} /> : null}
      {children}
    </button>
  )
}
