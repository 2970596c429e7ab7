/**
 * Password hashing (argon2id, @node-rs/argon2) and the password policy.
 *
 * Policy (GB/T 22239-2019 level 3, "identification and authentication … complexity"): at least 10 characters
 * from at least 3 of 4 classes (lower case, upper case, digits, other), and not containing the username.
 *
 * @example
 * const issues = passwordPolicyIssues('Short1', 'wang'); // [{ path: 'password', message: … }]
 * const hash = await hashPassword('Correct-Horse-9');
 * await verifyPassword(hash, 'Correct-Horse-9'); // true
 */
import { hash, verify } from '@node-rs/argon2';
import type { FieldIssue } from '../errors.ts';

/** Minimum length of a password. */
export const PASSWORD_MIN_LENGTH = 10;
/** Minimum number of character classes among lower, upper, digit, other. */
export const PASSWORD_MIN_CLASSES = 3;

// argon2id (algorithm 2) with OWASP's recommended minimum (19 MiB, 2 passes, 1 lane).
const ARGON2_OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Hashes a password with argon2id; the result carries its own salt and parameters (PHC string). */
export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

/** Whether `password` matches `passwordHash`; false (never a throw) for a malformed hash. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// A valid hash of a random password: verifying against it when the user does not exist takes as long as a
// real check, so response time does not reveal which usernames exist.
let decoyHash: Promise<string> | undefined;
/** Spends the time of one verification; used for unknown usernames. */
export async function verifyDecoy(password: string): Promise<void> {
  decoyHash ??= hashPassword(`decoy-${Math.random()}-${Date.now()}`);
  await verifyPassword(await decoyHash, password);
}

/** The policy's objections to a password (empty when acceptable); `path` names the field. */
export function passwordPolicyIssues(password: string, username?: string, path = 'password'): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if ([...password].length < PASSWORD_MIN_LENGTH) {
    issues.push({ path, message: `must be at least ${PASSWORD_MIN_LENGTH} characters long` });
  }
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(password)).length;
  if (classes < PASSWORD_MIN_CLASSES) {
    issues.push({
      path,
      message: `must mix at least ${PASSWORD_MIN_CLASSES} of: lower-case letters, upper-case letters, digits, other characters`,
    });
  }
  if (username && username.length >= 3 && password.toLowerCase().includes(username.toLowerCase())) {
    issues.push({ path, message: 'must not contain the username' });
  }
  return issues;
}
