/**
 * Password hashing (argon2id, @node-rs/argon2) and the password policy.
 *
 * Policy (GB/T 22239-2019 level 3, "identification and authentication … complexity"): at least 10 characters
 * from at least 3 of 4 classes (lower case, upper case, digits, other), not containing the username, and not
 * guessable: zxcvbn (@zxcvbn-ts, Wheeler 2016, "zxcvbn: Low-Budget Password Strength Estimation") must rate it
 * at least `PASSWORD_MIN_SCORE` — which refuses breached and common passwords and their usual patterns
 * (`Password12`, `P@ssw0rd2024`, `Qwerty123!`), as the character classes alone cannot (NIST SP 800-63B §5.1.1.2).
 *
 * @example
 * const issues = passwordPolicyIssues('Short1', 'wang'); // [{ path: 'password', message: … }]
 * const hash = await hashPassword('Correct-Horse-9');
 * await verifyPassword(hash, 'Correct-Horse-9'); // true
 */
import { hash, verify } from '@node-rs/argon2';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary as commonDictionary } from '@zxcvbn-ts/language-common';
import { dictionary as englishDictionary, translations as englishTranslations } from '@zxcvbn-ts/language-en';
import type { FieldIssue } from '../errors.ts';

/** Minimum length of a password. */
export const PASSWORD_MIN_LENGTH = 10;
/** Minimum number of character classes among lower, upper, digit, other. */
export const PASSWORD_MIN_CLASSES = 3;

/**
 * Lowest zxcvbn score accepted (0–4): 3 is "safely unguessable" (about 10^8 guesses and more), the level
 * zxcvbn's authors advise for protection against online and throttled offline guessing.
 */
export const PASSWORD_MIN_SCORE = 3;

/** A policy objection; `code` lets the web app show its own zh-CN/en sentence for it. */
export type PasswordIssue = FieldIssue & {
  code: 'password_too_short' | 'password_classes' | 'password_has_username' | 'password_guessable';
};

// Built on first use (about a second: the dictionaries are ranked then), then shared. The common package
// holds breached passwords (passwords-common) and keyboard patterns; the English words, names and surnames
// catch "Welcome2026!" and "Zhang-San…"-style passwords. The English translations only feed the log.
let strengthChecker: ZxcvbnFactory | undefined;
function checker(): ZxcvbnFactory {
  strengthChecker ??= new ZxcvbnFactory({
    dictionary: {
      ...commonDictionary,
      'commonWords-en': englishDictionary['commonWords-en'],
      'firstnames-en': englishDictionary['firstnames-en'],
      'lastnames-en': englishDictionary['lastnames-en'],
    },
    graphs: adjacencyGraphs,
    translations: englishTranslations,
  });
  return strengthChecker;
}

// The same password is checked again and again (demo seeding, a form resubmitted): remember recent verdicts.
const scoreCache = new Map<string, number>();
/** zxcvbn's score (0–4) of `password`, given words of the user's own that a guesser would try first. */
export function passwordScore(password: string, userInputs: string[] = []): number {
  const key = JSON.stringify([password, userInputs]);
  const known = scoreCache.get(key);
  if (known !== undefined) return known;
  // zxcvbn's cost grows with the length; beyond 100 characters the password is not guessable anyway
  const score = password.length > 100 ? 4 : checker().check(password, userInputs).score;
  if (scoreCache.size >= 256) scoreCache.delete(scoreCache.keys().next().value!);
  scoreCache.set(key, score);
  return score;
}

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
export function passwordPolicyIssues(password: string, username?: string, path = 'password'): PasswordIssue[] {
  const issues: PasswordIssue[] = [];
  if ([...password].length < PASSWORD_MIN_LENGTH) {
    issues.push({ path, code: 'password_too_short', message: `must be at least ${PASSWORD_MIN_LENGTH} characters long` });
  }
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(password)).length;
  if (classes < PASSWORD_MIN_CLASSES) {
    issues.push({
      path,
      code: 'password_classes',
      message: `must mix at least ${PASSWORD_MIN_CLASSES} of: lower-case letters, upper-case letters, digits, other characters`,
    });
  }
  if (username && username.length >= 3 && password.toLowerCase().includes(username.toLowerCase())) {
    issues.push({ path, code: 'password_has_username', message: 'must not contain the username' });
  }
  // Only worth asking once the simple rules pass (and the answer would otherwise repeat them).
  if (issues.length === 0 && passwordScore(password, username ? [username, ...username.split(/[._-]/)] : []) < PASSWORD_MIN_SCORE) {
    issues.push({
      path,
      code: 'password_guessable',
      message: 'is too easy to guess: a common or breached password, or one of their usual patterns',
    });
  }
  return issues;
}
