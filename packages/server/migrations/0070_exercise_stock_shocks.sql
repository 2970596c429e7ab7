-- 0070 exercise stock shocks and exercise case links (issue 19; docs/exercises.md, docs/stock.md).
--
-- A stock-shock inject simulates a stock event at a site — usable stock lost (spoiled, recalled, stolen) and/or a
-- spike in daily consumption — for an exercise. It is never a movement: nothing is written to stock_movements,
-- stock_ledger or stock_balances, so every real stock figure, warning, forecast, dispatch note and report stays
-- as it was. The shock lives in its own table, marked with its exercise, and the stock page shows the exercise's
-- picture of that site (real figures less the loss, plus the extra use) under the 演练 EXERCISE tag.
CREATE TABLE stock_exercise_shocks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- FK in SQL only on the Drizzle side: exercises (a read model) sits above stock
  exercise_id uuid NOT NULL REFERENCES exercises (id),
  inject_id uuid REFERENCES exercise_injects (id) ON DELETE SET NULL,
  title text NOT NULL CHECK (title <> ''),
  item_id uuid NOT NULL REFERENCES stock_items (id),
  facility_id uuid NOT NULL REFERENCES facilities (id),
  -- the site's jurisdiction: who sees the shock (stock.read over it)
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  -- units of usable stock the exercise pretends were lost
  loss_quantity integer NOT NULL DEFAULT 0 CHECK (loss_quantity >= 0),
  -- units a day the exercise pretends are used on top of the real rate
  extra_daily_use numeric(12, 2) NOT NULL DEFAULT 0 CHECK (extra_daily_use >= 0),
  CHECK (loss_quantity > 0 OR extra_daily_use > 0),
  -- the site's real figures when the shock fired, and the exercise's picture of them (usable, daily use, cover)
  picture jsonb NOT NULL,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  -- set when the exercise is closed: the shock is then only the exercise's record
  archived_at timestamptz
);
CREATE INDEX stock_exercise_shocks_exercise_idx ON stock_exercise_shocks (exercise_id);
CREATE INDEX stock_exercise_shocks_live_idx ON stock_exercise_shocks (jurisdiction_id) WHERE archived_at IS NULL;

-- the MSEL learns the stock-shock inject
ALTER TABLE exercise_injects DROP CONSTRAINT exercise_injects_kind_check;
ALTER TABLE exercise_injects ADD CONSTRAINT exercise_injects_kind_check CHECK (kind IN ('cases', 'feed', 'message', 'stock'));

-- an exercise's case reports are linked to that exercise's incident by the inject that creates them ('exercise')
ALTER TABLE incident_cases DROP CONSTRAINT incident_cases_origin_check;
ALTER TABLE incident_cases ADD CONSTRAINT incident_cases_origin_check CHECK (origin IN ('alert', 'hand', 'exercise'));
