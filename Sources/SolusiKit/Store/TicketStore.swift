import Foundation
import IndonesianText

/// What one ingest did, record by record. `read` is always the sum of the other four.
public struct IngestCounts: Sendable, Hashable, Codable {
    /// Records read.
    public var read = 0
    /// New tickets stored.
    public var inserted = 0
    /// Stored tickets whose content changed.
    public var updated = 0
    /// Stored tickets read again as they were.
    public var unchanged = 0
    /// Records that could not be stored.
    public var rejected = 0

    /// No records yet.
    public init() {}

    /// Adds the counts of another ingest.
    public static func += (lhs: inout IngestCounts, rhs: IngestCounts) {
        lhs.read += rhs.read
        lhs.inserted += rhs.inserted
        lhs.updated += rhs.updated
        lhs.unchanged += rhs.unchanged
        lhs.rejected += rhs.rejected
    }
}

/// Records to store together, in one transaction.
public struct IngestBatch: Sendable {
    /// The tickets, in file order.
    public private(set) var tickets: [TicketRecord] = []
    /// The stored form of each ticket, made when it is added: the reading thread does this work,
    /// not the writing one, which is the busier of the two.
    public private(set) var storedForms: [StoredForm] = []
    /// Where each ticket stands in its file (its record number), and which file that is: a
    /// ticket stored from a later place in the same file is not overwritten by an earlier copy.
    public private(set) var positions: [Int64] = []
    /// The file the batch came from (see `ByteStream.identity`); nil for a pipe or a terminal,
    /// which cannot be recognised when read again. Its rejects are kept under it.
    public var origin: Int64?
    /// The rejects kept in full.
    public var rejects: [RejectedRecord] = []
    /// Rejects of `rejectsNotKeptFile` only counted, not kept: a file with millions of bad lines
    /// must not fill the database.
    public var rejectsNotKept = 0
    /// The file those counted rejects came from.
    public var rejectsNotKeptFile: String?
    /// What the store made of the batch in `TicketStore.prepare`, on the reading thread.
    public var prepared: (any Sendable)?

    /// A batch; the tickets are numbered by their place in it.
    public init(tickets: [TicketRecord] = [], rejects: [RejectedRecord] = [], origin: Int64? = nil) {
        for (number, ticket) in tickets.enumerated() { append(ticket, position: Int64(number + 1)) }
        self.rejects = rejects
        self.origin = origin
    }

    /// Adds a ticket found at record `position` of its file.
    public mutating func append(_ ticket: TicketRecord, position: Int64) {
        tickets.append(ticket)
        storedForms.append(StoredForm(ticket))
        positions.append(position)
    }

    /// Whether the batch holds nothing.
    public var isEmpty: Bool { tickets.isEmpty && rejects.isEmpty && rejectsNotKept == 0 }
    /// Records in the batch, kept or only counted.
    public var count: Int { tickets.count + rejects.count + rejectsNotKept }
}

/// The columns of a ticket that are derived rather than copied.
public struct StoredForm: Sendable {
    /// The tags as a JSON array.
    public var tagsJSON: String
    /// The kept extra columns as a JSON object; nil when there are none.
    public var extraJSON: String?
    /// `TicketRecord.contentHash`.
    public var contentHash: Int64
    /// `TicketRecord.textHash`.
    public var textHash: Int64
    /// `Duplicates.requesterKey`.
    public var requesterKey: Int64?
    /// `Duplicates.sketch`, made only for a ticket with a requester key (no other is compared).
    public var sketch: Duplicates.Sketch?

    /// The derived columns of a ticket.
    public init(_ ticket: TicketRecord) {
        requesterKey = Duplicates.requesterKey(of: ticket)
        sketch = requesterKey == nil ? nil : Duplicates.sketch(of: ticket)
        tagsJSON = ticket.tags.isEmpty ? "[]" : "[" + ticket.tags.map(jsonString).joined(separator: ",") + "]"
        extraJSON =
            ticket.extra.isEmpty
            ? nil : jsonObject(ticket.extra.keys.sorted().map { ($0, jsonString(ticket.extra[$0]!)) })
        contentHash = ticket.contentHash
        textHash = ticket.textHash
    }
}

/// The counts `solusi status` shows.
public struct StoreCounts: Sendable, Hashable, Codable {
    /// Tickets stored.
    public var tickets: Int
    /// Records rejected.
    public var rejected: Int
    /// Tickets with a current classification, and how many of them are unknown.
    public var classified: Int
    /// Of the classified tickets, those about no known issue.
    public var unknown: Int
    /// Tickets an agent labelled (once each, however often relabelled).
    public var labeled: Int
    /// Tickets that repeat an earlier request of the same requester (see `Duplicates`).
    public var duplicates: Int
    /// Known issues in the knowledge base: a store does not count them (its copy of the
    /// knowledge base is for SQL users); `status` fills this in from the loaded one.
    public var issues: Int

    /// Counts.
    public init(
        tickets: Int, rejected: Int, classified: Int = 0, unknown: Int = 0, labeled: Int = 0, duplicates: Int = 0,
        issues: Int = 0
    ) {
        self.tickets = tickets
        self.rejected = rejected
        self.classified = classified
        self.unknown = unknown
        self.labeled = labeled
        self.duplicates = duplicates
        self.issues = issues
    }
}

/// A ticket found by full-text search, with the matching passage.
public struct SearchHit: Sendable, Hashable {
    /// The ticket found.
    public var ticket: Ticket
    /// A short passage around the match, the matched words wrapped in `[` `]`.
    public var snippet: String

    /// A hit.
    public init(ticket: Ticket, snippet: String) {
        self.ticket = ticket
        self.snippet = snippet
    }
}

/// A count per value of one ticket attribute (a day, a channel, a province…).
public struct Tally: Sendable, Hashable {
    /// The value; "" when the ticket has none.
    public var value: String
    /// Tickets with it.
    public var count: Int

    /// A count.
    public init(value: String, count: Int) {
        self.value = value
        self.count = count
    }
}

/// The ticket attributes the store can count by.
public enum TicketDimension: String, Sendable, CaseIterable {
    case day
    case requesterRole = "requester_role"
    case province, channel, status, source
    /// The classified known issue; "" for tickets classified as unknown (unclassified ones are left out).
    case issue
}

/// Where tickets live: every role below, which each backend (SQLite, PostgreSQL) plays in full.
///
/// Every method is one domain operation and one transaction, and speaks only the types of
/// `Model/`: the rules of the domain (what a ticket is about, which help-desk statuses are
/// closed, how search words are stemmed) live in the services, so another database implements
/// storage and nothing else. `StoreConformance` in the tests holds every backend to the same
/// behaviour. A service asks only for the role it uses.
///
/// The roles a web request plays — looking tickets up (`TicketLookup`) and the agents' queue
/// (`TriageStore`) — are `async`: PostgreSQL answers them on its event loop, SQLite on its own
/// reader and writer queues, and no caller's thread waits. The roles of batch work (ingest,
/// reports, training, moving a store) stay synchronous: a command or a background task runs
/// them start to end.
public protocol TicketStore: IngestStore, TicketLookup, TicketScan, ModelStore, TriageStore, NotificationStore,
    TransferStore, KnowledgeBaseStore, AccountStore
{}

/// Storing what a help desk exported. Used by `IngestService`.
public protocol IngestStore: Sendable {
    /// Does the store's own work on a batch (into `batch.prepared`) while it is still on the
    /// reading thread, so the writing thread only writes. Optional: `store` works without it.
    func prepare(_ batch: inout IngestBatch)
    /// Stores a batch: new tickets are inserted, changed ones updated and queued for
    /// classification again, identical ones left alone; rejects are kept for review.
    func store(_ batch: IngestBatch) throws -> IngestCounts
    /// Forgets the rejects of an earlier ingest of the file with this identity (whatever path it
    /// was read under), before it is read again.
    func forgetRejects(ofOrigin origin: Int64) throws
    /// The kept rejects, by file and line.
    func rejects(limit: Int) throws -> [RejectedRecord]
    /// Per file as typed, how many rejects were only counted (beyond the ones kept in full).
    func rejectsNotKept() throws -> [(file: String, count: Int)]
    /// How many records were rejected, kept in full or only counted.
    func rejectCount() throws -> Int
}

/// Looking tickets up while someone waits for the answer: a search, a page of the newest, one
/// ticket with its history, the counts. Used by `TicketBrowser`, `TriageDesk` and `status`.
public protocol TicketLookup: Sendable {
    /// How many tickets, rejects, classifications and labelled tickets there are.
    func counts() async throws -> StoreCounts
    /// Stored tickets, newest first.
    func tickets(limit: Int, offset: Int) async throws -> [Ticket]
    /// The tickets with this id in their help desk (one per source).
    func tickets(externalID: String) async throws -> [Ticket]
    /// Tickets that contain every query word in some form, best match first: a word stands for
    /// every indexed word that `stems` gives a stem in common with ("mengirimkan" finds "kirim",
    /// "dikirim"). The store applies `stems` to the words it indexes, and remembers the result.
    func search(_ words: [String], stems: @escaping @Sendable (String) -> [String], limit: Int) async throws
        -> [SearchHit]
    /// How many tickets hold each of these index words (as `indexWord` forms them), counted no
    /// further than `cap`: enough to tell a rare word from a common one, at the same cost however
    /// many tickets hold it. A word no ticket holds counts 0. A backend may estimate the count of
    /// a word its own statistics know to be among the most common (PostgreSQL does).
    func wordCounts(_ words: [String], cap: Int) async throws -> [String: Int]
    /// The newest tickets (highest row id first) holding every one of these index words, other
    /// than the ticket `excluding`. Reads the word index, never the tickets one by one.
    func newestTickets(containing words: [String], excluding: Int64?, limit: Int) async throws -> [Ticket]
    /// Every classification a ticket had, oldest first.
    func classificationHistory(ofTicket rowID: Int64) async throws -> [ClassificationRecord]
    /// A ticket's labels, oldest first.
    func labels(ofTicket rowID: Int64) async throws -> [Label]
}

/// Reading many tickets at once, for reports, trends and clusters. Used by `InsightsService`,
/// `Publisher` and the report.
public protocol TicketScan: Sendable {
    /// These tickets, in the order given (ids not found are left out).
    func tickets(rowIDs: [Int64]) throws -> [Ticket]
    /// How many tickets there are per value of a dimension, largest first (by day: in date order).
    func tally(by dimension: TicketDimension) throws -> [Tally]
    /// Every ticket created in [`start`, `end`) (either bound open when nil), in no set order,
    /// streamed as an outline with its classification and latest label.
    func forEachOutline(from start: Int64?, before end: Int64?, _ body: (TicketOutline) throws -> Void) throws
    /// Every ticket created in [`start`, `end`), oldest first, streamed whole with its
    /// classification and latest label.
    func forEachTicket(from start: Int64?, before end: Int64?, _ body: (TicketFacts) throws -> Void) throws
}

/// Trained models and what they said. Used by `ClassificationService`.
public protocol ModelStore: Sendable {
    /// The newest stored model trained on data with this hash, if any.
    func model(trainingHash: Int64) throws -> ModelRecord?
    /// The newest stored model, whatever it was trained on.
    func latestModel() throws -> ModelRecord?
    /// Stores a trained model; returns its version.
    func saveModel(_ model: ModelRecord) throws -> Int
    /// Each labelled ticket's text with its latest label (`other` for out of scope), for training.
    func labeledExamples() throws -> [TrainingExample]
    /// A page of tickets to classify, in row order after `rowID`: all of them, or those queued
    /// for classification and (given `model`) those a model version other than `model` classified.
    func ticketsToClassify(after rowID: Int64, limit: Int, all: Bool, model: Int?) throws -> [TicketText]
    /// Stores what a model version said about tickets, and takes them off the queue; the
    /// classifications they replace go to the ticket's history.
    func saveClassifications(_ results: [StoredClassification], modelVersion: Int) throws
}

/// The agents' queue: claims and labels. Used by `TriageDesk`.
public protocol TriageStore: Sendable {
    /// The next ticket of `agent`'s queue, claimed for them until `expires`, atomically: the
    /// ticket they already hold (a live claim), else the oldest ticket no agent labelled and no
    /// other agent holds — after `cursor` (a ticket shown before) when given. Two agents never
    /// get the same ticket while a claim lives. Nil when the queue is empty.
    func claimNext(_ filter: TriageFilter, agent: String, after cursor: Ticket?, until expires: Int64) async throws
        -> QueuedTicket?
    /// Stores the suggestion an agent was shown for a ticket no model had classified, as a
    /// classification by `modelVersion` (as `ModelStore.saveClassifications` does), so its
    /// history shows what the agent saw.
    func recordSuggestion(_ suggestion: StoredClassification, modelVersion: Int) async throws
    /// Gives back a ticket `agent` holds; false when they held none.
    func release(ticketRowID: Int64, agent: String) async throws -> Bool
    /// A page of the queue without claiming anything: unlabelled tickets the filter takes,
    /// oldest first, after `cursor`, each with its classification and live claim; with
    /// `heldBy`, only the tickets that agent holds. Reads an index, so a page costs the same
    /// however long the queue is.
    func queue(_ filter: TriageFilter, heldBy agent: String?, after cursor: Ticket?, limit: Int) async throws
        -> [QueuedTicket]
    /// One ticket with its classification and live claim, labelled or not; nil when there is none.
    func queuedTicket(rowID: Int64) async throws -> QueuedTicket?
    /// How many tickets no agent has labelled yet.
    func triageRemaining(_ filter: TriageFilter) async throws -> Int
    /// Records an agent's label, which takes the ticket off the queue and ends any claim on it;
    /// earlier labels of the ticket stay as its history. Throws `HeldByAnotherAgent` (and records
    /// nothing) while another agent holds a live claim on the ticket; when `onlyIfUnanswered`,
    /// also throws `LabelledByAnotherAgent` (and records nothing) when another agent labelled
    /// the ticket already, so two agents never both answer one ticket. Throws `NoSuchTicket`
    /// for a row id the store does not have.
    func addLabel(_ label: Label, onlyIfUnanswered: Bool) async throws
}

extension TriageStore {
    /// Records an agent's label, correcting any earlier one (see `addLabel(_:onlyIfUnanswered:)`).
    public func addLabel(_ label: Label) async throws { try await addLabel(label, onlyIfUnanswered: false) }
}

/// Telling teachers their issue is solved. Used by `NotificationService`.
public protocol NotificationStore: Sendable {
    /// Claims tickets for a notification about `issue`, atomically: of the tickets whose
    /// classification or latest label is `issue` (and, unless `again`, not notified about it
    /// yet), oldest first, `choose` says what becomes of each; those to send or to review go to
    /// `each`; then `complete` runs; then the ones sent are marked notified (in `file`). Two runs
    /// never claim the same ticket, and nothing is marked when anything throws. Returns how
    /// many were claimed (sent).
    func claimForNotification(
        issue: String, again: Bool, file: String, choose: (TicketFacts) -> NotificationChoice,
        each: (Ticket, NotificationChoice) throws -> Void, complete: () throws -> Void
    ) throws -> Int
}

/// Moving a whole store to another backend. Used by `MigrationService`.
public protocol TransferStore: Sendable {
    /// Everything the store holds, in an order `load` accepts: models, tickets, then what refers
    /// to them (rejects, classifications with their history, labels, notification marks).
    /// Claims are not included: they are the moment's, not the record's.
    func forEachRecord(_ body: (StoreRecord) throws -> Void) throws
    /// Loads records another store gave, keeping row ids and model versions; one transaction.
    func load(_ records: [StoreRecord]) throws
    /// Removes every ticket, reject, model, classification, label and notification mark.
    func erase() throws
}

/// The store's copy of the knowledge base, for SQL users joining tickets to known issues.
/// Written by `Workspace.openStore`, once per command.
public protocol KnowledgeBaseStore: Sendable {
    /// Makes the stored known issues, articles and status histories those of the catalog; does
    /// nothing when they already are (same content hash). Returns whether anything changed.
    @discardableResult
    func sync(_ catalog: IssueCatalog) throws -> Bool
    /// The files of the last knowledge base synced, when the store holds them.
    func storedKnowledgeBase() throws -> StoredKnowledgeBase?
}

extension IngestStore {
    /// No preparation: the default.
    public func prepare(_ batch: inout IngestBatch) {}
}

/// The words a store without a full-text engine of its own indexes a ticket by: subject and
/// description split as SQLite's FTS5 `unicode61` tokenizer splits them (letters and digits,
/// lowercased, diacritics removed), so both backends find the same tickets.
public func indexWords(of ticket: TicketRecord) -> Set<String> {
    Set(words(in: ticket.subject + " " + ticket.description).map(indexWord))
}

/// A word as FTS5's `remove_diacritics 2` indexes it: "é" is "e".
public func indexWord(_ word: String) -> String {
    word.utf8.allSatisfy { $0 < 0x80 } ? word : word.folding(options: .diacriticInsensitive, locale: nil)
}

extension ModelStore {
    /// A page of tickets to classify: all of them, or those queued for classification.
    public func ticketsToClassify(after rowID: Int64, limit: Int, all: Bool) throws -> [TicketText] {
        try ticketsToClassify(after: rowID, limit: limit, all: all, model: nil)
    }
}

/// A file identity as both stores keep it beside a reject: 0 for none (a pipe, or a reject kept
/// before identities were), so it can be part of a key.
public enum StoredOrigin {
    /// The column value of an identity.
    public static func column(_ origin: Int64?) -> Int64 { origin ?? 0 }
    /// The identity a column value stands for.
    public static func origin(_ column: Int64) -> Int64? { column == 0 ? nil : column }
}
