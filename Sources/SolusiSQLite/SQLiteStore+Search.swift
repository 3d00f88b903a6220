import GRDB
import SolusiKit

/// Full-text search over subject and description (FTS5). The stems of the index's words are
/// recorded in `search_term`, so a query word finds every indexed form with the same stem.
extension SQLiteStore {
    func search(_ words: [String], stems: @escaping @Sendable (String) -> [String], limit: Int) async throws
        -> [SearchHit]
    {
        try await recordStems(stems)
        return try await pool.read { db in
            var groups: [String] = []
            for word in words {
                var forms = Set([word])
                for stem in Set(stems(word)) {
                    forms.formUnion(
                        try String.fetchAll(db, sql: "SELECT term FROM search_term WHERE stem = ?", arguments: [stem]))
                }
                groups.append("(" + forms.sorted().map { "\"\($0)\"" }.joined(separator: " OR ") + ")")
            }
            guard !groups.isEmpty, let pattern = try? FTS5Pattern(rawPattern: groups.joined(separator: " AND ")) else {
                return []
            }
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT ticket.*, snippet(ticket_fts, -1, '[', ']', '…', 16) AS snippet
                    FROM ticket_fts JOIN ticket ON ticket.id = ticket_fts.rowid
                    WHERE ticket_fts MATCH ? ORDER BY rank LIMIT ?
                    """,
                arguments: [pattern, limit])
            return rows.map { SearchHit(ticket: Self.ticket(from: $0), snippet: $0["snippet"]) }
        }
    }

    /// Stems the words the full-text index has that `search_term` does not know yet (after an
    /// ingest: only the new ones). Reading the index's vocabulary takes a while on a big store,
    /// so it is skipped when no ticket was added or changed since the last time.
    private func recordStems(_ stems: @escaping @Sendable (String) -> [String]) async throws {
        try await pool.write { db in
            let now = try Row.fetchOne(db, sql: "SELECT count(*), coalesce(max(updated_at), 0) FROM ticket")!
            let state = try Row.fetchOne(db, sql: "SELECT tickets, last_change FROM search_term_state WHERE id = 1")
            if let state, state[0] as Int64 == now[0] as Int64, state[1] as Int64 == now[1] as Int64 { return }
            let fresh = try String.fetchAll(
                db,
                sql: """
                    SELECT term FROM ticket_fts_vocabulary
                    WHERE term NOT IN (SELECT term FROM search_term)
                    """)
            let insert = try db.cachedStatement(sql: "INSERT OR IGNORE INTO search_term (term, stem) VALUES (?, ?)")
            for term in fresh {
                for stem in Set(stems(term)) { try insert.execute(arguments: [term, stem]) }
            }
            try db.execute(
                sql: "INSERT OR REPLACE INTO search_term_state (id, tickets, last_change) VALUES (1, ?, ?)",
                arguments: [now[0] as Int64, now[1] as Int64])
        }
    }
}

/// What similar tickets are found from: how common a word is, and the newest tickets holding
/// a few words.
extension SQLiteStore {
    func wordCounts(_ words: [String], cap: Int) async throws -> [String: Int] {
        try await pool.read { db in
            // Counting stops at the cap: the vocabulary table would read a common word's whole
            // list of tickets (11 ms for one held by 300,000 of a million; 0.4 ms capped at 5,000).
            let count = try db.cachedStatement(
                sql: "SELECT count(*) FROM (SELECT rowid FROM ticket_fts WHERE ticket_fts MATCH ? LIMIT ?)")
            var counts: [String: Int] = [:]
            for word in Set(words) {
                counts[word] = try Int.fetchOne(count, arguments: [Self.ftsPhrase(word), cap]) ?? 0
            }
            return counts
        }
    }

    func newestTickets(containing words: [String], excluding: Int64?, limit: Int) async throws -> [Ticket] {
        guard !words.isEmpty else { return [] }
        guard let pattern = try? FTS5Pattern(rawPattern: words.map(Self.ftsPhrase).joined(separator: " AND ")) else {
            return []
        }
        return try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT ticket.* FROM ticket_fts JOIN ticket ON ticket.id = ticket_fts.rowid
                    WHERE ticket_fts MATCH ? AND ticket_fts.rowid <> ? ORDER BY ticket_fts.rowid DESC LIMIT ?
                    """,
                arguments: [pattern, excluding ?? 0, limit]
            ).map(Self.ticket(from:))
        }
    }

    /// A word as an FTS5 phrase of its own, quoted, so no word is read as FTS5 syntax.
    static func ftsPhrase(_ word: String) -> String {
        "\"" + word.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
