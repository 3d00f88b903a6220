import Foundation
import GRDB
import SolusiKit
import Synchronization

/// The embedded store: one SQLite file in WAL mode, with an FTS5 index over subject and description.
///
/// Writers wait for each other (busy timeout) instead of failing, and each batch is one short
/// transaction, so two ingests into the same file both finish, and a killed one leaves every
/// committed batch intact.
final class SQLiteStore: TicketStore {
    let pool: DatabasePool
    /// Whether this process has made sure of the queue's partial indexes (`queueIndexes`), so a
    /// page of the queue is a plain read rather than a turn on the writer.
    let queueIndexMade = Mutex(false)
    /// What the writer remembers of requesters between batches (see `markDuplicates`).
    let requesterMemory = Mutex<RequesterMemory?>(nil)
    /// Where the stamps written (ingested, classified, notified…) come from.
    let clock: Clock

    /// Opens (creating if needed) the database and brings its schema up to date.
    init(path: String, clock: Clock = .system) throws {
        self.clock = clock
        var configuration = Configuration()
        configuration.busyMode = .timeout(120)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try db.execute(sql: "PRAGMA cache_size = -32000")
            // A batch of tickets changes pages all over the requester index (its keys are hashes),
            // and the WAL is copied into the database file at every checkpoint. Checkpointing
            // every 64 MB instead of every 4 MB copies such a page once for several batches, not
            // once for each: ingesting 1M tickets writes 1.9 GB instead of 2.2 (`/usr/bin/time`).
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 16384")
        }
        pool = try Self.open(path: path, configuration: configuration)
    }

    /// Opens the pool and migrates, retrying while another process is doing the same.
    ///
    /// Switching a new file to WAL takes a lock that SQLite's busy timeout does not wait for, and
    /// two processes may both find a migration unapplied: the second one's `CREATE` (or `ALTER
    /// TABLE … ADD COLUMN`, or its record in `grdb_migrations`) then fails because the first
    /// committed it. Both are races with a process that succeeds, so retry: the next attempt
    /// finds the migration applied.
    private static func open(path: String, configuration: Configuration) throws -> DatabasePool {
        let deadline = Date().addingTimeInterval(30)
        while true {
            do {
                let pool = try DatabasePool(path: path, configuration: configuration)
                try migrator.migrate(pool)
                try analyzeOnce(pool)
                return pool
            } catch let error as DatabaseError where Self.lostRace(error) && Date() < deadline {
                Platform.sleep(microseconds: UInt32.random(in: 20_000...80_000))
            } catch {
                throw StoreError.cannotOpen(path: path, reason: String(describing: error))
            }
        }
    }

    /// Gives the query planner statistics of the tickets once there are many and it has none:
    /// without them a ticket looked up by its help-desk id alone reads the whole
    /// (source, id) index — 65 ms at a million tickets; with them SQLite skips through it by
    /// source, 1 ms. A sampled ANALYZE, so it is quick whenever it runs.
    private static func analyzeOnce(_ pool: DatabasePool) throws {
        try pool.write { db in
            guard
                try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'") == 0
                    || (try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'ticket'")) == 0
            else { return }
            guard try Int.fetchOne(db, sql: "SELECT count(*) FROM (SELECT 1 FROM ticket LIMIT 10000)") == 10_000 else {
                return
            }
            try db.execute(sql: "PRAGMA analysis_limit = 1000")
            try db.execute(sql: "ANALYZE ticket")
        }
    }

    private static func lostRace(_ error: DatabaseError) -> Bool {
        error.resultCode == .SQLITE_BUSY
            || (error.resultCode == .SQLITE_ERROR
                && ["already exists", "duplicate column name"].contains { error.message?.contains($0) == true })
            // A migration whose statements can run twice (v12 drops an index and makes it again)
            // fails only when it records itself as applied.
            || (error.resultCode == .SQLITE_CONSTRAINT && error.message?.contains("grdb_migrations") == true)
    }

    /// The latest label of each labelled ticket (one whose latest label is an undo has none), as
    /// a table to join.
    static let latestLabels = """
        latest_label AS (
            SELECT ticket_id, issue FROM label
            WHERE id IN (SELECT max(id) FROM label GROUP BY ticket_id) AND action <> 'undo')
        """

    /// The condition on `t.created_at` for [`start`, `end`), either bound open when nil.
    static func created(from start: Int64?, before end: Int64?) -> (conditions: [String], arguments: StatementArguments)
    {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let start {
            conditions.append("t.created_at >= ?")
            arguments += [start]
        }
        if let end {
            conditions.append("t.created_at < ?")
            arguments += [end]
        }
        return (conditions, arguments)
    }

    /// Every ticket as `TicketFacts` are read: `ticket t` with its classification and latest
    /// label, named as `facts(from:)` reads them; a WHERE clause may follow.
    static let facts = """
        WITH \(latestLabels)
        SELECT t.*, c.issue AS c_issue, c.confidence AS c_confidence, c.model_version AS c_model,
            c.classified_at AS c_at, l.ticket_id AS l_ticket, l.issue AS l_issue
        FROM ticket t
        LEFT JOIN classification c ON c.ticket_id = t.id
        LEFT JOIN latest_label l ON l.ticket_id = t.id
        """

    static func facts(from row: Row) -> TicketFacts {
        TicketFacts(
            ticket: ticket(from: row), classification: classification(from: row), label: labelVerdict(from: row))
    }

    /// The classification joined as `c_issue`, `c_confidence`, `c_model`, `c_at`; nil when none.
    static func classification(from row: Row) -> ClassificationRecord? {
        guard row["c_model"] != nil else { return nil }
        return ClassificationRecord(
            verdict: Verdict(classifiedAs: row["c_issue"]), confidence: row["c_confidence"],
            modelVersion: row["c_model"], classifiedAt: row["c_at"])
    }

    /// The latest label joined as `l_ticket`, `l_issue`; nil when none.
    static func labelVerdict(from row: Row) -> Verdict? {
        guard row["l_ticket"] != nil else { return nil }
        return Verdict(labelledAs: row["l_issue"])
    }

    /// One decoder for the JSON columns (tags, extra): making one per row costs more than the
    /// rest of reading the row.
    private static let decoder = JSONDecoder()

    static func ticket(from row: Row) -> Ticket {
        var extra: [String: String] = [:]
        if let json: String = row["extra"],
            let object = try? decoder.decode([String: String].self, from: Data(json.utf8))
        {
            extra = object
        }
        let tagsJSON: String = row["tags"]
        let tags = tagsJSON == "[]" ? [] : (try? decoder.decode([String].self, from: Data(tagsJSON.utf8))) ?? []
        let record = TicketRecord(
            source: row["source"], externalID: row["external_id"], createdAt: row["created_at"],
            subject: row["subject"], description: row["description"], requesterRole: row["requester_role"],
            province: row["province"], channel: row["channel"], status: row["status"],
            tags: tags, extra: extra)
        return Ticket(
            rowID: row["id"], record: record, ingestedAt: row["ingested_at"], updatedAt: row["updated_at"],
            duplicateOf: row["duplicate_of"])
    }
}

/// A failure of the database itself.
public enum StoreError: Error, Sendable, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)
    case inconsistent(String)

    /// The message, in Bahasa Indonesia.
    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            return "\(path): basis data tidak dapat dibuka (\(reason)). Periksa --db atau SOLUSI_DB."
        case .inconsistent(let detail):
            return "Basis data tidak konsisten: \(detail). Jalankan PRAGMA integrity_check."
        }
    }
}
