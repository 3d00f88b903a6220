/// How Model values look in the CLI's `--json` output: snake_case keys, times as ISO 8601 in WIB,
/// absent values as `null`. Each shape is written once, here.

extension Ticket: Encodable {
    private enum Keys: String, CodingKey {
        case id, source, subject, description, province, channel, status, tags, extra
        case createdAt = "created_at"
        case requesterRole = "requester_role"
    }

    /// The whole ticket: `{"id","source","created_at","subject","description","requester_role",
    /// "province","channel","status","tags","extra"}`.
    public func encode(to encoder: any Encoder) throws {
        let r = record
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(r.externalID, forKey: .id)
        try container.encode(r.source, forKey: .source)
        try container.encode(TicketDate.isoString(r.createdAt), forKey: .createdAt)
        try container.encode(r.subject, forKey: .subject)
        try container.encode(r.description, forKey: .description)
        try container.encode(r.requesterRole, forKey: .requesterRole)
        try container.encode(r.province, forKey: .province)
        try container.encode(r.channel, forKey: .channel)
        try container.encode(r.status, forKey: .status)
        try container.encode(r.tags, forKey: .tags)
        try container.encode(r.extra, forKey: .extra)
    }
}

/// A ticket in a list: `{"id","source","created_at","subject"}`.
public struct TicketSummary: Sendable, Encodable {
    /// The ticket.
    public var ticket: Ticket
    /// A passage around a search match, when the list is a search's.
    public var snippet: String?

    /// A ticket's summary (with a search's snippet).
    public init(_ ticket: Ticket, snippet: String? = nil) {
        self.ticket = ticket
        self.snippet = snippet
    }

    private enum Keys: String, CodingKey {
        case id, source, subject, snippet
        case createdAt = "created_at"
    }

    /// `{"id","source","created_at","subject"}`, and `"snippet"` for a search hit.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(ticket.record.externalID, forKey: .id)
        try container.encode(ticket.record.source, forKey: .source)
        try container.encode(TicketDate.isoString(ticket.record.createdAt), forKey: .createdAt)
        try container.encode(ticket.record.subject, forKey: .subject)
        try container.encodeIfPresent(snippet, forKey: .snippet)
    }
}

extension ClassificationRecord: Encodable {
    private enum Keys: String, CodingKey {
        case issue, confidence, model
        case classifiedAt = "classified_at"
    }

    /// `{"issue","confidence","model","classified_at"}`; `issue` is null for unknown.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(verdict.issueID, forKey: .issue)
        try container.encode(rounded(confidence), forKey: .confidence)
        try container.encode(modelVersion, forKey: .model)
        try container.encode(TicketDate.isoString(classifiedAt), forKey: .classifiedAt)
    }
}

extension Label: Encodable {
    private enum Keys: String, CodingKey {
        case issue, action, agent, note
        case labeledAt = "labeled_at"
    }

    /// `{"issue","action","agent","note","labeled_at"}`; `issue` is null for "other".
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(verdict.issueID, forKey: .issue)
        try container.encode(action.rawValue, forKey: .action)
        try container.encode(agent, forKey: .agent)
        try container.encode(note, forKey: .note)
        try container.encode(TicketDate.isoString(labeledAt), forKey: .labeledAt)
    }
}

extension RejectedRecord: Encodable {
    private enum Keys: String, CodingKey { case file, line, record, reason, raw }

    /// `{"file","line","record","reason","raw"}`; `record` is null outside JSON documents.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(location.file, forKey: .file)
        try container.encode(location.line, forKey: .line)
        try container.encode(location.record, forKey: .record)
        try container.encode(reason, forKey: .reason)
        try container.encode(raw, forKey: .raw)
    }
}

extension TicketHistory: Encodable {
    private enum Keys: String, CodingKey { case classifications, labels }

    /// The whole ticket with `"classifications"` and `"labels"`, oldest first.
    public func encode(to encoder: any Encoder) throws {
        try ticket.encode(to: encoder)
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(classifications, forKey: .classifications)
        try container.encode(labels, forKey: .labels)
    }
}

extension Suggestion: Encodable {
    private enum Keys: String, CodingKey {
        case ticket, issue, status, confidence, articles, evidence, closest, reply
    }

    /// `{"ticket":{…},"issue","status","confidence","articles","evidence","closest","reply"}`;
    /// `issue` and `status` are null for unknown.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(ticket, forKey: .ticket)
        try container.encode(issue?.id, forKey: .issue)
        try container.encode(issue?.status.rawValue, forKey: .status)
        try container.encode(rounded(confidence), forKey: .confidence)
        try container.encode(articleURLs, forKey: .articles)
        try container.encode(evidence, forKey: .evidence)
        try container.encode(
            closest.map { ClosestIssue(issue: $0.issue.id, title: $0.issue.title, probability: $0.probability) },
            forKey: .closest)
        try container.encode(reply, forKey: .reply)
    }
}

/// The next ticket of the agent's queue, and how many are left: `triage next --json`.
public struct QueueItem: Sendable, Encodable {
    /// The ticket with its suggestion.
    public var suggestion: Suggestion
    /// Tickets left in the queue.
    public var remaining: Int

    /// An item.
    public init(suggestion: Suggestion, remaining: Int) {
        self.suggestion = suggestion
        self.remaining = remaining
    }

    private enum Keys: String, CodingKey { case remaining }

    /// The suggestion's fields and `"remaining"`.
    public func encode(to encoder: any Encoder) throws {
        try suggestion.encode(to: encoder)
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(remaining, forKey: .remaining)
    }
}

/// A known issue as `kb list --json` shows it: `{"id","title","status","articles":[{"title","url"}]}`.
public struct IssueListing: Sendable, Encodable {
    /// The issue's id.
    public var id: String
    /// Its title.
    public var title: String
    /// Its status.
    public var status: String
    /// Its articles.
    public var articles: [ArticleLink]

    /// An article's title and public address.
    public struct ArticleLink: Sendable, Encodable {
        /// The title.
        public var title: String
        /// The public address.
        public var url: String
    }

    /// The listing of an issue of a knowledge base.
    public init(_ issue: KnownIssue, in knowledgeBase: KnowledgeBase) {
        id = issue.id
        title = issue.title
        status = issue.status.rawValue
        articles = knowledgeBase.articles(for: issue).map { ArticleLink(title: $0.title, url: $0.url) }
    }
}
