import Foundation

/// What the agent sees for one ticket: the suggestion, why, where to point the teacher, and the
/// reply to send.
public struct Suggestion: Sendable {
    public var ticket: Ticket
    /// The suggested known issue; nil for unknown.
    public var issue: KnownIssue?
    public var confidence: Double
    public var evidence: [String]
    /// For unknown: the known issues that came closest, with their probability.
    public var closest: [(issue: KnownIssue, probability: Double)]
    public var articleURLs: [String]
    public var reply: String
}

/// The agent's work on the queue: the next ticket with its suggestion, and labels that accept or
/// correct it. Labels are training data: the next `train` (or `classify`) learns from them.
public struct TriageDesk {
    public let store: any TicketStore
    public let classifier: TicketClassifier
    /// The stored model's version, recorded with classifications made here.
    public let modelVersion: Int?
    public let drafter: ReplyDrafter

    public init(store: any TicketStore, classifier: TicketClassifier, modelVersion: Int?) {
        self.store = store
        self.classifier = classifier
        self.modelVersion = modelVersion
        drafter = ReplyDrafter(knowledgeBase: classifier.knowledgeBase)
    }

    /// The oldest ticket not yet labelled (after `cursor`, a ticket shown before), with the
    /// current model's suggestion. A ticket never classified is classified now and stored, so its
    /// history shows what the agent was shown.
    public func next(_ filter: TriageFilter, after cursor: Ticket? = nil) throws -> Suggestion? {
        guard let queued = try store.triageQueue(filter, after: cursor, limit: 1).first else { return nil }
        let suggestion = suggest(queued.ticket)
        if queued.classification == nil, let modelVersion {
            try store.saveClassifications(
                [
                    StoredClassification(
                        rowID: queued.ticket.rowID, issue: suggestion.issue?.id, confidence: suggestion.confidence)
                ], modelVersion: modelVersion)
        }
        return suggestion
    }

    /// The current model's suggestion for a ticket, with evidence, articles and the reply draft.
    public func suggest(_ ticket: Ticket) -> Suggestion {
        let result = classifier.classify(ticket.record.subject + "\n" + ticket.record.description, explain: true)
        let issue = result.issue.flatMap(classifier.knowledgeBase.issue)
        return Suggestion(
            ticket: ticket, issue: issue, confidence: result.confidence, evidence: result.evidence,
            closest: result.closest.compactMap { near in
                classifier.knowledgeBase.issue(near.issue).map { ($0, near.probability) }
            },
            articleURLs: classifier.articleURLs(for: result.issue), reply: drafter.reply(for: issue))
    }

    public func remaining(_ filter: TriageFilter) throws -> Int {
        try store.triageRemaining(filter)
    }

    /// The agent agrees with the suggestion they were shown (`next` or `suggest` made it).
    @discardableResult
    public func accept(_ suggestion: Suggestion, agent: String, note: String? = nil) throws -> Label {
        let label = Label(
            ticketRowID: suggestion.ticket.rowID, issue: suggestion.issue?.id, action: .accept, agent: agent,
            note: note, labeledAt: Int64(Date().timeIntervalSince1970))
        try store.addLabel(label)
        return label
    }

    /// The agent says the ticket is about `issue` (nil: none of the known issues). Earlier
    /// labels stay in the ticket's history; the latest one counts.
    @discardableResult
    public func relabel(_ ticket: Ticket, as issue: String?, agent: String, note: String? = nil) throws -> Label {
        if let issue, classifier.knowledgeBase.issue(issue) == nil { throw TriageError.unknownIssue(issue) }
        let label = Label(
            ticketRowID: ticket.rowID, issue: issue, action: .relabel, agent: agent, note: note,
            labeledAt: Int64(Date().timeIntervalSince1970))
        try store.addLabel(label)
        return label
    }
}

/// What the agent asked for that cannot be done.
public enum TriageError: Error, Sendable, CustomStringConvertible {
    case unknownIssue(String)

    public var description: String {
        switch self {
        case .unknownIssue(let id):
            return "isu \"\(id)\" tidak ada di basis pengetahuan. Lihat `solusi kb list`, atau pakai \"other\"."
        }
    }
}
