import SolusiKit

/// The embedded SQLite backend, as a program links it: `Workspace.openFile` is `SQLite.openStore`,
/// the way `Workspace.openServer` is SolusiPostgres's `PostgreSQL.openStore`.
public enum SQLite {
    /// The store in the SQLite file at `path`: created when missing, its schema brought up to date.
    @Sendable
    public static func openStore(path: String, clock: Clock) throws -> any TicketStore {
        try SQLiteStore(path: path, clock: clock)
    }
}
