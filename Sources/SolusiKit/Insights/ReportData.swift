/// What the report shows about one group of tickets (one known issue, or the unknown ones).
public struct GroupSummary: Sendable {
    /// Tickets in the group.
    public var count = 0
    /// The people who wrote them: each requester once (a teacher who sent the same request
    /// three times is one), each ticket that does not say who wrote it as one of its own.
    public var people: Int { requesters.count + withoutRequester }
    private var requesters = Set<Int64>()
    private var withoutRequester = 0
    /// Tickets per day (days without tickets left out).
    public var byDay: [Day: Int] = [:]
    /// Tickets per requester role ("" when not given).
    public var byRole: [String: Int] = [:]
    /// Tickets per province ("" when not given).
    public var byProvince: [String: Int] = [:]
    /// Tickets per channel ("" when not given).
    public var byChannel: [String: Int] = [:]
    /// The most recent tickets, newest first: (created, row id).
    public private(set) var recent: [(createdAt: Int64, rowID: Int64)] = []
    static let recentLimit = 10

    /// An empty group.
    public init() {}

    mutating func add(_ row: TicketOutline, day: Day) {
        count += 1
        if let requester = row.requester { requesters.insert(requester) } else { withoutRequester += 1 }
        byDay[day, default: 0] += 1
        byRole[row.role ?? "", default: 0] += 1
        byProvince[row.province ?? "", default: 0] += 1
        byChannel[row.channel ?? "", default: 0] += 1
        if recent.count < Self.recentLimit || (row.createdAt, row.rowID) > (recent.last!.createdAt, recent.last!.rowID)
        {
            let place = recent.firstIndex { (row.createdAt, row.rowID) > ($0.createdAt, $0.rowID) } ?? recent.count
            recent.insert((row.createdAt, row.rowID), at: place)
            if recent.count > Self.recentLimit { recent.removeLast() }
        }
    }

    /// Counts for every day of `days`, zero where there were none.
    public func series(_ days: ClosedRange<Day>) -> [(day: Day, count: Int)] {
        stride(from: days.lowerBound.number, through: days.upperBound.number, by: 1).map {
            (Day(number: $0), byDay[Day(number: $0)] ?? 0)
        }
    }
}

/// Everything the report counts, gathered in one pass over the tickets of a period (and one
/// count per issue over the period before it).
public struct ReportData: Sendable {
    /// The days reported on; nil when there are no tickets in it at all.
    public var period: ClosedRange<Day>?
    /// Tickets in the period.
    public var total = 0
    /// Of them, those never classified nor labelled.
    public var unclassified = 0
    /// Per known issue (its verdict: the agent's label, else the classification).
    public var byIssue: [String: GroupSummary] = [:]
    /// The tickets about none of the known issues.
    public var unknown = GroupSummary()
    /// Tickets per issue ("" for unknown) in the period of the same length just before.
    public var previous: [String: Int] = [:]
    /// The period of the same length just before.
    public var previousPeriod: ClosedRange<Day>?

    /// No tickets (a report model can also be filled in by hand).
    public init() {}

    /// Reads the store: tickets created on `since` … `until` (days, WIB); either bound open
    /// when nil, then taken from the tickets themselves. `progress` is told how many tickets
    /// have been read, every 10,000.
    public init(store: any TicketScan, since: Day?, until: Day?, progress: (Int) -> Void = { _ in }) throws {
        var first: Day?
        var last: Day?
        try store.forEachOutline(from: since?.startSeconds, before: until?.adding(1).startSeconds) { row in
            let day = Day(seconds: row.createdAt)
            first = min(first ?? day, day)
            last = max(last ?? day, day)
            total += 1
            if total % 10_000 == 0 { progress(total) }
            switch row.verdict {
            case nil: unclassified += 1
            case .known(let issue)?: byIssue[issue, default: GroupSummary()].add(row, day: day)
            case .unknown?, .outOfScope?: unknown.add(row, day: day)
            }
        }
        guard let start = since ?? first, let end = until ?? last, start <= end else { return }
        period = start...end
        let length = end.number - start.number + 1
        let before = start.adding(-length)...start.adding(-1)
        previousPeriod = before
        try store.forEachOutline(from: before.lowerBound.startSeconds, before: start.startSeconds) { row in
            guard let verdict = row.verdict else { return }
            previous[verdict.issueID ?? "", default: 0] += 1
        }
    }

    /// The summary of a known issue (empty when it had no tickets).
    public func summary(of issue: String) -> GroupSummary { byIssue[issue] ?? GroupSummary() }
}
