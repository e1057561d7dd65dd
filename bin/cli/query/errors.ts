/** The store is missing, empty or unreadable: one line, exit 1. */
export class StoreError extends Error {}

/** A query the user got wrong (bad SQL, unknown table, a statement that would write): one line, exit 1. */
export class QueryError extends Error {}
