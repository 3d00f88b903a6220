import IndonesianText

/// Finding and reading stored tickets: full-text search, the newest, one ticket with its history.
public struct TicketBrowser: Sendable {
    /// Where the tickets are.
    public let store: any TicketLookup
    private let pipeline = TextPipeline.shared

    /// A browser over a store.
    public init(store: any TicketLookup) { self.store = store }

    /// A browser over a workspace's store (which must exist).
    public init(_ workspace: Workspace) throws { self.init(store: try workspace.lookupStore()) }

    /// Stored tickets, newest first, a page at a time.
    public func newest(limit: Int, offset: Int) async throws -> [Ticket] {
        try await store.tickets(limit: limit, offset: offset)
    }

    /// Tickets with every word of the query in some form, best match first: a word stands for
    /// every indexed word with the same stem ("mengirimkan" finds "kirim", "dikirim", "kiriman";
    /// "tdk" finds "tidak").
    /// A query that is a ticket's help-desk id (`PB-0002960`) finds that ticket first.
    public func search(_ query: String, limit: Int) async throws -> [SearchHit] {
        let id = query.trimmed
        let byID =
            id.isEmpty || id.contains(" ")
            ? []
            : try await store.tickets(externalID: id).prefix(limit).map {
                SearchHit(ticket: $0, snippet: "id tiket \($0.record.externalID)")
            }
        // Every word must be found: a repeated one asks nothing more, and each costs a lookup.
        var terms: [String] = []
        for term in words(in: query) where !terms.contains(term) { terms.append(term) }
        guard !terms.isEmpty else {
            if !byID.isEmpty { return byID }
            throw QueryError.noSearchableWords(query)
        }
        guard terms.count <= Self.maximumWords else { throw QueryError.tooManyWords(terms.count) }
        let found = try await store.search(
            terms, stems: { [pipeline] in Self.stems(of: $0, pipeline) }, limit: limit)
        let shown = Set(byID.map(\.ticket.rowID))
        return Array((byID + found.filter { !shown.contains($0.ticket.rowID) }).prefix(limit))
    }

    /// Different words a query may hold: more is a pasted ticket, not a search.
    public static let maximumWords = 32

    /// The stems a word stands for in search: its normalised, stemmed words (chat spellings
    /// expand, "guru2" is "guru"). Numbers stand for themselves, never for a placeholder: a
    /// search for one NIK must not find every NIK.
    static func stems(of word: String, _ pipeline: TextPipeline) -> [String] {
        let stems = pipeline.analyze(word).filter { $0.kind == .word || $0.kind == .term }.map(\.text)
        return stems.isEmpty ? [word] : stems
    }

    /// What was decided about a ticket: the agent's label that stands, else its newest
    /// classification (nil: neither yet), and whether an agent decided it.
    public func decision(of ticket: Ticket) async throws -> (verdict: Verdict?, labelled: Bool) {
        if let label = try await store.labels(ofTicket: ticket.rowID).standing { return (label.verdict, true) }
        return (try await store.classificationHistory(ofTicket: ticket.rowID).last?.verdict, false)
    }

    /// The stored tickets with this help-desk id (in `source` when given), each with its
    /// classifications and labels; throws when there is none.
    public func show(_ id: String, source: String?) async throws -> [TicketHistory] {
        let tickets = try await store.tickets(externalID: id).filter { source == nil || $0.record.source == source }
        guard !tickets.isEmpty else { throw ServiceError.ticketNotFound(id: id, source: source) }
        var histories: [TicketHistory] = []
        for ticket in tickets {
            histories.append(
                TicketHistory(
                    ticket: ticket, classifications: try await store.classificationHistory(ofTicket: ticket.rowID),
                    labels: try await store.labels(ofTicket: ticket.rowID)))
        }
        return histories
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
