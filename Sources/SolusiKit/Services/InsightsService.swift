import IndonesianText

/// What the tech team reads: counts per issue and day, trends and spikes, and the clusters of
/// unknown tickets that may be the next known issue.
public struct InsightsService {
    /// Where the tickets are.
    public let store: any TicketScan
    /// The known issues (for their order and titles); clusters need none.
    public let knowledgeBase: KnowledgeBase?

    /// A service over a store and (for trends, titles and drafts) a knowledge base.
    public init(store: any TicketScan, knowledgeBase: KnowledgeBase?) {
        self.store = store
        self.knowledgeBase = knowledgeBase
    }

    /// A service over a workspace's database, which must exist (its copy of the knowledge base
    /// brought up to date, as `Workspace.openStore` does).
    public init(_ workspace: Workspace, knowledgeBase: KnowledgeBase?) throws {
        self.init(store: try workspace.openStore(knowledgeBase: knowledgeBase), knowledgeBase: knowledgeBase)
    }

    /// Everything the report counts about the tickets created on `since` … `until` (WIB days,
    /// either open when nil).
    public func reportData(since: Day?, until: Day?, progress: (Int) -> Void = { _ in }) throws -> ReportData {
        try ReportData(store: store, since: since, until: until, progress: progress)
    }

    /// Daily and weekly counts per known issue and for unknown, with the spikes.
    public func trends(of data: ReportData) -> Trends {
        Trends(data: data, issues: knowledgeBase?.issues.map(\.id) ?? [])
    }

    /// The trends as `solusi trends --json` prints them.
    public func trendsReport(_ trends: Trends) -> TrendsReport {
        TrendsReport(
            series: trends.series.map { series in
                TrendsReport.Series(
                    issue: series.issue, title: title(of: series.issue), total: series.total,
                    daily: series.daily.map { .init(date: $0.day.text, count: $0.count) },
                    weekly: series.weekly.map { .init(week: $0.monday.text, count: $0.count) })
            },
            spikes: trends.spikes.map {
                .init(
                    issue: $0.issue, date: $0.day.text, count: $0.count, baseline: ($0.baseline * 100).rounded() / 100)
            })
    }

    /// An issue's title; "Tidak dikenal" for nil (unknown tickets).
    public func title(of issue: String?) -> String {
        issue.map { knowledgeBase?.issue($0)?.title ?? $0 } ?? "Tidak dikenal"
    }

    /// The tickets created in [`start`, `end`) that are about none of the known issues
    /// (classified unknown, or labelled "other": `Verdict.decided`), oldest first.
    public func forEachUnknownTicket(
        from start: Int64?, before end: Int64?, _ body: (UnknownTicket) throws -> Void
    ) throws {
        try store.forEachTicket(from: start, before: end) { facts in
            guard let verdict = facts.verdict, verdict.issueID == nil else { return }
            let record = facts.ticket.record
            try body(
                UnknownTicket(
                    rowID: facts.ticket.rowID, createdAt: record.createdAt, text: record.text,
                    role: record.requesterRole))
        }
    }

    /// Clusters of the unknown tickets created in [`start`, `end`).
    /// `reading` is told how many unknown tickets have been read (every 10,000), `clustering`
    /// how far the clustering is (done of a total).
    public func emerging(
        from start: Int64?, before end: Int64?, threshold: Double = EmergingIssues.defaultThreshold,
        minimumSize: Int = EmergingIssues.defaultMinimumSize, reading: (Int) -> Void = { _ in },
        clustering: (_ done: Int, _ of: Int) -> Void = { _, _ in }
    ) throws -> EmergingIssues {
        var tickets: [UnknownTicket] = []
        try forEachUnknownTicket(from: start, before: end) {
            tickets.append($0)
            if tickets.count % 10_000 == 0 { reading(tickets.count) }
        }
        return EmergingIssues(
            tickets: tickets, threshold: threshold, minimumSize: minimumSize, progress: clustering)
    }

    /// The report clusters the unknown tickets of the period's last days only (new problems are
    /// recent ones), at most this many, the most recent: it stays fast for a million tickets.
    public static let clusterDays: Int64 = 14
    /// The most unknown tickets the report clusters.
    public static let clusterLimit = 50_000

    /// The clusters the report shows: of the unknown tickets of the last `clusterDays` of
    /// `period`, at most `clusterLimit`, the most recent; with the days they were taken from.
    public func recentClusters(in period: ClosedRange<Day>?) throws -> (found: EmergingIssues, days: ClosedRange<Day>)?
    {
        guard let period else { return nil }
        let first = max(period.lowerBound, period.upperBound.adding(1 - Self.clusterDays))
        var tickets: [UnknownTicket] = []
        try forEachUnknownTicket(from: first.startSeconds, before: period.upperBound.adding(1).startSeconds) {
            tickets.append($0)
            if tickets.count >= Self.clusterLimit * 2 { tickets.removeFirst(tickets.count - Self.clusterLimit) }
        }
        if tickets.count > Self.clusterLimit { tickets.removeFirst(tickets.count - Self.clusterLimit) }
        return (EmergingIssues(tickets: tickets), first...period.upperBound)
    }

    /// The first `limit` clusters as `solusi emerging` shows them: ticket ids, masked examples,
    /// growth and tickets per day up to the day of the latest unknown ticket.
    public func summaries(of found: EmergingIssues, limit: Int) throws -> [ClusterSummary] {
        return try found.clusters.prefix(limit).map { cluster in
            let growth = cluster.growth(until: found.lastDay)
            return ClusterSummary(
                id: cluster.id, size: cluster.size, terms: cluster.terms,
                cohesion: cluster.cohesionPercent, isNew: cluster.isNew,
                daily: cluster.daily(until: found.lastDay).map { .init(date: $0.day.text, count: $0.count) },
                tickets: try store.tickets(rowIDs: cluster.rowIDs).map(\.record.externalID),
                examples: try store.tickets(rowIDs: cluster.exampleRowIDs).map {
                    ClusterSummary.Example(
                        id: $0.record.externalID, createdAt: TicketDate.isoString($0.record.createdAt),
                        text: PersonalData.mask($0.record.text))
                },
                firstSeen: TicketDate.isoString(cluster.firstSeen), lastSeen: TicketDate.isoString(cluster.lastSeen),
                growth: .init(last7Days: growth.recent, previous7Days: growth.before), roles: cluster.roles)
        }
    }

    /// A new known issue drafted from a cluster, checked against the knowledge base in `folder`
    /// as if written at `path`; throws when the cluster does not exist or the draft would not
    /// be valid.
    public func draft(
        cluster name: String, of found: EmergingIssues, knowledgeBase: KnowledgeBase, folder: String, path: String,
        today: Day
    ) throws -> (draft: IssueDraft, cluster: EmergingIssues.Cluster) {
        guard let chosen = found.cluster(name) else {
            throw ServiceError.noSuchCluster(name, available: found.clusters.map(\.id))
        }
        let tickets = try store.tickets(rowIDs: Array(chosen.rowIDs.prefix(IssueDraft.exampleLimit * 4)))
        let draft = IssueDraft(
            cluster: chosen, texts: tickets.map(\.record.text), knowledgeBase: knowledgeBase, today: today.text)
        guard draft.hasEnoughExamples else {
            throw ServiceError.tooFewExamples(
                cluster: chosen.id, found: draft.examples.count, needed: IssueDraft.examplesNeeded)
        }
        // Checked before it is written: a draft that `kb check` would refuse is never left behind.
        if let problems = draft.problems(in: folder, at: path) {
            throw ServiceError.draftWouldBreakKnowledgeBase(problems)
        }
        return (draft, chosen)
    }
}

/// `solusi trends --json`.
public struct TrendsReport: Sendable, Encodable {
    /// One series per known issue, then unknown.
    public var series: [Series]
    /// The days far above their baseline.
    public var spikes: [Spike]

    /// An issue's counts.
    public struct Series: Sendable {
        /// The known issue; null for unknown.
        public var issue: String?
        /// Its title.
        public var title: String
        /// Tickets in the period.
        public var total: Int
        /// Per day.
        public var daily: [DayCount]
        /// Per week (from Monday).
        public var weekly: [WeekCount]
    }

    /// Tickets on one day.
    public struct DayCount: Sendable, Encodable {
        /// YYYY-MM-DD.
        public var date: String
        /// Tickets.
        public var count: Int
    }

    /// Tickets in one week.
    public struct WeekCount: Sendable, Encodable {
        /// The week's Monday, YYYY-MM-DD.
        public var week: String
        /// Tickets.
        public var count: Int
    }

    /// A day far above its issue's baseline.
    public struct Spike: Sendable {
        /// The known issue; null for unknown.
        public var issue: String?
        /// YYYY-MM-DD.
        public var date: String
        /// Tickets that day.
        public var count: Int
        /// The expected count.
        public var baseline: Double
    }
}

/// A cluster of unknown tickets as `solusi emerging --json` prints it.
public struct ClusterSummary: Sendable, Encodable {
    /// `K1`, `K2`…
    public var id: String
    /// Tickets in it.
    public var size: Int
    /// Its distinctive words.
    public var terms: [String]
    /// How alike its tickets are, in percent: their mean cosine similarity to its centre.
    public var cohesion: Int
    /// Whether it is a new problem (`Recency`).
    public var isNew: Bool
    /// Its tickets on each of the last 7 days of the period, oldest first.
    public var daily: [TrendsReport.DayCount]
    /// Its tickets' help-desk ids, closest to its centre first.
    public var tickets: [String]
    /// A few tickets, masked.
    public var examples: [Example]
    /// The first and last ticket's time.
    public var firstSeen: String
    /// The last ticket's time.
    public var lastSeen: String
    /// Tickets in the last 7 days and the 7 before.
    public var growth: Growth
    /// Tickets per requester role.
    public var roles: [String: Int]

    /// An example ticket.
    public struct Example: Sendable, Encodable {
        /// Its help-desk id.
        public var id: String
        /// When it was created.
        public var createdAt: String
        /// Subject and description, masked.
        public var text: String

        private enum CodingKeys: String, CodingKey {
            case id, text
            case createdAt = "created_at"
        }
    }

    /// Growth over the last two weeks.
    public struct Growth: Sendable, Encodable {
        /// Tickets in the last 7 days.
        public var last7Days: Int
        /// Tickets in the 7 days before.
        public var previous7Days: Int

        private enum CodingKeys: String, CodingKey {
            case last7Days = "last_7_days"
            case previous7Days = "previous_7_days"
        }
    }

    private enum CodingKeys: String, CodingKey {
        case id, size, terms, cohesion, tickets, examples, growth, daily, roles
        case isNew = "new"
        case firstSeen = "first_seen"
        case lastSeen = "last_seen"
    }
}
