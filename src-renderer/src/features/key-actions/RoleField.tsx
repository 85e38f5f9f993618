// The role input of the edit dialog: a text field for the hub's role id until a roles channel lists them (swap this one component for a picker then); renderer.
import { TextField } from '../../ui/TextField'

interface RoleFieldProps {
  value: string
  onChange(value: string): void
  error?: string
}

export function RoleField({ value, onChange, error }: RoleFieldProps) {
  return (
    <TextField
      label="Role"
      value={value}
      onChange={onChange}
      mono
      maxLength={200}
      hint="The hub's role id, as its console shows it."
      {...(error ? { error } : {})}
    />
  )
}
