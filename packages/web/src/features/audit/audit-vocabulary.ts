/** Entity types written by the foundation; later modules add theirs (unknown ones still show, untranslated). */
export const AUDIT_ENTITY_TYPES = ['user', 'session', 'jurisdiction', 'agency', 'agency_roster', 'facility'] as const;

/** Actions the server records; an unlisted one is shown as its raw id. */
export const AUDIT_ACTIONS = ['create', 'update', 'delete', 'read', 'login', 'logout', 'login_failed', 'change_password', 'reset_password'] as const;
