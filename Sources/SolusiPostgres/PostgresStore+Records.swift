import Foundation
import PostgresNIO
import SolusiKit

/// The whole store as records: read to move it elsewhere, loaded to move a store here
/// (`solusi migrate`). Row ids and model versions are kept, and the id sequences follow them.
extension PostgresStore {
    func forEachRecord(_ body: (StoreRecord) throws -> Void) throws {
        for version in try session.rows("SELECT version FROM model ORDER BY version").map({ try $0.decode(Int64.self) })
        {
            if let model = try model(version: version) { try body(.model(model)) }
        }
        try session.forEachRow(
            """
            SELECT \(unescaped: Self.ticketColumns), t.needs_classification, t.origin_file, t.origin_position
            FROM ticket t ORDER BY t.id
            """
        ) { row in
            let r = row.makeRandomAccess()
            try body(
                .ticket(
                    StoredTicket(
                        ticket: try Self.ticket(from: r), needsClassification: try r.value("needs_classification"),
                        originFile: try r.value("origin_file"), originPosition: try r.value("origin_position"))))
        }
        for row in try session.rows("SELECT * FROM reject ORDER BY id") {
            let r = row.makeRandomAccess()
            let record: Int64? = try r.value("record")
            try body(
                .reject(
                    RejectedRecord(
                        location: RecordLocation(
                            file: try r.value("file"), line: Int(try r.value("line", as: Int64.self)),
                            record: record.map(Int.init)),
                        reason: try r.value("reason"), raw: try r.value("raw")),
                    rejectedAt: try r.value("rejected_at"), origin: StoredOrigin.origin(try r.value("origin"))))
        }
        for row in try session.rows("SELECT origin, file, count FROM reject_overflow ORDER BY origin, file") {
            let (origin, file, count) = try row.decode((Int64, String, Int64).self)
            try body(.rejectsNotKept(file: file, origin: StoredOrigin.origin(origin), count: Int(count)))
        }
        for (table, current) in [("classification_log", false), ("classification", true)] {
            try session.forEachRow(
                PostgresQuery(
                    unsafeSQL: """
                        SELECT ticket_id, issue, confidence, model_version, classified_at FROM \(table)
                        ORDER BY \(current ? "ticket_id" : "id")
                        """)
            ) { row in
                let (rowID, issue, confidence, model, at) = try row.decode((Int64, String?, Double, Int64, Int64).self)
                try body(
                    .classification(
                        ticketRowID: rowID,
                        ClassificationRecord(
                            verdict: Verdict(classifiedAs: issue), confidence: confidence, modelVersion: Int(model),
                            classifiedAt: at), current: current))
            }
        }
        try session.forEachRow("SELECT * FROM label ORDER BY id") { try body(.label(try Self.label(from: $0))) }
        try session.forEachRow("SELECT ticket_id, issue, file, notified_at FROM notification ORDER BY ticket_id, issue")
        {
            let (rowID, issue, file, at) = try $0.decode((Int64, String, String, Int64).self)
            try body(.notification(ticketRowID: rowID, issue: issue, file: file, notifiedAt: at))
        }
    }

    /// Tickets go in with `COPY`, the rest as arrays unnested into their tables.
    func load(_ records: [StoreRecord]) throws {
        var tickets = ""
        var words = Set<String>()
        var history: [(Int64, ClassificationRecord, Bool)] = []
        var labels: [Label] = []
        var marks: [(Int64, String, String, Int64)] = []
        var models: [ModelRecord] = []
        var overflow: [(file: String, origin: Int64?, count: Int)] = []
        var rejects: [(reject: RejectedRecord, at: Int64, origin: Int64?)] = []
        for record in records {
            switch record {
            case .ticket(let stored):
                let r = stored.ticket.record
                let form = StoredForm(r)
                let ticketWords = indexWords(of: r)
                words.formUnion(ticketWords.lazy.filter { !Self.isNumber($0) })
                let fields: [String?] = [
                    String(stored.ticket.rowID), r.source, r.externalID, String(r.createdAt), r.subject, r.description,
                    r.requesterRole, r.province, r.channel, r.status, form.tagsJSON, form.extraJSON,
                    String(form.contentHash), String(form.textHash), stored.needsClassification ? "t" : "f",
                    String(stored.ticket.ingestedAt), String(stored.ticket.updatedAt),
                    stored.originFile.map(String.init),
                    stored.originPosition.map(String.init), ticketWords.sorted().joined(separator: " "),
                    form.requesterKey.map(String.init), form.sketch.map { Self.byteaText($0.data) },
                    stored.ticket.duplicateOf.map(String.init),
                ]
                tickets += fields.map(Self.copyField).joined(separator: "\t") + "\n"
            case .model(let model):
                models.append(model)
            case .reject(let reject, let at, let origin):
                rejects.append((reject, at, origin))
            case .rejectsNotKept(let file, let origin, let count):
                overflow.append((file, origin, count))
            case .classification(let rowID, let classification, let current):
                history.append((rowID, classification, current))
            case .label(let label):
                labels.append(label)
            case .notification(let rowID, let issue, let file, let at):
                marks.append((rowID, issue, file, at))
            }
        }
        try session.transaction {
            _ = try Self.countTicketWrite(session)
            for model in models { try insert(model) }
            for (file, origin, count) in overflow {
                try session.run(
                    """
                    INSERT INTO reject_overflow (origin, file, count)
                    VALUES (\(StoredOrigin.column(origin)), \(file), \(Int64(count)))
                    """)
            }
            if !tickets.isEmpty {
                try session.copy(
                    into: "ticket",
                    columns: [
                        "id", "source", "external_id", "created_at", "subject", "description", "requester_role",
                        "province", "channel", "status", "tags", "extra", "content_hash", "text_hash",
                        "needs_classification", "ingested_at", "updated_at", "origin_file", "origin_position", "words",
                        "requester_key", "sketch", "duplicate_of",
                    ], text: tickets)
                try session.run(
                    "INSERT INTO vocabulary (term) SELECT unnest(\(Array(words))::text[]) ON CONFLICT DO NOTHING")
            }
            try insertRejects(rejects)
            for current in [false, true] {
                let rows = history.filter { $0.2 == current }
                guard !rows.isEmpty else { continue }
                try session.run(
                    PostgresQuery(
                        unsafeSQL: """
                            INSERT INTO \(current ? "classification" : "classification_log")
                                (ticket_id, issue, confidence, model_version, classified_at)
                            SELECT id, nullif(issue, ''), confidence, model, at
                            FROM unnest($1::bigint[], $2::text[], $3::float8[], $4::bigint[], $5::bigint[])
                                AS u(id, issue, confidence, model, at)
                            """,
                        binds: Self.bindings(
                            rows.map(\.0), rows.map { $0.1.verdict.issueID ?? "" }, rows.map(\.1.confidence),
                            rows.map { Int64($0.1.modelVersion) }, rows.map(\.1.classifiedAt))))
            }
            if !labels.isEmpty {
                try session.run(
                    """
                    INSERT INTO label (ticket_id, issue, action, agent, note, labeled_at)
                    SELECT id, nullif(issue, ''), action, agent, nullif(note, ''), at
                    FROM unnest(\(labels.map(\.ticketRowID))::bigint[], \(labels.map { $0.verdict.issueID ?? "" })::text[],
                        \(labels.map(\.action.rawValue))::text[], \(labels.map(\.agent))::text[],
                        \(labels.map { $0.note ?? "" })::text[], \(labels.map(\.labeledAt))::bigint[])
                        AS u(id, issue, action, agent, note, at)
                    """)
                try session.run(
                    """
                    UPDATE ticket SET labeled = id IN (\(unescaped: Label.standingSQL))
                    WHERE id = ANY(\(labels.map(\.ticketRowID)))
                    """)
            }
            if !marks.isEmpty {
                try session.run(
                    """
                    INSERT INTO notification (ticket_id, issue, file, notified_at)
                    SELECT * FROM unnest(\(marks.map(\.0))::bigint[], \(marks.map(\.1))::text[],
                        \(marks.map(\.2))::text[], \(marks.map(\.3))::bigint[])
                    """)
            }
            for (sequence, table, column) in [
                ("ticket_id_seq", "ticket", "id"), ("model_version_seq", "model", "version"),
                ("label_id_seq", "label", "id"), ("classification_log_id_seq", "classification_log", "id"),
                ("reject_id_seq", "reject", "id"),
            ] {
                try session.run(
                    PostgresQuery(
                        unsafeSQL:
                            "SELECT setval('\(sequence)', coalesce((SELECT max(\(column)) FROM \(table)), 0) + 1, false)"
                    ))
            }
        }
        knownWords.withLock { $0.formUnion(words) }
    }

    func erase() throws {
        try session.transaction {
            _ = try Self.countTicketWrite(session)
            try session.run(
                """
                TRUNCATE notification, label, classification_log, classification, model, reject, reject_overflow,
                    vocabulary, search_term, ticket RESTART IDENTITY CASCADE
                """)
        }
        knownWords.withLock { $0.removeAll() }
        requesterMemory.withLock { $0 = nil }
    }

    /// Parameters for a query written with `$1`, `$2`… in that order.
    static func bindings(_ values: any PostgresDynamicTypeEncodable...) -> PostgresBindings {
        var bindings = PostgresBindings()
        for value in values { bindings.append(value) }
        return bindings
    }
}
