import SQLiteProcess
import SolusiKit

/// The embedded SQLite backend, as a program links it: `Workspace.openFile` is `SQLite.openStore`,
/// the way `Workspace.openServer` is SolusiPostgres's `PostgreSQL.openStore`.
public enum SQLite {
    /// The store in the SQLite file at `path`: created when missing, its schema brought up to date.
    @Sendable
    public static func openStore(path: String, clock: Clock) throws -> any TicketStore {
        try SQLiteStore(path: path, clock: clock)
    }

    /// Settings for the whole process, made once at its start, before SQLite is first used: SQLite
    /// stops counting its memory, a process-wide lock taken at every allocation and free (a
    /// tenth of the ingest writer's time). Nothing else reads that count.
    public static func prepareProcess() {
        _ = solusi_sqlite_stop_counting_memory()
    }
}
