import Foundation

/// What the agent sees for one ticket: the suggestion, why, where to point the teacher, and the
/// reply to send.
public struct Suggestion: Sendable {
    /// The ticket.
    public var ticket: Ticket
    /// The suggested known issue; nil for unknown.
    public var issue: KnownIssue?
    /// The probability that the suggestion is right.
    public var confidence: Double
    /// The words that weighed most.
    public var evidence: [String]
    /// For unknown: the known issues that came closest, with their probability.
    public var closest: [(issue: KnownIssue, probability: Double)]
    /// The suggested issue's article links.
    public var articleURLs: [String]
    /// The reply draft.
    public var reply: String
    /// The first ticket of the same request when this one repeats it (see `Duplicates`).
    public var duplicateOf: Ticket? = nil
    /// The stored tickets most like it, with what was decided about them (`TriageDesk.next` fills
    /// these in; `suggest` alone does not look).
    public var similar: [SimilarTicket] = []
}

/// The agent's work on the queue: the next ticket with its suggestion, and labels that accept or
/// correct it. Labels are training data: the next `train` (or `classify`) learns from them.
public struct TriageDesk: Sendable {
    /// Where the queue and the labels are.
    public let store: any TriageStore & TicketLookup
    /// The classifier that suggests.
    public let classifier: TicketClassifier
    /// The stored model's version, recorded with classifications made here.
    public let modelVersion: Int?
    /// Drafts the replies.
    public let drafter: ReplyDrafter
    /// Where the labels' stamps come from.
    public let clock: Clock

    /// A desk over a store with a classifier (and its stored version, if stored).
    public init(
        store: any TriageStore & TicketLookup, classifier: TicketClassifier, modelVersion: Int?, clock: Clock = .system
    ) {
        self.store = store
        self.classifier = classifier
        self.modelVersion = modelVersion
        self.clock = clock
        drafter = ReplyDrafter(knowledgeBase: classifier.knowledgeBase)
    }

    /// The desk of a workspace: its store (synced with the knowledge base) and current model. A
    /// knowledge base an edit broke gives way to the database's last valid copy (`warn` hears so;
    /// see `Workspace.readingKnowledgeBase`).
    public static func open(_ workspace: Workspace, warn: (String) -> Void = { _ in }) throws -> TriageDesk {
        let knowledgeBase = try workspace.readingKnowledgeBase(warn: warn)
        return try open(
            workspace, store: workspace.openStore(knowledgeBase: knowledgeBase), knowledgeBase: knowledgeBase)
    }

    /// The desk over a store the caller opened, with the workspace's current model.
    public static func open(
        _ workspace: Workspace, store: any TicketStore, knowledgeBase: KnowledgeBase
    ) throws -> TriageDesk {
        let choice = try ClassificationService(knowledgeBase: knowledgeBase, store: store, clock: workspace.clock)
            .currentModel(recentEnough: true)
        return TriageDesk(
            store: store, classifier: choice.classifier, modelVersion: choice.version, clock: workspace.clock)
    }

    /// The knowledge base the desk suggests from.
    public var knowledgeBase: KnowledgeBase { classifier.knowledgeBase }

    /// How long a ticket shown to an agent stays theirs unless they label or release it.
    public static let defaultLease: Int64 = 15 * 60

    /// The agent's next ticket, claimed for them for `lease` seconds (see `TicketStore.claimNext`:
    /// the one they hold, else the oldest nobody labelled or holds, after `cursor`), with the
    /// current model's suggestion. A ticket never classified is classified now and stored, so
    /// its history shows what the agent was shown.
    /// A repeat of a request an agent already labelled is labelled the same on the way (see
    /// `Duplicates`); a repeat of one not labelled yet says which ticket it repeats.
    /// Without `explain` (and `lookingForSimilar`), the suggestion has no evidence (and no similar
    /// tickets), and costs less: for a caller that shows the ticket later (the console's "next"
    /// answers with the ticket's address).
    public func next(
        _ filter: TriageFilter, agent: String, lease: Int64 = TriageDesk.defaultLease, after cursor: Ticket? = nil,
        explain: Bool = true, lookingForSimilar: Bool = true
    ) async throws -> Suggestion? {
        while true {
            guard
                let queued = try await store.claimNext(filter, agent: agent, after: cursor, until: clock.now + lease)
            else { return nil }
            let first = try await firstOfRequest(queued.ticket)
            if let first, try await labelAsFirst(queued.ticket, first: first, agent: agent) { continue }
            var suggestion = suggest(queued.ticket, explain: explain)
            if queued.classification == nil, let modelVersion {
                try await store.recordSuggestion(
                    StoredClassification(
                        rowID: queued.ticket.rowID, verdict: Verdict(classifiedAs: suggestion.issue?.id),
                        confidence: suggestion.confidence), modelVersion: modelVersion)
            }
            suggestion.duplicateOf = first
            if lookingForSimilar { suggestion.similar = try await similar(to: queued.ticket) }
            return suggestion
        }
    }

    /// A repeat of a request an agent already answered gets the same label, with the note
    /// "duplikat dari …", and leaves the queue; false when the first ticket has no label yet.
    private func labelAsFirst(_ ticket: Ticket, first: Ticket, agent: String) async throws -> Bool {
        guard let decided = try await store.labels(ofTicket: first.rowID).standing else { return false }
        try await store.addLabel(
            Label(
                ticketRowID: ticket.rowID, verdict: decided.verdict, action: .relabel, agent: agent,
                note: Self.duplicateNote(first), labeledAt: clock.now))
        return true
    }

    /// The first ticket of the request a ticket repeats (see `Duplicates`); nil for a first ticket.
    public func firstOfRequest(_ ticket: Ticket) async throws -> Ticket? {
        guard let rowID = ticket.duplicateOf else { return nil }
        return try await store.queuedTicket(rowID: rowID)?.ticket
    }

    /// The note on a duplicate's label.
    public static func duplicateNote(_ first: Ticket) -> String { "duplikat dari \(first.record.externalID)" }

    /// Similar tickets an agent sees beside a ticket.
    public static let similarShown = 3

    /// The stored tickets most like this one (`similarShown` of them).
    public func similar(to ticket: Ticket) async throws -> [SimilarTicket] {
        try await SimilarTickets(store: store).similar(to: ticket, limit: Self.similarShown)
    }

    /// The current model's suggestion for a ticket, with evidence, articles and the reply draft.
    public func suggest(_ ticket: Ticket, explain: Bool = true) -> Suggestion {
        let result = classifier.classify(ticket.record.text, explain: explain)
        let issue = result.issue.flatMap(knowledgeBase.issue)
        return Suggestion(
            ticket: ticket, issue: issue, confidence: result.confidence, evidence: result.evidence,
            closest: result.closest.compactMap { near in
                knowledgeBase.issue(near.issue).map { ($0, near.probability) }
            },
            articleURLs: classifier.articleURLs(for: result.issue), reply: drafter.reply(for: issue, to: ticket.record))
    }

    /// How many tickets the queue holds.
    public func remaining(_ filter: TriageFilter) async throws -> Int {
        try await store.triageRemaining(filter)
    }

    /// The stored ticket with this help-desk id (in `source`, when given).
    public func ticket(_ id: String, source: String? = nil) async throws -> Ticket {
        let found = try await store.tickets(externalID: id).filter { source == nil || $0.record.source == source }
        guard let ticket = found.first else { throw ServiceError.ticketNotFound(id: id, source: source) }
        guard found.count == 1 else { throw ServiceError.ambiguousTicket(id: id, sources: found.map(\.record.source)) }
        return ticket
    }

    /// Gives a ticket the agent holds back to the queue; false when they held none.
    @discardableResult
    public func release(_ ticket: Ticket, agent: String) async throws -> Bool {
        try await store.release(ticketRowID: ticket.rowID, agent: agent)
    }

    /// The agent agrees with the suggestion they were shown (`next` or `suggest` made it). With
    /// `onlyIfUnanswered`, refused (`LabelledByAnotherAgent`) when another agent labelled it first.
    @discardableResult
    public func accept(
        _ suggestion: Suggestion, agent: String, note: String? = nil, onlyIfUnanswered: Bool = false
    ) async throws -> Label {
        try await accept(
            ticketRowID: suggestion.ticket.rowID, shown: suggestion.issue?.id, agent: agent, note: note,
            onlyIfUnanswered: onlyIfUnanswered)
    }

    /// The agent agrees with the suggestion a page showed them: `shown` is the issue it named
    /// (nil: none of them), whatever the model says now. The ticket is named by its row id: the
    /// store refuses one it does not have (`NoSuchTicket`).
    @discardableResult
    public func accept(
        ticketRowID: Int64, shown issue: String?, agent: String, note: String? = nil, onlyIfUnanswered: Bool = false
    ) async throws -> Label {
        if let issue, knowledgeBase.issue(issue) == nil { throw knowledgeBase.unknownIssue(issue) }
        let label = Label(
            ticketRowID: ticketRowID, verdict: Verdict(labelledAs: issue), action: .accept, agent: agent, note: note,
            labeledAt: clock.now)
        try await store.addLabel(label, onlyIfUnanswered: onlyIfUnanswered)
        return label
    }

    /// The agent says the ticket is about another known issue, or none of them. Earlier labels
    /// stay in the ticket's history; the latest one counts (`onlyIfUnanswered`: as `accept`).
    @discardableResult
    public func relabel(
        _ ticket: Ticket, as verdict: Verdict, agent: String, note: String? = nil, onlyIfUnanswered: Bool = false
    ) async throws -> Label {
        try await relabel(
            ticketRowID: ticket.rowID, as: verdict, agent: agent, note: note, onlyIfUnanswered: onlyIfUnanswered)
    }

    /// `relabel` of the ticket with this row id (`NoSuchTicket` when the store has none).
    @discardableResult
    public func relabel(
        ticketRowID: Int64, as verdict: Verdict, agent: String, note: String? = nil, onlyIfUnanswered: Bool = false
    ) async throws -> Label {
        if let issue = verdict.issueID, knowledgeBase.issue(issue) == nil { throw knowledgeBase.unknownIssue(issue) }
        let label = Label(
            ticketRowID: ticketRowID, verdict: verdict, action: .relabel, agent: agent, note: note,
            labeledAt: clock.now)
        try await store.addLabel(label, onlyIfUnanswered: onlyIfUnanswered)
        return label
    }

    /// Takes back the agent's label of a ticket (the one that stands): the ticket is unlabelled
    /// and back in the queue, and its history keeps both the label and the undo. Returns the
    /// label taken back. Refused (`ServiceError`) when no label stands or it is another agent's.
    @discardableResult
    public func undo(_ ticket: Ticket, agent: String) async throws -> Label {
        guard let standing = try await store.labels(ofTicket: ticket.rowID).standing else {
            throw ServiceError.nothingToUndo(id: ticket.record.externalID)
        }
        guard standing.agent == agent else {
            throw ServiceError.labelOfAnotherAgent(id: ticket.record.externalID, agent: standing.agent)
        }
        try await store.addLabel(
            Label(
                ticketRowID: ticket.rowID, verdict: standing.verdict, action: .undo, agent: agent,
                labeledAt: clock.now))
        return standing
    }

    /// "Title (id)" of a verdict, or the words for "none of the known issues".
    public func name(of verdict: Verdict) -> String {
        guard let id = verdict.issueID else { return "lainnya (bukan isu yang diketahui)" }
        return knowledgeBase.issue(id).map { "\"\($0.title)\" (\(id))" } ?? id
    }
}
