-- 0071 bulletins, second increment (issue 15; docs/disclosure.md "Images" and "Risk areas on the map"). Owned by
-- src/features/bulletins.
--
-- 1. Images of a bulletin (a chart, a poster): stored as the server re-encoded them (no EXIF, GPS, text chunks or
--    ICC profile survive), with the alt text in Chinese and English (both required: the portal is bilingual and
--    WCAG asks for a text alternative). They belong to one version, are added and changed only while it is a
--    draft (so the approver reviews them, four eyes), copied into a correction, and served to the public only while
--    the version is published or superseded (never once withdrawn).
-- 2. A risk area may be a polygon drawn on the map (GeoJSON Polygon or MultiPolygon, WGS 84) with its own public
--    name, instead of a registry township or community's outline.

CREATE TABLE bulletin_images (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  bulletin_id uuid NOT NULL REFERENCES bulletins (id) ON DELETE CASCADE,
  -- the bulletin's area (scope of staff reads)
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  position integer NOT NULL DEFAULT 0 CHECK (position >= 0),
  alt text NOT NULL CHECK (char_length(btrim(alt)) BETWEEN 1 AND 300),
  alt_en text NOT NULL CHECK (char_length(btrim(alt_en)) BETWEEN 1 AND 500),
  content_type text NOT NULL CHECK (content_type IN ('image/png', 'image/jpeg', 'image/webp')),
  width integer NOT NULL CHECK (width BETWEEN 1 AND 4096),
  height integer NOT NULL CHECK (height BETWEEN 1 AND 4096),
  size integer NOT NULL CHECK (size > 0),
  sha256 text NOT NULL,
  content bytea NOT NULL,
  -- the uploaded file's name, for the staff page only (never public)
  filename text NOT NULL DEFAULT '',
  uploaded_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX bulletin_images_bulletin_idx ON bulletin_images (bulletin_id, position);

ALTER TABLE risk_areas
  ADD COLUMN geometry jsonb,
  ADD COLUMN place_name text CHECK (place_name IS NULL OR char_length(place_name) BETWEEN 1 AND 200),
  ADD COLUMN place_name_en text CHECK (place_name_en IS NULL OR char_length(place_name_en) <= 300),
  ADD CONSTRAINT risk_areas_drawn_named CHECK (geometry IS NULL OR place_name IS NOT NULL);
