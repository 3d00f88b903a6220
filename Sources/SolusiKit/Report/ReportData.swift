/// One stored ticket as the report counts it: when, who, and what it is about (the agent's latest
/// label, else the classification).
public struct ReportRow: Sendable {
    public var rowID: Int64
    public var createdAt: Int64
    /// The known issue; nil for unknown (classified as unknown, or labelled "other").
    public var issue: String?
    /// False when the ticket was never classified nor labelled.
    public var classified: Bool
    public var role: String?
    public var province: String?
    public var channel: String?

    public init(
        rowID: Int64, createdAt: Int64, issue: String?, classified: Bool, role: String?, province: String?,
        channel: String?
    ) {
        self.rowID = rowID
        self.createdAt = createdAt
        self.issue = issue
        self.classified = classified
        self.role = role
        self.province = province
        self.channel = channel
    }
}

/// A day in WIB, as days since 1970-01-01.
public struct Day: Hashable, Comparable, Sendable {
    public var number: Int64

    public init(number: Int64) { self.number = number }

    public init(seconds: Int64) {
        number = (seconds + TicketDate.defaultOffsetSeconds).floorDivided(by: 86_400)
    }

    /// `YYYY-MM-DD`, or nil when the text is not one.
    public init?(_ text: String) {
        guard text.utf8.count == 10, let seconds = TicketDate.parse(text) else { return nil }
        self.init(seconds: seconds)
        guard self.text == text else { return nil }
    }

    /// The first second of the day (WIB), seconds since 1970 UTC.
    public var startSeconds: Int64 { number * 86_400 - TicketDate.defaultOffsetSeconds }
    public var text: String { TicketDate.dayString(startSeconds) }

    public static func < (lhs: Day, rhs: Day) -> Bool { lhs.number < rhs.number }
    public func adding(_ days: Int64) -> Day { Day(number: number + days) }
}

extension Int64 {
    func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}

/// What the report shows about one group of tickets (one known issue, or the unknown ones).
public struct GroupSummary: Sendable {
    public var count = 0
    public var byDay: [Day: Int] = [:]
    public var byRole: [String: Int] = [:]
    public var byProvince: [String: Int] = [:]
    public var byChannel: [String: Int] = [:]
    /// The most recent tickets, newest first: (created, row id).
    public private(set) var recent: [(createdAt: Int64, rowID: Int64)] = []
    static let recentLimit = 10

    public init() {}

    mutating func add(_ row: ReportRow, day: Day) {
        count += 1
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
    public var total = 0
    public var unclassified = 0
    public var byIssue: [String: GroupSummary] = [:]
    public var unknown = GroupSummary()
    /// Tickets per issue ("" for unknown) in the period of the same length just before.
    public var previous: [String: Int] = [:]
    public var previousPeriod: ClosedRange<Day>?

    /// Reads the store: tickets created on `since` … `until` (days, WIB); either bound open
    /// when nil, then taken from the tickets themselves.
    public init(store: any TicketStore, since: Day?, until: Day?) throws {
        var first: Day?
        var last: Day?
        try store.forEachReportRow(from: since?.startSeconds, before: until?.adding(1).startSeconds) { row in
            let day = Day(seconds: row.createdAt)
            first = min(first ?? day, day)
            last = max(last ?? day, day)
            total += 1
            if !row.classified {
                unclassified += 1
            } else if let issue = row.issue {
                byIssue[issue, default: GroupSummary()].add(row, day: day)
            } else {
                unknown.add(row, day: day)
            }
        }
        guard let start = since ?? first, let end = until ?? last, start <= end else { return }
        period = start...end
        let length = end.number - start.number + 1
        let before = start.adding(-length)...start.adding(-1)
        previousPeriod = before
        try store.forEachReportRow(from: before.lowerBound.startSeconds, before: start.startSeconds) { row in
            guard row.classified else { return }
            previous[row.issue ?? "", default: 0] += 1
        }
    }

    /// The summary of a known issue (empty when it had no tickets).
    public func summary(of issue: String) -> GroupSummary { byIssue[issue] ?? GroupSummary() }
}
