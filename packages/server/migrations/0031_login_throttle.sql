-- Sign-in throttling per account AND client address (issue 11, item 12).
-- Before: users.failed_logins was read, then written after the password check, so 100 parallel guesses all
-- saw 0 failures and 42 passwords were checked; and anyone could lock `admin` for everybody with 5 requests.
-- Now each attempt is counted (under a row lock) BEFORE its password is checked, per (username, address):
-- a guesser is stopped after the limit, the owner at another address is not. Unknown usernames get a row too,
-- so they answer exactly like real accounts (no enumeration). `lockouts` makes each further lock longer.
CREATE TABLE login_throttle (
  username text NOT NULL,
  ip text NOT NULL,
  -- attempts since the last success or lock (counted before the check: includes those still in flight)
  failures integer NOT NULL DEFAULT 0 CHECK (failures >= 0),
  -- consecutive locks of this pair; the n-th lasts LOGIN_LOCKOUT_MINUTES * 2^(n-1), capped at a day
  lockouts integer NOT NULL DEFAULT 0 CHECK (lockouts >= 0),
  locked_until timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (username, ip)
);
CREATE INDEX login_throttle_updated_idx ON login_throttle (updated_at);
