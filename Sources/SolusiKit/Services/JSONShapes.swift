import IndonesianText

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
        case ticket, issue, status, confidence, articles, evidence, closest, reply, similar
        case duplicateOf = "duplicate_of"
    }

    /// `{"ticket":{…},"issue","status","confidence","articles","evidence","closest","reply",
    /// "duplicate_of","similar"}`; `issue` and `status` are null for unknown, `duplicate_of` (the
    /// first ticket's help-desk id) when the ticket repeats no earlier request.
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
        try container.encode(duplicateOf?.record.externalID, forKey: .duplicateOf)
        try container.encode(similar, forKey: .similar)
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

extension Evaluation: Encodable {
    fileprivate enum Keys: String, CodingKey {
        case count, accuracy, labels, confusion, calibration, ece
        case macroF1 = "macro_f1"
        case wrongAt95 = "wrong_at_95"
        case perClass = "per_class"
    }

    fileprivate struct Score: Encodable {
        var label: String
        var precision: Double
        var recall: Double
        var f1: Double
        var support: Int
    }

    fileprivate struct Bucket: Encodable {
        var range: String
        var count: Int
        var meanConfidence: Double
        var accuracy: Double

        enum CodingKeys: String, CodingKey {
            case range, count, accuracy
            case meanConfidence = "mean_confidence"
        }
    }

    /// `solusi eval --json`: `{"count","accuracy","macro_f1","ece","wrong_at_95","labels",
    /// "per_class":[{"label","precision","recall","f1","support"}],"confusion",
    /// "calibration":[{"range","count","mean_confidence","accuracy"}]}`, to four decimals.
    public func encode(to encoder: any Encoder) throws {
        func four(_ value: Double) -> Double { (value * 10_000).rounded() / 10_000 }
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(truth.count, forKey: .count)
        try container.encode(four(accuracy), forKey: .accuracy)
        try container.encode(four(macroF1), forKey: .macroF1)
        try container.encode(expectedCalibrationError.map(four), forKey: .ece)
        try container.encode(confidentlyWrongShare().map(four), forKey: .wrongAt95)
        try container.encode(labels, forKey: .labels)
        try container.encode(
            perClass.map {
                Score(
                    label: $0.label, precision: four($0.precision), recall: four($0.recall), f1: four($0.f1),
                    support: $0.support)
            }, forKey: .perClass)
        try container.encode(confusion, forKey: .confusion)
        try container.encode(
            calibration.map {
                Bucket(
                    range: $0.range, count: $0.count, meanConfidence: four($0.meanConfidence),
                    accuracy: four($0.accuracy))
            }, forKey: .calibration)
    }
}

extension TrendsReport.Series: Encodable {
    private enum Keys: String, CodingKey { case issue, title, total, daily, weekly }

    /// `{"issue","title","total","daily","weekly"}`; `issue` is null for unknown.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(issue, forKey: .issue)
        try container.encode(title, forKey: .title)
        try container.encode(total, forKey: .total)
        try container.encode(daily, forKey: .daily)
        try container.encode(weekly, forKey: .weekly)
    }
}

extension TrendsReport.Spike: Encodable {
    private enum Keys: String, CodingKey { case issue, date, count, baseline }

    /// `{"issue","date","count","baseline"}`; `issue` is null for unknown.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(issue, forKey: .issue)
        try container.encode(date, forKey: .date)
        try container.encode(count, forKey: .count)
        try container.encode(baseline, forKey: .baseline)
    }
}

extension ClassificationAnswer: Encodable {
    private enum Keys: String, CodingKey { case issue, confidence, articles, evidence, closest }

    /// `{"issue","confidence","articles","evidence","closest"}`; `issue` is null for unknown.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(issue?.id, forKey: .issue)
        try container.encode(rounded(confidence), forKey: .confidence)
        try container.encode(articles, forKey: .articles)
        try container.encode(evidence, forKey: .evidence)
        try container.encode(closest, forKey: .closest)
    }
}

extension ClosestIssue: Encodable {
    private enum Keys: String, CodingKey { case issue, probability }

    /// `{"issue","probability"}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(issue, forKey: .issue)
        try container.encode(rounded(probability), forKey: .probability)
    }
}

/// A console account as `agents list --json` shows it: `{"name","role","created_at"}` (never its hash).
public struct AgentListing: Sendable, Encodable {
    /// The account's name.
    public var name: String
    /// `agent` or `lead`.
    public var role: String
    /// When it was made, ISO 8601 in WIB.
    public var createdAt: String

    /// The listing of an account.
    public init(_ agent: Agent) {
        name = agent.name
        role = agent.role.rawValue
        createdAt = TicketDate.isoString(agent.createdAt)
    }

    enum CodingKeys: String, CodingKey {
        case name, role
        case createdAt = "created_at"
    }
}

extension SimilarTicket: Encodable {
    private enum Keys: String, CodingKey {
        case ticket, source, subject, score, issue, labeled, duplicate
        case createdAt = "created_at"
    }

    /// `{"ticket","source","created_at","subject","score","issue","labeled","duplicate"}`: the
    /// help-desk id, the subject masked, `issue` the label (`other` for out of scope) else the
    /// classification, null when neither or unknown.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(ticket.record.externalID, forKey: .ticket)
        try container.encode(ticket.record.source, forKey: .source)
        try container.encode(TicketDate.isoString(ticket.record.createdAt), forKey: .createdAt)
        try container.encode(PersonalData.mask(ticket.record.subject), forKey: .subject)
        try container.encode(rounded(score), forKey: .score)
        try container.encode(verdict == .unknown ? nil : verdict?.labelText, forKey: .issue)
        try container.encode(labeled, forKey: .labeled)
        try container.encode(duplicate, forKey: .duplicate)
    }
}
