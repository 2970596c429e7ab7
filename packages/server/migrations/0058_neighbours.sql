-- 0058 neighbours (issue 16): links between this platform and the platforms of adjacent districts, the signed
-- messages they exchange (an outbox written in the same transaction as the change it carries, an inbox that
-- stores each message once), and the case notifications shared through them. docs/neighbours.md.

-- This platform's own Ed25519 key pair (one row). The private key is sealed with the identity key
-- (AES-256-GCM, fileSealer): a copy of the database alone cannot sign as this district.
CREATE TABLE neighbour_identity (
  id integer PRIMARY KEY CHECK (id = 1),
  -- the sender id other platforms know us by: base64url of the first 16 bytes of sha256(raw public key)
  key_id text NOT NULL,
  -- raw 32-byte Ed25519 public key, base64
  public_key text NOT NULL,
  -- PKCS#8 DER of the private key, sealed (base64)
  private_key_sealed text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- A link to one neighbour's platform. Proposed by one administrator, approved by another (four eyes: linking
-- commits the district); messages flow once both platforms have approved their side.
CREATE TABLE neighbour_links (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- our district (the scope of the link)
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  district_code text NOT NULL CHECK (district_code ~ '^[0-9]{6}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  name_en text NOT NULL DEFAULT '' CHECK (length(name_en) <= 100),
  base_url text NOT NULL CHECK (base_url ~ '^https?://'),
  peer_public_key text NOT NULL,
  peer_key_id text NOT NULL UNIQUE,
  state text NOT NULL DEFAULT 'proposed' CHECK (state IN ('proposed', 'active', 'suspended', 'revoked')),
  state_reason text NOT NULL DEFAULT '',
  -- what is exchanged, per kind (neighbours.agreements.ts)
  agreements jsonb NOT NULL CHECK (jsonb_typeof(agreements) = 'object'),
  proposed_by uuid REFERENCES users (id),
  approved_by uuid REFERENCES users (id),
  approved_at timestamptz,
  -- the first time the neighbour accepted a message of ours: its side is approved too
  peer_confirmed_at timestamptz,
  -- the last sequence number received from the neighbour (messages are taken in order, each once)
  last_received_seq bigint NOT NULL DEFAULT 0 CHECK (last_received_seq >= 0),
  -- the last sequence number given to a message for the neighbour
  last_sent_seq bigint NOT NULL DEFAULT 0 CHECK (last_sent_seq >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (approved_by IS NULL OR approved_by IS DISTINCT FROM proposed_by)
);
-- one live link per neighbouring district (a revoked one may be replaced)
CREATE UNIQUE INDEX neighbour_links_district_idx ON neighbour_links (jurisdiction_id, district_code) WHERE state <> 'revoked';

-- Messages for a neighbour, written in the transaction of the change they carry and delivered in sequence
-- order by the delivery job. The body is the signed envelope, sealed (it may hold personal data).
CREATE TABLE neighbour_outbox (
  id uuid PRIMARY KEY,
  link_id uuid NOT NULL REFERENCES neighbour_links (id),
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  seq bigint NOT NULL CHECK (seq > 0),
  kind text NOT NULL,
  envelope_sealed text NOT NULL,
  -- what the delivery page shows: no personal data
  summary jsonb NOT NULL DEFAULT '{}'::jsonb,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed', 'cancelled')),
  attempts integer NOT NULL DEFAULT 0,
  last_error text NOT NULL DEFAULT '',
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  delivered_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (link_id, seq)
);
CREATE INDEX neighbour_outbox_due_idx ON neighbour_outbox (link_id, seq) WHERE status IN ('pending', 'failed');

-- Messages received from a neighbour, each once (its id), in its sequence order. Case and contact
-- notifications wait here for a person to preview and accept or reject them.
CREATE TABLE neighbour_inbox (
  id uuid PRIMARY KEY,
  link_id uuid NOT NULL REFERENCES neighbour_links (id),
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  seq bigint NOT NULL CHECK (seq > 0),
  kind text NOT NULL,
  sent_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  -- the message's payload, sealed (it may hold personal data)
  payload_sealed text NOT NULL,
  -- what lists show: no personal data
  summary jsonb NOT NULL DEFAULT '{}'::jsonb,
  status text NOT NULL CHECK (status IN ('pending', 'accepted', 'rejected', 'recorded')),
  decided_by uuid REFERENCES users (id),
  decided_at timestamptz,
  decision_reason text NOT NULL DEFAULT '',
  -- what acceptance made of it (a case report), for provenance
  result_entity_type text,
  result_entity_id uuid,
  UNIQUE (link_id, seq)
);
CREATE INDEX neighbour_inbox_pending_idx ON neighbour_inbox (jurisdiction_id, received_at) WHERE status = 'pending';
CREATE INDEX neighbour_inbox_result_idx ON neighbour_inbox (result_entity_id) WHERE result_entity_id IS NOT NULL;

-- Records of ours shared with a neighbour (a case notification), and what the neighbour decided. A record is
-- shared once per neighbour: sharing it twice made conflicting copies in SORMAS.
CREATE TABLE neighbour_shares (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  link_id uuid NOT NULL REFERENCES neighbour_links (id),
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  entity_type text NOT NULL CHECK (entity_type IN ('case_report')),
  entity_id uuid NOT NULL,
  message_id uuid NOT NULL REFERENCES neighbour_outbox (id),
  with_personal_data boolean NOT NULL,
  status text NOT NULL DEFAULT 'sent' CHECK (status IN ('sent', 'accepted', 'rejected')),
  decision_reason text NOT NULL DEFAULT '',
  decided_at timestamptz,
  decided_by_name text NOT NULL DEFAULT '',
  shared_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (link_id, entity_type, entity_id)
);
CREATE INDEX neighbour_shares_entity_idx ON neighbour_shares (entity_id);
