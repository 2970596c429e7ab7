/**
 * The psych feature's public entry (psychological assistance, response layer): its tables, for the
 * composition's table list. Nothing else leaves the folder: client records are the team's alone.
 */
export * from './psych.tables.ts';
