-- 0054 bulletins: information disclosure (issue 15; docs/disclosure.md). Owned by src/features/bulletins.
-- Bulletins with a four-eyes workflow and versions (a correction is a new version of the same series), risk areas
-- published with a bulletin, the rumour register, and what the public sends through the portal's form.

CREATE TABLE bulletins (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- every version of one bulletin shares the series (the first version's id); version 1, 2, … in it
  series_id uuid NOT NULL,
  version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  -- the area the bulletin is about (the district, usually)
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  kind text NOT NULL CHECK (kind IN ('daily', 'trajectory', 'risk_areas', 'guidance', 'rebuttal', 'press_release')),
  status text NOT NULL DEFAULT 'draft'
    CHECK (status IN ('draft', 'in_review', 'approved', 'scheduled', 'published', 'superseded', 'withdrawn')),
  title text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
  title_en text CHECK (title_en IS NULL OR char_length(title_en) <= 300),
  body text NOT NULL DEFAULT '' CHECK (char_length(body) <= 20000),
  body_en text CHECK (body_en IS NULL OR char_length(body_en) <= 30000),
  -- daily figures: the day and disease they are for, and the snapshot taken from the data (suppressed at publish)
  figures_date date,
  disease_id uuid REFERENCES diseases (id),
  figures jsonb,
  -- the small-number threshold for breakdowns below the district
  suppression_k integer NOT NULL DEFAULT 5 CHECK (suppression_k BETWEEN 2 AND 20),
  -- a correction (version > 1) says what changed
  correction_note text CHECK (correction_note IS NULL OR char_length(correction_note) <= 2000),
  correction_note_en text CHECK (correction_note_en IS NULL OR char_length(correction_note_en) <= 3000),
  publish_at timestamptz,
  published_at timestamptz,
  published_by uuid REFERENCES users (id),
  withdrawn_at timestamptz,
  withdrawn_reason text CHECK (withdrawn_reason IS NULL OR char_length(withdrawn_reason) <= 2000),
  withdrawn_by uuid REFERENCES users (id),
  drafted_by uuid NOT NULL REFERENCES users (id),
  approved_by uuid REFERENCES users (id),
  approved_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (series_id, version),
  -- four eyes: whoever drafted a version never approves it
  CONSTRAINT bulletins_four_eyes CHECK (approved_by IS NULL OR approved_by <> drafted_by),
  CONSTRAINT bulletins_withdrawn_reason CHECK (status <> 'withdrawn' OR withdrawn_reason IS NOT NULL),
  CONSTRAINT bulletins_published_at CHECK (status NOT IN ('published', 'superseded') OR published_at IS NOT NULL)
);
CREATE INDEX bulletins_public_idx ON bulletins (published_at DESC) WHERE status IN ('published', 'superseded', 'withdrawn');
CREATE INDEX bulletins_jurisdiction_idx ON bulletins (jurisdiction_id, status);
CREATE INDEX bulletins_series_idx ON bulletins (series_id, version);
CREATE INDEX bulletins_due_idx ON bulletins (publish_at) WHERE status = 'scheduled';
-- one version of a series in the workflow at a time
CREATE UNIQUE INDEX bulletins_one_open_version ON bulletins (series_id) WHERE status IN ('draft', 'in_review', 'approved', 'scheduled');

-- The workflow's history of each version (who did what, with the comment).
CREATE TABLE bulletin_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  bulletin_id uuid NOT NULL REFERENCES bulletins (id) ON DELETE CASCADE,
  event text NOT NULL CHECK (event IN ('drafted', 'submitted', 'returned', 'approved', 'scheduled', 'published', 'corrected', 'withdrawn', 'guard_refused')),
  actor_id uuid REFERENCES users (id),
  comment text NOT NULL DEFAULT '' CHECK (char_length(comment) <= 2000),
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX bulletin_events_bulletin_idx ON bulletin_events (bulletin_id, at);

-- Risk areas: a township or community at a level for a period, public once its bulletin is published.
CREATE TABLE risk_areas (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- the township or community (registry)
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  level text NOT NULL CHECK (level IN ('high', 'medium', 'low')),
  starts_on date NOT NULL,
  ends_on date,
  note text NOT NULL DEFAULT '' CHECK (char_length(note) <= 500),
  note_en text NOT NULL DEFAULT '' CHECK (char_length(note_en) <= 800),
  bulletin_id uuid REFERENCES bulletins (id),
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_on IS NULL OR ends_on >= starts_on)
);
CREATE INDEX risk_areas_bulletin_idx ON risk_areas (bulletin_id);
CREATE INDEX risk_areas_jurisdiction_idx ON risk_areas (jurisdiction_id);

-- The rumour register.
CREATE TABLE rumours (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- the district (or township) whose press office handles it
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  claim text NOT NULL CHECK (char_length(claim) BETWEEN 1 AND 2000),
  source text NOT NULL DEFAULT '' CHECK (char_length(source) <= 300),
  channel text NOT NULL CHECK (channel IN ('wechat', 'weibo', 'douyin', 'news', 'phone', 'portal', 'other')),
  first_seen_at timestamptz NOT NULL,
  -- estimated people reached (views, shares), when known
  reach integer CHECK (reach IS NULL OR reach >= 0),
  verdict text NOT NULL DEFAULT 'unverified' CHECK (verdict IN ('unverified', 'false', 'misleading', 'true')),
  rebuttal_bulletin_id uuid REFERENCES bulletins (id),
  reviewer_id uuid REFERENCES users (id),
  reviewed_at timestamptz,
  -- 'public': sent through the portal's form
  origin text NOT NULL DEFAULT 'staff' CHECK (origin IN ('staff', 'public')),
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX rumours_jurisdiction_idx ON rumours (jurisdiction_id, first_seen_at DESC);

-- What the public sends through the portal: symptoms after an exposure (a follow-up queue) or a rumour (copied
-- into the register). The sender's address is kept only as a keyed hash, for the rate limit.
CREATE TABLE public_submissions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  kind text NOT NULL CHECK (kind IN ('symptoms', 'rumour')),
  text text NOT NULL CHECK (char_length(text) BETWEEN 1 AND 1000),
  -- where (township or community chosen from the registry), when (the exposure or when the rumour was seen)
  place_id uuid REFERENCES jurisdictions (id),
  occurred_on date,
  status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'handled', 'dismissed')),
  rumour_id uuid REFERENCES rumours (id),
  handled_by uuid REFERENCES users (id),
  handled_at timestamptz,
  sender_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX public_submissions_sender_idx ON public_submissions (sender_hash, created_at DESC);
CREATE INDEX public_submissions_status_idx ON public_submissions (jurisdiction_id, status, created_at DESC);
