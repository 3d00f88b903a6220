import IndonesianText

/// Finding and reading stored tickets: full-text search, the newest, one ticket with its history.
public struct TicketBrowser {
    /// Where the tickets are.
    public let store: any TicketStore
    private let pipeline = TextPipeline()

    /// A browser over a store.
    public init(store: any TicketStore) { self.store = store }

    /// Tickets with every word of the query in some form, best match first: a word stands for
    /// every indexed word with the same stem ("mengirimkan" finds "kirim", "dikirim", "kiriman";
    /// "tdk" finds "tidak").
    public func search(_ query: String, limit: Int) throws -> [SearchHit] {
        // Every word must be found: a repeated one asks nothing more, and each costs a lookup.
        var terms: [String] = []
        for term in words(in: query) where !terms.contains(term) { terms.append(term) }
        guard !terms.isEmpty else { throw QueryError.noSearchableWords(query) }
        guard terms.count <= Self.maximumWords else { throw QueryError.tooManyWords(terms.count) }
        return try store.search(terms, stems: stems(of:), limit: limit)
    }

    /// Different words a query may hold: more is a pasted ticket, not a search.
    public static let maximumWords = 32

    /// The stems a word stands for in search: its normalised, stemmed words (chat spellings
    /// expand, "guru2" is "guru"). Numbers stand for themselves, never for a placeholder: a
    /// search for one NIK must not find every NIK.
    func stems(of word: String) -> [String] {
        let stems = pipeline.analyze(word).filter { $0.kind == .word || $0.kind == .term }.map(\.text)
        return stems.isEmpty ? [word] : stems
    }

    /// The stored tickets with this help-desk id (in `source` when given), each with its
    /// classifications and labels; throws when there is none.
    public func show(_ id: String, source: String?) throws -> [TicketHistory] {
        let tickets = try store.tickets(externalID: id).filter { source == nil || $0.record.source == source }
        guard !tickets.isEmpty else { throw ServiceError.ticketNotFound(id: id, source: source) }
        return try tickets.map {
            TicketHistory(
                ticket: $0, classifications: try store.classificationHistory(ofTicket: $0.rowID),
                labels: try store.labels(ofTicket: $0.rowID))
        }
    }
}

/// A ticket with everything that was decided about it.
public struct TicketHistory: Sendable {
    /// The ticket.
    public var ticket: Ticket
    /// Its classifications, oldest first.
    public var classifications: [ClassificationRecord]
    /// Its labels, oldest first.
    public var labels: [Label]
}

/// A failure of a query the user typed.
public enum QueryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The query has no letters or digits.
    case noSearchableWords(String)
    /// The query holds more different words than a search takes.
    case tooManyWords(Int)

    /// The message, in Bahasa Indonesia.
    public var description: String {
        switch self {
        case .noSearchableWords(let query):
            return
                "Kueri \"\(query)\" tidak berisi kata yang bisa dicari. Gunakan huruf atau angka, mis. solusi search \"sinkron PMM\"."
        case .tooManyWords(let count):
            return
                "Kueri berisi \(count) kata berbeda; paling banyak \(TicketBrowser.maximumWords). Cari dengan beberapa kata khas saja, mis. solusi search \"sinkron PMM\"."
        }
    }
}
