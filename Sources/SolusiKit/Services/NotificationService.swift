/// Where a notification's rows go: the file a help desk imports for a bulk update.
public protocol NotificationOutput {
    /// Writes one ticket's row.
    func write(_ ticket: TicketRecord, reply: String, articleURLs: [String], issue: String) throws
    /// Puts the file in place; after this the tickets are marked notified.
    func finish() throws
}

/// Telling the teachers of an issue's open tickets that a solution exists.
public struct NotificationService {
    /// Where the issue and its reply come from.
    public let knowledgeBase: KnowledgeBase
    /// Where the tickets are.
    public let store: any NotificationStore

    /// A service over a knowledge base and a store.
    public init(knowledgeBase: KnowledgeBase, store: any NotificationStore) {
        self.knowledgeBase = knowledgeBase
        self.store = store
    }

    /// A service over a workspace's database, which must exist.
    public init(_ workspace: Workspace, knowledgeBase: KnowledgeBase) throws {
        self.init(knowledgeBase: knowledgeBase, store: try workspace.openStore(knowledgeBase: knowledgeBase))
    }

    /// Checks that `issue` exists and has a solution to send, before any output is opened.
    public static func issueToNotify(_ issue: String, in knowledgeBase: KnowledgeBase) throws -> KnownIssue {
        guard let known = knowledgeBase.issue(issue) else { throw knowledgeBase.unknownIssue(issue) }
        guard known.status.hasSolution else {
            throw ServiceError.noSolutionYet(issue: issue, status: known.status.label)
        }
        return known
    }

    /// The classifier's confidence from which a ticket is sent without an agent's confirmation.
    /// The confidences are calibrated: over the held-out sets in Tests/SolusiKitTests/Fixtures
    /// (712 tickets, long ones too), 3 of the 364 known-issue answers given at 0.95 or more
    /// were wrong (0.8 %). (`solusi eval`'s `wrong_at_95` is a different share: of all tickets.)
    public static let sureConfidence = 0.95

    /// What a notification about `issue` does with a ticket: send when an agent labelled it so,
    /// or the classifier said so with at least `sureConfidence`; review when the classifier
    /// said so less surely; skip when the ticket is about something else or the help desk
    /// closed it.
    public static func choice(for facts: TicketFacts, issue: String) -> NotificationChoice {
        guard facts.verdict == .known(issue), !facts.ticket.record.isClosed else { return .skip }
        if facts.label == .known(issue) { return .send }
        return (facts.classification?.confidence ?? 0) >= sureConfidence ? .send : .review
    }

    /// Writes the open tickets about `issue` — the agent's latest label, else the classification
    /// (`Verdict.decided`); tickets the help desk closed are left out — not notified about it yet
    /// (all of them with `again`), oldest first, with the reply to send, into `output`, and marks
    /// them notified in `file` once the output is in place. Only tickets an agent confirmed or
    /// the classifier is sure of are sent (`choice(for:issue:)`); the others go to `review`
    /// (when given) and are counted, never marked. Each requester is written once: their other
    /// tickets about the issue (a request sent again, see `Duplicates`) are marked notified
    /// without a row of their own, so no teacher gets the same message twice. The store claims
    /// them atomically: a failed run marks nothing, and a second run at the same time lists none
    /// of them.
    public func notify(
        issue: String, again: Bool, file: String, output: some NotificationOutput,
        review: (any NotificationOutput)? = nil
    ) throws -> NotificationResult {
        let known = try Self.issueToNotify(issue, in: knowledgeBase)
        let drafter = ReplyDrafter(knowledgeBase: knowledgeBase)
        let articles = knowledgeBase.articles(for: known).map(\.url)
        var reviewed = 0
        var requesters = Set<Int64>()
        var sameRequester = 0
        let claimed = try store.claimForNotification(
            issue: issue, again: again, file: file, choose: { Self.choice(for: $0, issue: issue) },
            each: { ticket, choice in
                if choice == .send {
                    if let key = Duplicates.requesterKey(of: ticket.record), !requesters.insert(key).inserted {
                        sameRequester += 1
                        return
                    }
                    try output.write(
                        ticket.record, reply: drafter.reply(for: known, to: ticket.record), articleURLs: articles,
                        issue: issue)
                } else {
                    reviewed += 1
                    try review?.write(
                        ticket.record, reply: drafter.reply(for: known, to: ticket.record), articleURLs: articles,
                        issue: issue)
                }
            },
            complete: {
                try output.finish()
                try review?.finish()
            })
        return NotificationResult(
            issue: issue, title: known.title, written: claimed - sameRequester, sameRequester: sameRequester,
            toReview: reviewed, again: again)
    }
}

/// What a notification run did.
public struct NotificationResult: Sendable, Codable {
    /// The issue and its title.
    public var issue: String
    /// The issue's title.
    public var title: String
    /// Tickets written and marked notified.
    public var written: Int
    /// Tickets of a requester written already in this run: marked notified, not written again.
    public var sameRequester: Int
    /// Tickets of the issue the classifier was not sure of: listed for review (when a review
    /// file was asked for), not marked.
    public var toReview: Int
    /// Whether tickets notified before were included.
    public var again: Bool
}
