import Foundation
import IndonesianText
import PostgresNIO
import SolusiKit
import Synchronization

/// The store on a PostgreSQL server, for a team: many agents on many machines, one database.
///
/// It implements `TicketStore` with the same behaviour as the embedded SQLite store (the
/// conformance suite runs on both): the domain rules stay in the services. Claims use row locks
/// (`FOR UPDATE SKIP LOCKED`), ingest streams each batch with `COPY` and applies it in one
/// transaction, and search reads Solusi's own word splitting and stems from the store, because
/// PostgreSQL's text search has no Indonesian.
final class PostgresStore: TicketStore, @unchecked Sendable {
    let session: PostgresSession
    let clock: Clock
    /// Words already in `vocabulary`, so a batch sends only new ones.
    let knownWords = Mutex<Set<String>>([])
    /// The words ANALYZE found most common, as `wordCounts` last read them.
    let commonWords = Mutex<CommonWords?>(nil)
    /// What the writer remembers of requesters between batches (see `RequesterMemory`).
    let requesterMemory = Mutex<RequesterMemory?>(nil)

    /// Connects, and brings the schema up to date.
    init(location: PostgresLocation, clock: Clock = .system) throws {
        session = try PostgresSession(location)
        self.clock = clock
        try PostgresSchema.migrate(session)
    }

    /// The store for a `postgresql://` URL (what `Workspace.openServer` calls).
    static func open(url: String, clock: Clock) throws -> any TicketStore {
        try PostgresStore(location: try PostgresLocation(url: url), clock: clock)
    }

    // MARK: Rows

    /// The ticket columns, as `ticket(from:)` reads them, of the table aliased `t`.
    static let ticketColumns = """
        t.id, t.source, t.external_id, t.created_at, t.subject, t.description, t.requester_role, t.province,
        t.channel, t.status, t.tags, t.extra, t.ingested_at, t.updated_at, t.duplicate_of
        """

    /// The classification joined as `c` and the latest label as `l`, named as `facts(from:)` reads them.
    static let factColumns = """
        c.issue AS c_issue, c.confidence AS c_confidence, c.model_version AS c_model, c.classified_at AS c_at,
        l.ticket_id AS l_ticket, l.issue AS l_issue
        """

    /// Joins the current classification as `c` and the latest label as `l` to `ticket t`.
    static let factJoins = """
        LEFT JOIN classification c ON c.ticket_id = t.id
        LEFT JOIN LATERAL (
            SELECT ticket_id, issue, action FROM label WHERE label.ticket_id = t.id ORDER BY id DESC LIMIT 1) l
            ON l.action <> 'undo'
        """

    private static let decoder = JSONDecoder()

    static func ticket(from row: PostgresRandomAccessRow) throws -> Ticket {
        let tagsJSON: String = try row.value("tags")
        let tags = tagsJSON == "[]" ? [] : (try? decoder.decode([String].self, from: Data(tagsJSON.utf8))) ?? []
        let extraJSON: String? = try row.value("extra")
        let extra = extraJSON.flatMap { try? decoder.decode([String: String].self, from: Data($0.utf8)) } ?? [:]
        let record = TicketRecord(
            source: try row.value("source"), externalID: try row.value("external_id"),
            createdAt: try row.value("created_at"), subject: try row.value("subject"),
            description: try row.value("description"), requesterRole: try row.value("requester_role"),
            province: try row.value("province"), channel: try row.value("channel"), status: try row.value("status"),
            tags: tags, extra: extra)
        return Ticket(
            rowID: try row.value("id"), record: record, ingestedAt: try row.value("ingested_at"),
            updatedAt: try row.value("updated_at"), duplicateOf: try row.value("duplicate_of"))
    }

    static func classification(from row: PostgresRandomAccessRow) throws -> ClassificationRecord? {
        guard let model: Int64 = try row.value("c_model") else { return nil }
        return ClassificationRecord(
            verdict: Verdict(classifiedAs: try row.value("c_issue")), confidence: try row.value("c_confidence"),
            modelVersion: Int(model), classifiedAt: try row.value("c_at"))
    }

    static func facts(from row: PostgresRandomAccessRow) throws -> TicketFacts {
        let labelled: Int64? = try row.value("l_ticket")
        return TicketFacts(
            ticket: try ticket(from: row), classification: try classification(from: row),
            label: labelled == nil ? nil : Verdict(labelledAs: try row.value("l_issue")))
    }

    /// The condition on `t.created_at` for [`start`, `end`), either bound open when nil.
    static func created(from start: Int64?, before end: Int64?) -> String {
        var conditions: [String] = []
        if let start { conditions.append("t.created_at >= \(start)") }
        if let end { conditions.append("t.created_at < \(end)") }
        return conditions.isEmpty ? "TRUE" : conditions.joined(separator: " AND ")
    }

    // MARK: Reading tickets

    func counts() async throws -> StoreCounts {
        let rows = try await session.withConnection { link in
            try await link.rows(
                """
                SELECT (SELECT n FROM ticket_count) AS tickets,
                    (\(unescaped: Self.rejectCount)) AS rejected,
                    (SELECT coalesce(sum(n), 0) FROM classification_count)::bigint AS classified,
                    coalesce((SELECT n FROM classification_count WHERE issue = ''), 0) AS unknown,
                    (SELECT count(*) FROM (\(unescaped: Label.standingSQL)) AS standing) AS labeled,
                    (SELECT count(*) FROM ticket WHERE duplicate_of IS NOT NULL) AS duplicates
                """)
        }
        let row = rows[0].makeRandomAccess()
        func count(_ name: String) throws -> Int { Int(try row.value(name, as: Int64.self)) }
        return StoreCounts(
            tickets: try count("tickets"), rejected: try count("rejected"), classified: try count("classified"),
            unknown: try count("unknown"), labeled: try count("labeled"), duplicates: try count("duplicates"))
    }

    func tickets(limit: Int, offset: Int) async throws -> [Ticket] {
        try await session.withConnection { link in
            try await link.rows(
                """
                SELECT \(unescaped: Self.ticketColumns) FROM ticket t ORDER BY t.created_at DESC, t.id DESC
                LIMIT \(limit) OFFSET \(offset)
                """)
        }.map { try Self.ticket(from: $0.makeRandomAccess()) }
    }

    func tickets(externalID: String) async throws -> [Ticket] {
        try await session.withConnection { link in
            try await link.rows(
                "SELECT \(unescaped: Self.ticketColumns) FROM ticket t WHERE t.external_id = \(externalID) ORDER BY t.source"
            )
        }.map { try Self.ticket(from: $0.makeRandomAccess()) }
    }

    func tickets(rowIDs: [Int64]) throws -> [Ticket] {
        guard !rowIDs.isEmpty else { return [] }
        let found = try session.rows(
            "SELECT \(unescaped: Self.ticketColumns) FROM ticket t WHERE t.id = ANY(\(rowIDs))"
        ).map { try Self.ticket(from: $0.makeRandomAccess()) }
        let byID = Dictionary(uniqueKeysWithValues: found.map { ($0.rowID, $0) })
        return rowIDs.compactMap { byID[$0] }
    }

    func tally(by dimension: TicketDimension) throws -> [Tally] {
        switch dimension {
        case .day:
            // Calendar days in WIB, as day numbers; written as dates here.
            return try session.rows(
                """
                SELECT (created_at + \(unescaped: String(TicketDate.defaultOffsetSeconds))) / 86400 AS day, count(*) AS n
                FROM ticket GROUP BY day ORDER BY day
                """
            ).map {
                let row = $0.makeRandomAccess()
                return Tally(
                    value: Day(number: try row.value("day")).text, count: Int(try row.value("n", as: Int64.self)))
            }
        case .issue:
            return try tally(
                "SELECT coalesce(issue, '') AS value, count(*) AS n FROM classification GROUP BY value ORDER BY n DESC, value"
            )
        default:
            let column = dimension.rawValue
            return try tally(
                "SELECT coalesce(\(column), '') AS value, count(*) AS n FROM ticket GROUP BY value ORDER BY n DESC, value"
            )
        }
    }

    private func tally(_ sql: String) throws -> [Tally] {
        try session.rows(PostgresQuery(unsafeSQL: sql)).map {
            let row = $0.makeRandomAccess()
            return Tally(value: try row.value("value"), count: Int(try row.value("n", as: Int64.self)))
        }
    }

    func forEachOutline(from start: Int64?, before end: Int64?, _ body: (TicketOutline) throws -> Void) throws {
        try session.forEachRow(
            """
            SELECT t.id, t.created_at, t.requester_role, t.province, t.channel, c.ticket_id AS c_ticket,
                c.issue AS c_issue, l.ticket_id AS l_ticket, l.issue AS l_issue, t.requester_key
            FROM ticket t \(unescaped: Self.factJoins)
            WHERE \(unescaped: Self.created(from: start, before: end))
            """
        ) { row in
            let r = row.makeRandomAccess()
            let classified: Int64? = try r.value("c_ticket")
            let labelled: Int64? = try r.value("l_ticket")
            try body(
                TicketOutline(
                    rowID: try r.value("id"), createdAt: try r.value("created_at"), role: try r.value("requester_role"),
                    province: try r.value("province"), channel: try r.value("channel"),
                    classification: classified == nil ? nil : Verdict(classifiedAs: try r.value("c_issue")),
                    label: labelled == nil ? nil : Verdict(labelledAs: try r.value("l_issue")),
                    requester: try r.value("requester_key")))
        }
    }

    func forEachTicket(from start: Int64?, before end: Int64?, _ body: (TicketFacts) throws -> Void) throws {
        try session.forEachRow(
            """
            SELECT \(unescaped: Self.ticketColumns), \(unescaped: Self.factColumns)
            FROM ticket t \(unescaped: Self.factJoins)
            WHERE \(unescaped: Self.created(from: start, before: end))
            ORDER BY t.created_at, t.id
            """
        ) { try body(try Self.facts(from: $0.makeRandomAccess())) }
    }

    // MARK: Knowledge base

    @discardableResult
    func sync(_ catalog: IssueCatalog) throws -> Bool {
        try session.transaction {
            try session.run("SELECT pg_advisory_xact_lock(4712)")
            let stored = try session.rows("SELECT content_hash FROM knowledge_base_sync WHERE id = 1").first
            let hasFiles = try session.rows("SELECT EXISTS (SELECT 1 FROM knowledge_base_file)")[0].decode(Bool.self)
            // A database synced before it kept the files gets them the first time round.
            if let stored, try stored.decode(Int64.self) == catalog.contentHash, hasFiles || catalog.files.isEmpty {
                return false
            }
            try session.run("DELETE FROM knowledge_base_file")
            for (position, file) in catalog.files.enumerated() {
                try session.run(
                    "INSERT INTO knowledge_base_file (position, path, text) VALUES (\(position), \(file.path), \(file.text))"
                )
            }
            for table in ["issue_article", "status_change", "known_issue", "article"] {
                try session.run(PostgresQuery(unsafeSQL: "DELETE FROM \(table)"))
            }
            for article in catalog.articles {
                try session.run(
                    """
                    INSERT INTO article (id, title, url, file)
                    VALUES (\(article.id), \(article.title), \(article.url), \(article.file))
                    """)
            }
            for issue in catalog.issues {
                try session.run(
                    """
                    INSERT INTO known_issue (id, title, status, area, summary, file)
                    VALUES (\(issue.id), \(issue.title), \(issue.status.rawValue), \(issue.area), \(issue.summary),
                        \(issue.file))
                    """)
                for (position, articleID) in issue.articleIDs.enumerated() {
                    try session.run(
                        "INSERT INTO issue_article (issue_id, article_id, position) VALUES (\(issue.id), \(articleID), \(position))"
                    )
                }
                for (position, change) in issue.history.enumerated() {
                    try session.run(
                        """
                        INSERT INTO status_change (issue_id, position, date, status, note)
                        VALUES (\(issue.id), \(position), \(change.date), \(change.status.rawValue), \(change.note))
                        """)
                }
            }
            try session.run(
                """
                INSERT INTO knowledge_base_sync (id, content_hash, synced_at) VALUES (1, \(catalog.contentHash), \(clock.now))
                ON CONFLICT (id) DO UPDATE SET content_hash = excluded.content_hash, synced_at = excluded.synced_at
                """)
            return true
        }
    }

    func storedKnowledgeBase() throws -> StoredKnowledgeBase? {
        let files = try session.rows("SELECT path, text FROM knowledge_base_file ORDER BY position").map {
            let (path, text) = try $0.decode((String, String).self)
            return KnowledgeBaseFile(path: path, text: text)
        }
        guard !files.isEmpty else { return nil }
        let at = try session.rows("SELECT synced_at FROM knowledge_base_sync WHERE id = 1").first?.decode(Int64.self)
        return StoredKnowledgeBase(files: files, syncedAt: at ?? 0)
    }
}
