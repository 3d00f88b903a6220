import Foundation
import IndonesianText
import PostgresNIO
import SolusiKit

/// Search: every query word must occur in some form. The store keeps the vocabulary of its
/// tickets and, once asked, each word's stems, so a word finds every form with a stem in common;
/// the ticket's `words` (space-separated, GIN-indexed as an array) are matched against those forms.
extension PostgresStore {
    func search(_ words: [String], stems: @escaping @Sendable (String) -> [String], limit: Int) async throws
        -> [SearchHit]
    {
        try await session.withConnection { link in
            try await Self.recordStems(stems, link)
            var groups: [[String]] = []
            for word in words.map(indexWord) {
                let wanted = Array(Set(stems(word)))
                // A number's only form is itself, so numbers stay out of the vocabulary.
                var forms = Set([word] + wanted.filter(Self.isNumber))
                forms.formUnion(
                    try await link.rows("SELECT term FROM search_term WHERE stem = ANY(\(wanted))").map {
                        try $0.decode(String.self)
                    })
                groups.append(forms.sorted())
            }
            guard !groups.isEmpty else { return [] }
            var query = PostgresQuery(unsafeSQL: "SELECT \(Self.ticketColumns) FROM ticket t WHERE TRUE")
            for group in groups {
                query.sql += " AND string_to_array(t.words, ' ') && $\(query.binds.count + 1)::text[]"
                query.binds.append(group)
            }
            query.sql += " ORDER BY t.created_at DESC, t.id DESC LIMIT \(limit)"
            return try await link.rows(query).map { row in
                let ticket = try Self.ticket(from: row.makeRandomAccess())
                return SearchHit(
                    ticket: ticket, snippet: Self.snippet(of: ticket.record, matching: Set(groups.joined())))
            }
        }
    }

    /// Stems the vocabulary's words that have none recorded yet (after an ingest: the new ones).
    private static func recordStems(_ stems: (String) -> [String], _ link: PostgresLink) async throws {
        let fresh = try await link.rows("SELECT term FROM vocabulary WHERE NOT stemmed").map {
            try $0.decode(String.self)
        }
        guard !fresh.isEmpty else { return }
        var terms: [String] = []
        var stemsOfTerms: [String] = []
        for term in fresh {
            for stem in Set(stems(term)) {
                terms.append(term)
                stemsOfTerms.append(stem)
            }
        }
        try await link.transaction {
            try await link.run(
                """
                INSERT INTO search_term (term, stem) SELECT * FROM unnest(\(terms)::text[], \(stemsOfTerms)::text[])
                ON CONFLICT DO NOTHING
                """)
            try await link.run("UPDATE vocabulary SET stemmed = TRUE WHERE term = ANY(\(fresh))")
        }
    }

    /// Whether a word is a number (ASCII digits only): it stands for itself alone in search.
    static func isNumber(_ word: String) -> Bool {
        !word.isEmpty && word.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// A short passage of the ticket around the first matched word, the matched words in `[` `]`,
    /// as SQLite's `snippet()` shows them (16 words at most).
    static func snippet(of ticket: TicketRecord, matching forms: Set<String>) -> String {
        for text in [ticket.subject, ticket.description] {
            let pieces = text.split(whereSeparator: { $0.isWhitespace })
            guard
                let hit = pieces.firstIndex(where: { piece in
                    words(in: String(piece)).contains { forms.contains(indexWord($0)) }
                })
            else { continue }
            let start = max(0, hit - 6)
            let end = min(pieces.count, start + 16)
            let shown = pieces[start..<end].map { piece -> String in
                words(in: String(piece)).contains { forms.contains(indexWord($0)) } ? "[\(piece)]" : String(piece)
            }
            return (start > 0 ? "…" : "") + shown.joined(separator: " ") + (end < pieces.count ? "…" : "")
        }
        return String(ticket.subject.prefix(80))
    }
}

/// What similar tickets are found from: how common a word is, and the newest tickets holding
/// a few words (both through the GIN index on the words).
extension PostgresStore {
    func wordCounts(_ words: [String], cap: Int) async throws -> [String: Int] {
        let distinct = Array(Set(words))
        guard !distinct.isEmpty else { return [:] }
        // A GIN index answers only with a whole bitmap: counting a word 300,000 tickets hold
        // takes longer than the cap saves. The words ANALYZE found most common are counted from
        // their share instead; the others, held by few tickets, through the index, which is then
        // quick. The estimates move near-equal scores a little: among tickets that are about
        // equally similar, the five shown can differ from SQLite's (20 of 100 lookups at 200,000
        // tickets). Counting every word estimated below twice the cap gave SQLite's answers for
        // all 100, at twice the time (30 ms against 15 a lookup).
        return try await session.withConnection { link in
            let common = try await commonWords(link)
            var counts: [String: Int] = [:]
            var rare: [String] = []
            for word in distinct {
                if let share = common.shares[word] {
                    counts[word] = min(cap, Int(share * common.tickets))
                } else {
                    rare.append(word)
                }
            }
            guard !rare.isEmpty else { return counts }
            let rows = try await link.rows(
                """
                SELECT w, (SELECT count(*) FROM (SELECT 1 FROM ticket t WHERE string_to_array(t.words, ' ') @> ARRAY[w]
                    LIMIT \(cap)) s)
                FROM unnest(\(rare)::text[]) w
                """)
            for row in rows {
                let (word, count) = try row.decode((String, Int64).self)
                counts[word] = Int(count)
            }
            return counts
        }
    }

    /// The statistics of the words index (`pg_stats` of the expression index `ticket_words`):
    /// read at most every ten minutes, since the view costs some 20 ms and changes with ANALYZE only.
    ///
    /// A table never analysed has none, and every word is then counted through the index: a
    /// lookup took 175–200 ms at 200,000 tickets right after a first ingest, until autovacuum
    /// came round. So the first lookup that finds no statistics at all has the table analysed
    /// (about 0.5 s at 200,000; a store without the right to do it counts through the index).
    private func commonWords(_ link: PostgresLink) async throws -> CommonWords {
        let now = clock.now
        if let known = commonWords.withLock({ $0 }), now - known.readAt < 600 { return known }
        let analysed =
            try await link.rows(
                """
                SELECT count(*) FROM pg_stats WHERE schemaname = current_schema() AND tablename = 'ticket_words'
                """
            ).first.map { try $0.decode(Int64.self) } ?? 0
        if analysed == 0 { _ = try? await link.run("ANALYZE ticket") }
        var shares: [String: Double] = [:]
        for row in try await link.rows(
            """
            SELECT e.word, e.share FROM pg_stats s,
                unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) AS e(word, share)
            WHERE s.schemaname = current_schema() AND s.tablename = 'ticket_words' AND e.word IS NOT NULL
            """)
        {
            let (word, share) = try row.decode((String, Float).self)
            shares[word] = Double(share)
        }
        let tickets =
            try await link.rows("SELECT greatest(reltuples, 0)::float8 FROM pg_class WHERE oid = 'ticket'::regclass")
            .first.map { try $0.decode(Double.self) } ?? 0
        let read = CommonWords(readAt: now, shares: shares, tickets: tickets)
        commonWords.withLock { $0 = read }
        return read
    }

    func newestTickets(containing words: [String], excluding: Int64?, limit: Int) async throws -> [Ticket] {
        guard !words.isEmpty else { return [] }
        return try await session.withConnection { link in
            try await link.rows(
                """
                SELECT \(unescaped: Self.ticketColumns) FROM ticket t
                WHERE string_to_array(t.words, ' ') @> \(words)::text[] AND t.id <> \(excluding ?? 0)
                ORDER BY t.id DESC LIMIT \(limit)
                """
            ).map { try Self.ticket(from: $0.makeRandomAccess()) }
        }
    }
}

/// The words ANALYZE found most common in the words index, with the share of tickets holding
/// each, and how many tickets the table held then.
struct CommonWords: Sendable {
    var readAt: Int64
    var shares: [String: Double]
    var tickets: Double
}
