// The Hubkeys logo mark, drawn inline (same geometry as public/favicon.svg) so it shows without a request.
import { useId } from 'react'

export function LogoMark({ size = 24 }: { size?: number }) {
  // Gradient ids are document-global; useId keeps two marks on one page from clashing.
  const gradient = `hk-mark-${useId().replace(/[^a-zA-Z0-9-]/g, '')}`
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden focusable="false">
      <defs>
        <linearGradient id={gradient} x1="0" y1="0" x2="0" y2="1">
          <stop offset="0" stopColor="#6e6ade" />
          <stop offset="1" stopColor="#4b4bc4" />
        </linearGradient>
      </defs>
      <rect width="32" height="32" rx="8" fill={`url(#${gradient})`} />
      <g
        fill="none"
        stroke="#ffffff"
        strokeWidth="2.5"
        strokeLinecap="round"
        strokeLinejoin="round"
      >
        <circle cx="11.5" cy="16" r="5" />
        <path d="M16.5 16H26M22.5 16v3.5M26 16v2.5" />
      </g>
      <circle cx="11.5" cy="16" r="1.75" fill="#ffffff" />
    </svg>
  )
}
