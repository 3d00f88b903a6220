/// An agent's verdict on a ticket: the suggested issue accepted, or another one (or "other").
public struct Label: Sendable, Hashable {
    public enum Action: String, Sendable {
        /// The agent agreed with the suggestion.
        case accept
        /// The agent chose another issue, or "other".
        case relabel
    }

    public var ticketRowID: Int64
    /// The known issue, or nil for "other" (none of the known issues).
    public var issue: String?
    public var action: Action
    public var agent: String
    public var note: String?
    /// Seconds since 1970-01-01 UTC.
    public var labeledAt: Int64

    public init(
        ticketRowID: Int64, issue: String?, action: Action, agent: String, note: String? = nil, labeledAt: Int64
    ) {
        self.ticketRowID = ticketRowID
        self.issue = issue
        self.action = action
        self.agent = agent
        self.note = note
        self.labeledAt = labeledAt
    }
}

/// One classification of a stored ticket by one model version.
public struct ClassificationRecord: Sendable, Hashable {
    /// The known issue, or nil for unknown.
    public var issue: String?
    public var confidence: Double
    public var modelVersion: Int
    public var classifiedAt: Int64

    public init(issue: String?, confidence: Double, modelVersion: Int, classifiedAt: Int64) {
        self.issue = issue
        self.confidence = confidence
        self.modelVersion = modelVersion
        self.classifiedAt = classifiedAt
    }
}

/// Which tickets the agent's queue shows.
public enum TriageFilter: Sendable, Hashable {
    case all
    /// Tickets classified as this known issue.
    case issue(String)
    /// Tickets classified as unknown.
    case unknown
}

/// A ticket waiting in the agent's queue, with its stored classification if it has one.
public struct QueuedTicket: Sendable {
    public var ticket: Ticket
    public var classification: ClassificationRecord?
}
