// The advisory locks listarchive takes, as (namespace, key) pairs of pg_advisory_xact_lock(int, int):
// a namespace of its own keeps them apart from any other application's locks in the same database.
// Why each exists: the top of postgres-store.ts.

/** One writer per list at a time: key = the list's id. 'list' in ASCII. */
export const LIST_LOCK_NAMESPACE = 0x6c697374;

/** One schema migration at a time. 'schm' in ASCII. */
export const MIGRATION_LOCK = { namespace: 0x7363686d, key: 0 };
