// A small, local strength hint for new master passwords (length, variety, patterns, common words); renderer.
import { newPasswordSchema, passwordMinLength } from '../../../../src-main/contract/vault.contract'

/*
 * This is a hint, not a measurement. It estimates bits as "effective length x log2(alphabet)",
 * where runs of one character and keyboard or alphabet sequences count once, and a password built
 * on a very common one counts almost nothing. It errs on the side of calling things weaker.
 */

export type StrengthLevel = 0 | 1 | 2 | 3 | 4

export interface StrengthHint {
  /** 0 empty or too short, 1 weak, 2 fair, 3 good, 4 strong. */
  level: StrengthLevel
  label: 'Too short' | 'Weak' | 'Fair' | 'Good' | 'Strong'
  /** One short sentence on what would make it stronger, or why it is fine. */
  advice: string
}

/** Very common passwords and bases; anything built on one of them is weak however it is decorated. */
const commonBases = [
  'password',
  'passw0rd',
  'p@ssword',
  'p@ssw0rd',
  'qwerty',
  'qwertz',
  'azerty',
  'letmein',
  'welcome',
  'admin',
  'administrator',
  'iloveyou',
  'monkey',
  'dragon',
  'football',
  'baseball',
  'sunshine',
  'princess',
  'trustno1',
  'abc123',
  'master',
  'masterpassword',
  'secret',
  'changeme',
  'default',
  'hubkeys',
  'login',
  'starwars',
  'whatever',
  'shadow',
  'superman',
  'batman'
]

const sequences = ['abcdefghijklmnopqrstuvwxyz', '0123456789', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm']

/** The step from `a` to `b` along one of the sequences (+1 or -1), or 0 when they are not neighbours. */
const step = (a: string, b: string): number => {
  for (const line of sequences) {
    const i = line.indexOf(a)
    const j = line.indexOf(b)
    if (i >= 0 && j >= 0 && Math.abs(i - j) === 1) return j - i
  }
  return 0
}

/**
 * Length after collapsing patterns: three or more of one character count as one, and three or
 * more in a row of a sequence (abc, 321, qwe) count as two. Pairs are left alone: they are
 * everywhere in real words ("ll", "re").
 */
const effectiveLength = (password: string): number => {
  const chars = [...password.toLowerCase()]
  let length = 0
  let i = 0
  while (i < chars.length) {
    let same = i + 1
    while (same < chars.length && chars[same] === chars[i]) same += 1
    const direction = i + 1 < chars.length ? step(chars[i] ?? '', chars[i + 1] ?? '') : 0
    let run = i + 1
    while (
      direction !== 0 &&
      run < chars.length &&
      step(chars[run - 1] ?? '', chars[run] ?? '') === direction
    ) {
      run += 1
    }
    if (same - i >= 3) {
      length += 1
      i = same
    } else if (run - i >= 3) {
      length += 2
      i = run
    } else {
      length += 1
      i += 1
    }
  }
  // A password that is one short chunk said several times ("abcabcabc") is worth one chunk.
  const whole = chars.join('')
  for (let size = 1; size <= chars.length / 2; size += 1) {
    if (chars.length % size === 0 && whole.slice(0, size).repeat(chars.length / size) === whole) {
      return Math.min(length, size + 1)
    }
  }
  return length
}

/** Size of the alphabet the password draws from, by character class. */
const alphabetSize = (password: string): number => {
  let size = 0
  if (/[a-z]/.test(password)) size += 26
  if (/[A-Z]/.test(password)) size += 26
  if (/[0-9]/.test(password)) size += 10
  if (/[ ]/.test(password)) size += 1
  if (/[!-/:-@[-`{-~]/.test(password)) size += 32
  // Letters outside ASCII (accents, other scripts) widen the alphabet; count them modestly.
  if (/[^\x20-\x7e]/.test(password)) size += 32
  return Math.max(size, 1)
}

/** Is the password a common one, give or take digits, symbols and l33t around it? */
const unleet = (text: string): string =>
  text
    .replace(/0/g, 'o')
    .replace(/[1!]/g, 'i')
    .replace(/3/g, 'e')
    .replace(/[4@]/g, 'a')
    .replace(/\$/g, 's')

const plainBases = commonBases.map((base) => unleet(base).replace(/[^\p{L}]/gu, ''))

const builtOnCommon = (password: string): boolean => {
  const core = password
    .toLowerCase()
    .replace(/[0-9!@#$%^&*()_+\-=.,;:'"?~ ]+$/u, '')
    .replace(/^[0-9!@#$%^&*()_+\-=.,;:'"?~ ]+/u, '')
  // L33t spelling and separators do not hide the word: "p@ss-w0rd" is "password".
  const plain = unleet(core).replace(/[^\p{L}]/gu, '')
  if (plain.length === 0) return false
  // The base said once or several times ("letmein-letmein") is no better.
  return plainBases.some(
    (base) => plain.length % base.length === 0 && base.repeat(plain.length / base.length) === plain
  )
}

export function passwordStrength(password: string): StrengthHint {
  // UTF-16 units, as the contract counts them, so the hint and main agree on "too short".
  const length = password.length
  if (length < passwordMinLength) {
    return {
      level: 0,
      label: 'Too short',
      advice:
        length === 0
          ? `Use at least ${passwordMinLength} characters; a few unrelated words work well.`
          : `${passwordMinLength - length} more character${passwordMinLength - length === 1 ? '' : 's'} needed.`
    }
  }
  if (builtOnCommon(password)) {
    return {
      level: 1,
      label: 'Weak',
      advice: 'This is built on a very common password; pick something personal to you.'
    }
  }
  const effective = effectiveLength(password)
  const bits = effective * Math.log2(alphabetSize(password))
  if (bits < 50) {
    return {
      level: 1,
      label: 'Weak',
      advice:
        effective < length - 2
          ? 'Repeats and sequences make it easy to guess; add unrelated words.'
          : 'Too predictable; add a few unrelated words or other kinds of characters.'
    }
  }
  if (bits < 65) {
    return {
      level: 2,
      label: 'Fair',
      advice: 'Longer is stronger: another word or two would help.'
    }
  }
  if (bits < 85) {
    return {
      level: 3,
      label: 'Good',
      advice: 'A solid password; a little more length makes it strong.'
    }
  }
  return {
    level: 4,
    label: 'Strong',
    advice: 'Long and varied. Keep it somewhere safe: it cannot be recovered.'
  }
}

/** What is wrong with a new password and its confirmation, as the sentences the form shows. */
export const newPasswordErrors = (
  password: string,
  confirm: string
): { password?: string; confirm?: string } => {
  if (password.length === 0) return { password: 'Enter a master password.' }
  const issue = newPasswordSchema.safeParse(password).error?.issues[0]
  if (issue?.code === 'too_small') {
    return {
      password: `Use at least ${String(issue.minimum)} characters; this one has ${password.length}.`
    }
  }
  if (issue?.code === 'too_big') {
    return {
      password: `Use at most ${String(issue.maximum)} characters; this one has ${password.length}.`
    }
  }
  if (issue) return { password: issue.message }
  if (confirm.length === 0) return { confirm: 'Type the password again to confirm it.' }
  if (confirm !== password) return { confirm: 'The two passwords do not match.' }
  return {}
}
