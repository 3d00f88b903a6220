/// An agent's verdict on a ticket: the suggested issue accepted, or another one (or "other").
public struct Label: Sendable, Hashable {
    /// How the agent came to the verdict.
    public enum Action: String, Sendable {
        /// The agent agreed with the suggestion.
        case accept
        /// The agent chose another issue, or "other".
        case relabel
        /// The agent took back their latest label (its verdict is the one taken back): the
        /// ticket is unlabelled again and back in the queue; the history keeps both.
        case undo
    }

    /// The SQL, the same on both backends, of the tickets whose latest label stands (is not an
    /// undo): the labelled tickets.
    public static let standingSQL =
        "SELECT ticket_id FROM label WHERE id IN (SELECT max(id) FROM label GROUP BY ticket_id) AND action <> 'undo'"

    /// What the agent did, as a ticket's history says it: "menerima", "memberi label",
    /// "mengurungkan label" — followed by the verdict.
    public var doneWords: String {
        switch action {
        case .accept: "menerima"
        case .relabel: "memberi label"
        case .undo: "mengurungkan label"
        }
    }

    /// The labelled ticket's row in the store.
    public var ticketRowID: Int64
    /// A known issue, or out of scope ("other"); never `.unknown`.
    public var verdict: Verdict
    /// Whether the agent accepted the suggestion or chose.
    public var action: Action
    /// Who labelled.
    public var agent: String
    /// The agent's note, if any.
    public var note: String?
    /// Seconds since 1970-01-01 UTC.
    public var labeledAt: Int64

    /// A label; an `.unknown` verdict is stored as out of scope (an agent's "none of them").
    public init(
        ticketRowID: Int64, verdict: Verdict, action: Action, agent: String, note: String? = nil, labeledAt: Int64
    ) {
        self.ticketRowID = ticketRowID
        self.verdict = verdict == .unknown ? .outOfScope : verdict
        self.action = action
        self.agent = agent
        self.note = note
        self.labeledAt = labeledAt
    }
}

extension [Label] {
    /// The label that stands: the latest, unless it was taken back.
    public var standing: Label? {
        guard let last, last.action != .undo else { return nil }
        return last
    }
}

/// One classification of a stored ticket by one model version.
public struct ClassificationRecord: Sendable, Hashable {
    /// A known issue, or unknown.
    public var verdict: Verdict
    /// The calibrated probability that the verdict is right, 0…1.
    public var confidence: Double
    /// The stored model that decided.
    public var modelVersion: Int
    /// Seconds since 1970-01-01 UTC.
    public var classifiedAt: Int64

    /// A classification as stored.
    public init(verdict: Verdict, confidence: Double, modelVersion: Int, classifiedAt: Int64) {
        self.verdict = verdict
        self.confidence = confidence
        self.modelVersion = modelVersion
        self.classifiedAt = classifiedAt
    }
}

/// What the classifier said about a stored ticket, to be stored.
public struct StoredClassification: Sendable {
    /// The ticket's row in the store.
    public var rowID: Int64
    /// A known issue, or unknown.
    public var verdict: Verdict
    /// The calibrated probability that the verdict is right, 0…1.
    public var confidence: Double

    /// A classification to store.
    public init(rowID: Int64, verdict: Verdict, confidence: Double) {
        self.rowID = rowID
        self.verdict = verdict
        self.confidence = confidence
    }
}

/// Which tickets the agent's queue shows.
public struct TriageFilter: Sendable, Hashable {
    /// Which classification the tickets have.
    public enum Scope: Sendable, Hashable {
        /// Every ticket no agent labelled.
        case all
        /// Tickets classified as this known issue.
        case issue(String)
        /// Tickets classified as unknown.
        case unknown
    }

    /// Which classification the tickets have.
    public var scope: Scope
    /// Also tickets the help desk already solved or closed (see `HelpDeskStatus`); the queue
    /// leaves them out unless asked.
    public var includeClosed: Bool

    /// A filter; closed tickets are left out unless `includeClosed`.
    public init(_ scope: Scope, includeClosed: Bool = false) {
        self.scope = scope
        self.includeClosed = includeClosed
    }

    /// Every open ticket no agent labelled.
    public static let all = TriageFilter(.all)
    /// Open tickets classified as unknown.
    public static let unknown = TriageFilter(.unknown)
    /// Open tickets classified as this known issue.
    public static func issue(_ id: String) -> TriageFilter { TriageFilter(.issue(id)) }
}

/// An agent's hold on a ticket until a moment.
public struct Claim: Sendable, Hashable {
    /// Who holds the ticket.
    public var agent: String
    /// When the hold ends (Unix seconds).
    public var until: Int64

    /// A claim.
    public init(agent: String, until: Int64) {
        self.agent = agent
        self.until = until
    }
}

/// A ticket waiting in the agent's queue, with its stored classification if it has one.
public struct QueuedTicket: Sendable {
    /// The ticket.
    public var ticket: Ticket
    /// Its current classification; nil when it was never classified.
    public var classification: ClassificationRecord?
    /// The live claim on it, where the answer reports claims (`TriageStore.queue`, `queuedTicket`).
    public var claim: Claim?

    /// A queued ticket.
    public init(ticket: Ticket, classification: ClassificationRecord?, claim: Claim? = nil) {
        self.ticket = ticket
        self.classification = classification
        self.claim = claim
    }
}

/// A label refused because another agent holds the ticket: the holder of the live claim wins
/// (the late agent's lease ran out and the ticket went to someone else).
public struct HeldByAnotherAgent: Error, Sendable, CustomStringConvertible {
    /// Who holds the ticket.
    public var agent: String
    /// When their claim ends, in seconds since 1970.
    public var until: Int64

    /// The refusal.
    public init(agent: String, until: Int64) {
        self.agent = agent
        self.until = until
    }

    /// The message, in Bahasa Indonesia.
    public var description: String {
        "tiket ini sekarang dipegang \(terminalSafe(agent)) sampai pukul \(TicketDate.isoString(until).dropFirst(11).prefix(5)) WIB; label Anda tidak disimpan. Ambil tiket berikutnya dengan `solusi triage next`."
    }
}

/// A label refused because another agent labelled the ticket first (see
/// `TriageStore.addLabel(_:onlyIfUnanswered:)`).
public struct LabelledByAnotherAgent: Error, Sendable, CustomStringConvertible {
    /// Who labelled it.
    public var agent: String

    /// The refusal.
    public init(agent: String) { self.agent = agent }

    /// The message, in Bahasa Indonesia.
    public var description: String {
        "tiket ini sudah diberi label oleh \(terminalSafe(agent)); label Anda tidak disimpan."
    }
}

/// A label for a ticket the store does not have (see `TriageStore.addLabel`).
public struct NoSuchTicket: Error, Sendable, Hashable, CustomStringConvertible {
    /// The row id asked for.
    public var rowID: Int64

    /// The refusal.
    public init(rowID: Int64) { self.rowID = rowID }

    /// The message, in Bahasa Indonesia.
    public var description: String { "tidak ada tiket dengan nomor baris \(rowID)." }
}
