import Foundation
import IndonesianText

/// Finding the stored tickets most like one ticket or one text: what colleagues decided for a
/// ticket like this before.
///
/// Two steps, so a lookup costs the same at a thousand tickets and at a million:
/// 1. **Candidates** from the store's word index: the newest tickets holding all of the text's
///    three rarest telling words held by at least three other tickets (then any two, then any
///    one, while too few are found), and last the tickets holding one of its words that only one
///    or two others hold (a name, a typo: a near copy of the same request). Words that say
///    nothing about a problem (greetings, pronouns, politeness: `FillerWords`) and numbers are
///    never used.
/// 2. **Ranking** of those candidates here, by BM25F over the same normalised, stemmed words the
///    classifier reads, the subject weighted twice the description; copies of the same request
///    (see `Duplicates`) come first. A word is rarer the fewer
///    tickets hold it, counted up to `wordCountCap`. The score is relative to the text's own:
///    1 is the same words in the same measure.
///
/// The ranking is done once, here, so the backends give the same answer whenever they count the
/// words alike: SQLite counts every word (up to the cap); PostgreSQL takes its most common words'
/// counts from its statistics, so on a large store their weights, and rarely an answer, can
/// differ (at a million tickets, 300 lookups of 300 were the same: README, bench-similar).
public struct SimilarTickets: Sendable {
    /// Where the tickets are.
    public let store: any TicketLookup
    private let pipeline: TextPipeline

    /// A finder over a store (the console makes one for each page; the process's pipeline
    /// keeps the stems of the words seen).
    public init(store: any TicketLookup, pipeline: TextPipeline = .shared) {
        self.store = store
        self.pipeline = pipeline
    }

    /// A finder over a workspace's store (which must exist).
    public init(_ workspace: Workspace) throws { self.init(store: try workspace.lookupStore()) }

    /// Counts of a word beyond this are "common" alike: the count stays cheap to take.
    public static let wordCountCap = 5000
    /// Candidates read from each query of the word index.
    static let candidatesPerQuery = 100
    /// Words searched together at most (all must be in a candidate).
    static let wordsTogether = 3
    /// A word held by fewer tickets than this (a name, a typo) does not find candidates.
    static let minimumWordCount = 3
    /// Below this score a ticket is not called similar.
    public static let minimumScore = 0.15

    /// The tickets most like a stored ticket (other than itself), best first.
    public func similar(to ticket: Ticket, limit: Int) async throws -> [SimilarTicket] {
        try await similar(text: ticket.record.subject, ticket.record.description, excluding: ticket, limit: limit)
    }

    /// The stored tickets most like a text, best first: its first line is read as the subject.
    public func similar(toText text: String, limit: Int) async throws -> [SimilarTicket] {
        let lines = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
        let subject = lines.count > 1 ? String(lines[0]) : ""
        let description = lines.count > 1 ? String(lines[1]) : text
        return try await similar(text: subject, description, excluding: nil, limit: limit)
    }

    private func similar(text subject: String, _ description: String, excluding ticket: Ticket?, limit: Int)
        async throws -> [SimilarTicket]
    {
        let excluding = ticket?.rowID
        let forms = Self.indexForms(of: subject + " " + description, pipeline)
        // A text typed to look for has to say something; a stored ticket may not.
        if forms.isEmpty && ticket == nil {
            throw QueryError.noSearchableWords(subject.isEmpty ? description : subject + "\n" + description)
        }
        let counts = try await store.wordCounts(Array(forms.keys), cap: Self.wordCountCap)
        // The ticket itself is among the holders of its own words.
        let own = excluding == nil ? 0 : 1
        let held = forms.keys.filter { (counts[$0] ?? 0) - own >= 1 }.sorted { (counts[$0]!, $0) < (counts[$1]!, $1) }
        let telling = held.filter { counts[$0]! - own >= Self.minimumWordCount }
        // Words only one or two other tickets hold (a name, a typo, a school) find near copies:
        // searched alone, last.
        let rare = held.filter { counts[$0]! - own < Self.minimumWordCount }.prefix(Self.wordsTogether).map { [$0] }
        var candidates: [Int64: Ticket] = [:]
        for words in Self.searches(Array(telling.prefix(Self.wordsTogether))) + rare {
            guard candidates.count < Self.candidatesPerQuery else { break }
            // Once some are found, words held by thousands of tickets alone add only the newest of
            // them, at the cost of reading their whole lists (a GIN bitmap on PostgreSQL).
            if !candidates.isEmpty && words.count == 1 && counts[words[0]]! - own >= Self.wordCountCap - 1 { continue }
            let found = try await store.newestTickets(
                containing: words, excluding: excluding, limit: Self.candidatesPerQuery)
            for ticket in found { candidates[ticket.rowID] = ticket }
        }
        let query = Document(subject: subject, description: description, pipeline)
        var rarity: [String: Double] = [:]
        for (form, stem) in forms where stem != "" {
            let count = max(1, (counts[form] ?? 0) - own)
            rarity[stem] = max(rarity[stem] ?? 0, Self.rarity(count))
        }
        // A stem the text's words did not give alone (a chat spelling expanded in context) counts as common.
        for stem in query.frequencies.keys where rarity[stem] == nil { rarity[stem] = Self.rarity(Self.wordCountCap) }
        // In row order, so the average length is the same sum in every process.
        let documents = candidates.values.sorted { $0.rowID < $1.rowID }.map {
            ($0, Document(subject: $0.record.subject, description: $0.record.description, pipeline))
        }
        let averageLength = (documents.map(\.1.length).reduce(0, +) + query.length) / Double(documents.count + 1)
        // The query's stems in order, so every score is the same sum in every process (a
        // dictionary's order changes from one process to the next, and with it the last bits of
        // a sum, which decide between tickets that tie).
        let stems = query.frequencies.keys.sorted()
        let best = query.score(of: stems, rarity: rarity, averageLength: averageLength)
        guard best > 0 else { return [] }
        let ranked = documents.map { found, document in
            (
                ticket: found,
                score: min(1, document.score(of: stems, rarity: rarity, averageLength: averageLength) / best),
                sameRequest: ticket.map { Self.sameRequest($0, found) } ?? false
            )
        }
        .filter { $0.score >= Self.minimumScore }
        // Copies of the same request first: what was decided for it is the answer.
        .sorted { a, b in
            a.sameRequest != b.sameRequest ? a.sameRequest : (a.score, a.ticket.rowID) > (b.score, b.ticket.rowID)
        }
        .prefix(limit)
        var results: [SimilarTicket] = []
        for (similar, score, sameRequest) in ranked {
            let label = try await store.labels(ofTicket: similar.rowID).standing
            let classification = try await store.classificationHistory(ofTicket: similar.rowID).last
            results.append(
                SimilarTicket(
                    ticket: similar, score: score,
                    verdict: Verdict.decided(label: label?.verdict, classification: classification?.verdict),
                    labeled: label != nil, duplicate: sameRequest))
        }
        return results
    }

    /// Whether two tickets are copies of one request: one repeats the other, or both the same first.
    static func sameRequest(_ a: Ticket, _ b: Ticket) -> Bool {
        (a.duplicateOf ?? a.rowID) == (b.duplicateOf ?? b.rowID)
    }

    /// The word searches candidates come from, while too few are found: all the words together,
    /// then every smaller group, larger groups first (so a word misspelt in a near copy does not
    /// keep it out).
    static func searches(_ words: [String]) -> [[String]] {
        var groups: [[String]] = [[]]
        for word in words { groups += groups.map { $0 + [word] } }
        return groups.filter { !$0.isEmpty }.sorted { $0.count > $1.count }
    }

    /// How telling a word held by `count` tickets is (BM25's inverse document frequency, with the
    /// cap standing for the collection).
    static func rarity(_ count: Int) -> Double {
        log(1 + Double(wordCountCap) / Double(count))
    }

    /// The text's index words (as the store indexes them) that may find candidates, each with its
    /// stem: no numbers, no filler words.
    static func indexForms(of text: String, _ pipeline: TextPipeline) -> [String: String] {
        var forms: [String: String] = [:]
        for word in words(in: text) {
            let form = indexWord(word)
            guard forms[form] == nil else { continue }
            guard !form.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { continue }
            let stems = TicketBrowser.stems(of: form, pipeline).filter { !FillerWords.stems.contains($0) }
            forms[form] = stems.count == 1 ? stems[0] : ""
            if stems.isEmpty { forms[form] = nil }
        }
        return forms
    }

    /// A text as ranking reads it: how often each stem occurs, the subject's occurrences weighted.
    struct Document {
        static let subjectWeight = 2.0
        static let k1 = 1.2
        static let b = 0.75

        var frequencies: [String: Double] = [:]
        var length = 0.0

        init(subject: String, description: String, _ pipeline: TextPipeline) {
            for (text, weight) in [(subject, Self.subjectWeight), (description, 1.0)] {
                for token in pipeline.analyze(text) where token.kind == .word || token.kind == .term {
                    length += weight
                    guard !FillerWords.stems.contains(token.text) else { continue }
                    frequencies[token.text, default: 0] += weight
                }
            }
        }

        /// BM25F of this document for the query's stems, added up in their order.
        func score(of stems: [String], rarity: [String: Double], averageLength: Double) -> Double {
            var total = 0.0
            let norm = Self.k1 * (1 - Self.b + Self.b * length / max(averageLength, 1))
            for stem in stems {
                guard let frequency = frequencies[stem], let weight = rarity[stem] else { continue }
                total += weight * frequency * (Self.k1 + 1) / (frequency + norm)
            }
            return total
        }
    }
}

/// A stored ticket found like another, with what was decided about it.
public struct SimilarTicket: Sendable {
    /// The ticket.
    public var ticket: Ticket
    /// How alike, from 0 to 1 (the same words in the same measure).
    public var score: Double
    /// What it was decided to be: its latest label, else its classification; nil when neither.
    public var verdict: Verdict?
    /// Whether an agent labelled it.
    public var labeled: Bool
    /// Whether it and the ticket looked up are copies of one request (the same requester
    /// writing again: one is marked a duplicate of the other, or both of the same first).
    public var duplicate: Bool

    /// What was decided, as agents read it: "label agen: …", "klasifikasi: …"; `title` names an issue.
    public func decision(title: (String) -> String?) -> String {
        switch verdict {
        case .known(let id): (labeled ? "label agen: " : "klasifikasi: ") + (title(id) ?? id)
        case .outOfScope: "label agen: di luar cakupan"
        case .unknown: "klasifikasi: isu tidak dikenal"
        case nil: "belum diklasifikasi"
        }
    }

    /// The score with two decimals and a decimal comma, as agents read numbers ("0,87").
    public var scoreText: String { decimal(score, places: 2) }

    /// A similar ticket.
    public init(ticket: Ticket, score: Double, verdict: Verdict?, labeled: Bool, duplicate: Bool = false) {
        self.ticket = ticket
        self.score = score
        self.verdict = verdict
        self.labeled = labeled
        self.duplicate = duplicate
    }
}
