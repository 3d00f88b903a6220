import Foundation
import IndonesianText
import PostgresNIO
import SolusiKit

/// Storing batches: each is sent with `COPY` into a staging table and applied with two set-wise
/// statements (insert the new, update the changed), all in one transaction, so a killed ingest
/// leaves whole batches only and running it again stores exactly the rest.
extension PostgresStore {
    static let stagingColumns = [
        "pos", "source", "external_id", "created_at", "subject", "description", "requester_role", "province",
        "channel", "status", "tags", "extra", "content_hash", "text_hash", "words", "requester_key", "sketch",
    ]

    /// A batch as COPY will send it, made on the reading thread.
    struct PreparedBatch: Sendable {
        /// The first copy of each ticket goes set-wise; a repeat of the same ticket in the batch
        /// after it, one by one, as SQLite does, so the counts and the winner are the same.
        var first: [Int] = []
        var repeats: [Int] = []
        /// The index words, joined by spaces, of each repeat (the first copies' are in `rows`).
        var words: [Int: String] = [:]
        /// The words search may need stems of: all but numbers.
        var allWords = Set<String>()
        /// The first copies as COPY's text format.
        var rows = ""
        /// Whether any ticket has a requester key (else no duplicates to decide).
        var hasRequesters = false

        init(_ batch: IngestBatch) {
            var seen = Set<String>()
            for (index, ticket) in batch.tickets.enumerated() {
                if seen.insert(ticket.source + "\u{1}" + ticket.externalID).inserted {
                    first.append(index)
                } else {
                    repeats.append(index)
                }
            }
            func joinedWords(_ index: Int) -> String {
                let ticketWords = indexWords(of: batch.tickets[index])
                allWords.formUnion(ticketWords.lazy.filter { !PostgresStore.isNumber($0) })
                return ticketWords.sorted().joined(separator: " ")
            }
            for index in repeats { words[index] = joinedWords(index) }
            hasRequesters = batch.storedForms.contains { $0.requesterKey != nil }
            for index in first {
                let ticket = batch.tickets[index]
                let form = batch.storedForms[index]
                let fields: [String?] = [
                    String(batch.positions[index]), ticket.source, ticket.externalID, String(ticket.createdAt),
                    ticket.subject, ticket.description, ticket.requesterRole, ticket.province, ticket.channel,
                    ticket.status, form.tagsJSON, form.extraJSON, String(form.contentHash), String(form.textHash),
                    joinedWords(index), form.requesterKey.map(String.init),
                    form.sketch.map { PostgresStore.byteaText($0.data) },
                ]
                rows += fields.map(PostgresStore.copyField).joined(separator: "\t") + "\n"
            }
        }
    }

    func prepare(_ batch: inout IngestBatch) {
        batch.prepared = PreparedBatch(batch)
    }

    func store(_ batch: IngestBatch) throws -> IngestCounts {
        let now = clock.now
        var counts = IngestCounts()
        let prepared = batch.prepared as? PreparedBatch ?? PreparedBatch(batch)
        let first = prepared.first
        let repeats = prepared.repeats
        let words = prepared.words
        let rows = prepared.rows
        var newWords = prepared.allWords
        newWords = knownWords.withLock { known in newWords.subtracting(known) }
        // Unchanged tickets stored before requesters were recognised, given their key now.
        var keyed: [Int64] = []
        // The new tickets with a requester, to be decided.
        var deciding: [RequesterMemory.Deciding] = []
        // Taken out: kept only when the batch is stored.
        let remembered = requesterMemory.withLock { memory in
            defer { memory = nil }
            return memory
        }
        var memory: RequesterMemory?
        try session.transaction {
            let writes = try Self.countTicketWrite(session)
            // The batch's statements are planned as costly enough for the server to compile them
            // to machine code first, which took longer than running them: about 0.3 s a batch for
            // the one that decides duplicates, where it runs in 0.05 s.
            try session.run("SET LOCAL jit = off")
            if !first.isEmpty {
                try session.run(
                    """
                    CREATE TEMP TABLE IF NOT EXISTS staging (
                        pos BIGINT, source TEXT, external_id TEXT, created_at BIGINT, subject TEXT, description TEXT,
                        requester_role TEXT, province TEXT, channel TEXT, status TEXT, tags TEXT, extra TEXT,
                        content_hash BIGINT, text_hash BIGINT, words TEXT, requester_key BIGINT, sketch BYTEA)
                        ON COMMIT DELETE ROWS
                    """)
                try session.copy(into: "staging", columns: Self.stagingColumns, text: rows)
                let inserted = try session.rows(
                    """
                    INSERT INTO ticket (source, external_id, created_at, subject, description, requester_role, province,
                        channel, status, tags, extra, content_hash, text_hash, ingested_at, updated_at, origin_file,
                        origin_position, words, requester_key, sketch)
                    SELECT source, external_id, created_at, subject, description, requester_role, province, channel,
                        status, tags, extra, content_hash, text_hash, \(now), \(now), \(batch.origin)::bigint, pos, words,
                        requester_key, sketch
                    FROM staging ORDER BY pos
                    ON CONFLICT (external_id, source) DO NOTHING
                    RETURNING id, origin_position
                    """)
                counts.inserted = inserted.count
                if prepared.hasRequesters {
                    var index = [Int64: Int]()
                    for number in first where batch.storedForms[number].requesterKey != nil {
                        index[batch.positions[number]] = number
                    }
                    for row in inserted {
                        let (rowID, position) = try row.decode((Int64, Int64).self)
                        guard let number = index[position], let key = batch.storedForms[number].requesterKey else {
                            continue
                        }
                        let entry = Duplicates.Entry(
                            rowID: rowID, requester: key, createdAt: batch.tickets[number].createdAt,
                            sketch: batch.storedForms[number].sketch, duplicateOf: nil)
                        deciding.append((entry, false))
                    }
                }
                // A ticket stored from a later place in the same file is not overwritten by an earlier copy.
                counts.updated =
                    counts.inserted == first.count
                    ? 0
                    : try session.run(
                        """
                        UPDATE ticket t SET created_at = s.created_at, subject = s.subject, description = s.description,
                            requester_role = s.requester_role, province = s.province, channel = s.channel, status = s.status,
                            tags = s.tags, extra = s.extra, content_hash = s.content_hash, text_hash = s.text_hash,
                            needs_classification = t.needs_classification OR t.text_hash <> s.text_hash,
                            updated_at = \(now), origin_file = \(batch.origin)::bigint, origin_position = s.pos,
                            words = s.words, requester_key = s.requester_key, sketch = s.sketch
                        FROM staging s
                        WHERE t.source = s.source AND t.external_id = s.external_id AND t.content_hash <> s.content_hash
                            AND NOT coalesce(t.origin_file = \(batch.origin)::bigint AND t.origin_position > s.pos, FALSE)
                        """)
                counts.unchanged = first.count - counts.inserted - counts.updated
                counts.read = first.count
                // Stored before schema v5 (no requester key) and unchanged: the key and the sketch
                // are added, and the ticket is decided below like a new one.
                if counts.unchanged > 0 && prepared.hasRequesters {
                    keyed = try session.rows(
                        """
                        UPDATE ticket t SET requester_key = s.requester_key, sketch = s.sketch
                        FROM staging s
                        WHERE t.source = s.source AND t.external_id = s.external_id
                            AND t.content_hash = s.content_hash AND t.requester_key IS NULL
                            AND s.requester_key IS NOT NULL
                        RETURNING t.id
                        """
                    ).map { try $0.decode(Int64.self) }
                }
            }
            for index in repeats {
                counts.read += 1
                if try update(batch, index, words: words[index] ?? "", now: now) {
                    counts.updated += 1
                } else {
                    counts.unchanged += 1
                }
            }
            // Changed tickets are decided in the statement that reads their requesters and their
            // repeats, and what was remembered is forgotten; a batch of new tickets only, from
            // what is remembered (read once when someone else wrote since this writer last did).
            if counts.updated > 0 || !keyed.isEmpty {
                if prepared.hasRequesters { try markDuplicates(batch, now: now, keyed: keyed) }
            } else if prepared.hasRequesters {
                memory = try markDuplicates(deciding, remembered: remembered, writes: writes)
            } else if var remembered, remembered.version == writes - 1 {
                remembered.version = writes
                memory = remembered
            }
            if !newWords.isEmpty {
                try session.run(
                    "INSERT INTO vocabulary (term) SELECT unnest(\(Array(newWords))::text[]) ON CONFLICT DO NOTHING")
            }
            try keep(batch, now: now, counts: &counts)
        }
        knownWords.withLock { $0.formUnion(newWords) }
        requesterMemory.withLock { $0 = memory }
        return counts
    }

    /// Counts a transaction that writes tickets, and returns the count. Taking the row's lock
    /// makes other writers wait until this transaction ends.
    static func countTicketWrite(_ session: PostgresSession) throws -> Int64 {
        try session.rows("UPDATE ticket_writes SET count = count + 1 RETURNING count")[0].decode(Int64.self)
    }

    /// Decides which of a batch's new tickets repeat an earlier request of their requester and
    /// marks them (`RequesterMemory.decide`), from what this writer remembers when nobody else
    /// wrote since its last batch (`writes` is this batch's count); returns what to remember.
    private func markDuplicates(
        _ deciding: [RequesterMemory.Deciding], remembered: RequesterMemory?, writes: Int64
    ) throws -> RequesterMemory {
        let newInBatch = RequesterMemory.newInBatch(deciding)
        var memory = try RequesterMemory.current(remembered, version: writes - 1, newInBatch: newInBatch) {
            try session.rows(
                "SELECT requester_key, count(*) FROM ticket WHERE requester_key IS NOT NULL GROUP BY 1"
            ).map {
                let (key, tickets) = try $0.decode((Int64, Int64).self)
                return (key: key, tickets: Int(tickets))
            }
        }
        memory.version = writes
        func entries(_ rows: [PostgresRow]) throws -> [Duplicates.Entry] {
            try rows.map {
                let (key, rowID, createdAt, sketch, first) = try $0.decode((Int64, Int64, Int64, Data?, Int64?).self)
                return Duplicates.Entry(
                    rowID: rowID, requester: key, createdAt: createdAt, sketch: sketch.flatMap(Duplicates.Sketch.init),
                    duplicateOf: first)
            }
        }
        let changes = try memory.decide(
            deciding, moved: [], newInBatch: newInBatch,
            readRequesters: { keys in
                try entries(
                    session.rows(
                        """
                        SELECT requester_key, id, created_at, sketch, duplicate_of FROM ticket
                        WHERE requester_key = ANY(\(keys)::bigint[])
                        """))
            },
            readRepeats: { firsts in
                try entries(
                    session.rows(
                        """
                        SELECT 0::bigint, id, created_at, sketch, duplicate_of FROM ticket
                        WHERE duplicate_of = ANY(\(firsts)::bigint[])
                        """))
            })
        try mark(changes)
        return memory
    }

    /// Decides which of the batch's new and changed tickets (stored or changed at `now`, or just
    /// `keyed`) repeat an earlier request of their requester (see `Duplicates.decide`), for a
    /// batch that changed stored tickets: whose requester they had before is not known here, so
    /// nothing remembered is used. One statement reads each with its requester's tickets just
    /// before it (`Duplicates.neighbours` at most, through `ticket_requester`) and the tickets
    /// that repeat it: tickets alone in their window, most of them, come back as nothing, unless
    /// they were stored as a repeat (then decided again, as SQLite does).
    private func markDuplicates(_ batch: IngestBatch, now: Int64, keyed: [Int64]) throws {
        // Only tickets with a requester can repeat one: the others are not looked up.
        let withRequester = batch.tickets.indices.filter { batch.storedForms[$0].requesterKey != nil }
        let sources = withRequester.map { batch.tickets[$0].source }
        let ids = withRequester.map { batch.tickets[$0].externalID }
        var deciding = Set<Int64>()
        var entries: [Int64: Duplicates.Entry] = [:]
        let rows = try session.rows(
            """
            WITH batch AS (
                SELECT t.id, t.requester_key, t.created_at, t.sketch, t.duplicate_of FROM ticket t
                JOIN unnest(\(sources)::text[], \(ids)::text[]) AS b(source, external_id)
                    ON t.source = b.source AND t.external_id = b.external_id
                WHERE t.requester_key IS NOT NULL AND (t.updated_at = \(now) OR t.id = ANY(\(keyed)::bigint[])))
            SELECT t.*, c.* FROM batch t
            LEFT JOIN LATERAL (
                (SELECT c.id, c.created_at, c.sketch, c.duplicate_of FROM ticket c
                WHERE c.requester_key = t.requester_key
                    AND c.created_at BETWEEN t.created_at - \(Duplicates.window) AND t.created_at AND c.id <> t.id
                ORDER BY c.created_at DESC, c.id DESC LIMIT \(Duplicates.neighbours))
                UNION ALL
                SELECT c.id, c.created_at, c.sketch, c.duplicate_of FROM ticket c WHERE c.duplicate_of = t.id) c
                ON TRUE
            WHERE c.id IS NOT NULL OR t.duplicate_of IS NOT NULL
            """)
        for row in rows {
            let (rowID, key, createdAt, sketch, first, other, otherCreatedAt, otherSketch, otherFirst) =
                try row.decode((Int64, Int64, Int64, Data?, Int64?, Int64?, Int64?, Data?, Int64?).self)
            deciding.insert(rowID)
            entries[rowID] = Duplicates.Entry(
                rowID: rowID, requester: key, createdAt: createdAt, sketch: sketch.flatMap(Duplicates.Sketch.init),
                duplicateOf: first)
            if let other, let otherCreatedAt {
                entries[other] = Duplicates.Entry(
                    rowID: other, requester: key, createdAt: otherCreatedAt,
                    sketch: otherSketch.flatMap(Duplicates.Sketch.init), duplicateOf: otherFirst)
            }
        }
        try mark(Duplicates.decide(deciding, stored: Array(entries.values)))
    }

    /// Stores what `Duplicates.decide` changed.
    private func mark(_ changes: [(rowID: Int64, duplicateOf: Int64?)]) throws {
        guard !changes.isEmpty else { return }
        try session.run(
            """
            UPDATE ticket t SET duplicate_of = nullif(u.first, 0)
            FROM unnest(\(changes.map(\.rowID))::bigint[], \(changes.map { $0.duplicateOf ?? 0 })::bigint[]) AS u(id, first)
            WHERE t.id = u.id
            """)
    }

    /// A sketch as a `bytea` in COPY's text format (before COPY's own escaping).
    static func byteaText(_ data: Data) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = [0x5C, 0x78]  // \x
        text.reserveCapacity(2 + data.count * 2)
        for byte in data {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// A repeat of a ticket already stored in this batch: updated when its content changed and
    /// it does not come from an earlier place in the same file.
    private func update(_ batch: IngestBatch, _ index: Int, words: String, now: Int64) throws -> Bool {
        let ticket = batch.tickets[index]
        let form = batch.storedForms[index]
        let position = batch.positions[index]
        return try session.run(
            """
            UPDATE ticket t SET created_at = \(ticket.createdAt), subject = \(Self.clean(ticket.subject)),
                description = \(Self.clean(ticket.description)), requester_role = \(ticket.requesterRole),
                province = \(ticket.province), channel = \(ticket.channel), status = \(ticket.status),
                tags = \(form.tagsJSON), extra = \(form.extraJSON), content_hash = \(form.contentHash),
                text_hash = \(form.textHash), needs_classification = t.needs_classification OR t.text_hash <> \(form.textHash),
                updated_at = \(now), origin_file = \(batch.origin)::bigint, origin_position = \(position),
                words = \(words), requester_key = \(form.requesterKey), sketch = \(form.sketch?.data)
            WHERE t.source = \(ticket.source) AND t.external_id = \(ticket.externalID)
                AND t.content_hash <> \(form.contentHash)
                AND NOT coalesce(t.origin_file = \(batch.origin)::bigint AND t.origin_position > \(position), FALSE)
            """) > 0
    }

    /// Keeps the batch's rejects, and counts those only counted.
    func keep(_ batch: IngestBatch, now: Int64, counts: inout IngestCounts) throws {
        if batch.rejectsNotKept > 0, let file = batch.rejectsNotKeptFile {
            counts.read += batch.rejectsNotKept
            counts.rejected += batch.rejectsNotKept
            try session.run(
                """
                INSERT INTO reject_overflow (origin, file, count)
                VALUES (\(StoredOrigin.column(batch.origin)), \(file), \(batch.rejectsNotKept))
                ON CONFLICT (origin, file) DO UPDATE SET count = reject_overflow.count + excluded.count
                """)
        }
        counts.read += batch.rejects.count
        counts.rejected += batch.rejects.count
        try insertRejects(batch.rejects.map { ($0, now, batch.origin) })
    }

    /// Keeps rejects, each with when it was rejected and the identity of its file.
    func insertRejects(_ r: [(reject: RejectedRecord, at: Int64, origin: Int64?)]) throws {
        guard !r.isEmpty else { return }
        try session.run(
            """
            INSERT INTO reject (file, line, record, reason, raw, rejected_at, origin)
            SELECT f, l, nullif(n, -1), re, ra, a, o
            FROM unnest(\(r.map { Self.clean($0.reject.location.file) })::text[],
                \(r.map { Int64($0.reject.location.line) })::bigint[],
                \(r.map { Int64($0.reject.location.record ?? -1) })::bigint[],
                \(r.map { Self.clean($0.reject.reason) })::text[], \(r.map { Self.clean($0.reject.raw) })::text[],
                \(r.map(\.at))::bigint[], \(r.map { StoredOrigin.column($0.origin) })::bigint[])
                AS u(f, l, n, re, ra, a, o)
            """)
    }

    func forgetRejects(ofOrigin origin: Int64) throws {
        try session.transaction {
            try session.run("DELETE FROM reject WHERE origin = \(origin)")
            try session.run("DELETE FROM reject_overflow WHERE origin = \(origin)")
        }
    }

    func rejectsNotKept() throws -> [(file: String, count: Int)] {
        try session.rows("SELECT file, sum(count)::bigint AS count FROM reject_overflow GROUP BY file ORDER BY file")
            .map {
                let row = $0.makeRandomAccess()
                return (try row.value("file"), Int(try row.value("count", as: Int64.self)))
            }
    }

    func rejectCount() throws -> Int {
        Int(try session.rows(PostgresQuery(unsafeSQL: Self.rejectCount))[0].decode(Int64.self))
    }

    /// Rejects kept and rejects only counted.
    static let rejectCount =
        "SELECT (SELECT count(*) FROM reject) + (SELECT coalesce(sum(count), 0) FROM reject_overflow)::bigint"

    func rejects(limit: Int) throws -> [RejectedRecord] {
        try session.rows("SELECT * FROM reject ORDER BY file, line, id LIMIT \(limit)").map {
            let row = $0.makeRandomAccess()
            let record: Int64? = try row.value("record")
            return RejectedRecord(
                location: RecordLocation(
                    file: try row.value("file"), line: Int(try row.value("line", as: Int64.self)),
                    record: record.map(Int.init)),
                reason: try row.value("reason"), raw: try row.value("raw"))
        }
    }

    // MARK: Text

    /// PostgreSQL text cannot hold U+0000; it becomes U+FFFD.
    static func clean(_ text: String) -> String {
        text.utf8.contains(0) ? text.replacingOccurrences(of: "\u{0}", with: "\u{FFFD}") : text
    }

    /// A value in COPY's text format: backslash, tab, line breaks escaped; `\N` for NULL.
    static func copyField(_ value: String?) -> String {
        guard let value else { return "\\N" }
        guard value.utf8.contains(where: { $0 == 0x5C || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 == 0 }) else {
            return value
        }
        var out = ""
        out.reserveCapacity(value.utf8.count + 8)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\u{0}": out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
