import Foundation

/// Daily and weekly ticket counts per known issue (and for unknown tickets), and the days that
/// spike far above an issue's recent baseline.
///
/// The spike test: for each day with at least a week of history, the expected count is the
/// mean of the 28 days before it, scaled by how that weekday compares with the whole window (the
/// help desk is quieter at weekends). The day's count is tested against a negative binomial with
/// that mean and the window's variance (a Poisson when the window is not over-dispersed); a day is
/// a spike when the upper-tail probability is below 0.001, its count is at least 5, and at least
/// twice the expected count. Low counts and the weekly rhythm so do not raise false alarms.
public struct Trends: Sendable {
    /// One issue's counts over the period.
    public struct Series: Sendable {
        /// The known issue; nil for unknown tickets.
        public var issue: String?
        /// Tickets per day, every day of the period.
        public var daily: [(day: Day, count: Int)]
        /// Weeks starting on Monday: (the Monday, tickets that week within the period).
        public var weekly: [(monday: Day, count: Int)]
        /// Tickets in the period.
        public var total: Int { daily.reduce(0) { $0 + $1.count } }
    }

    /// A day far above its issue's baseline.
    public struct Spike: Sendable, Hashable {
        /// The known issue; nil for unknown tickets.
        public var issue: String?
        /// The day.
        public var day: Day
        /// Tickets that day.
        public var count: Int
        /// The expected count the day was tested against.
        public var baseline: Double
        /// The upper-tail probability of so many tickets (or more) at that baseline.
        public var probability: Double
    }

    /// The days counted; nil when there were no tickets.
    public var period: ClosedRange<Day>?
    /// One series per known issue, then one for unknown tickets.
    public var series: [Series] = []
    /// Every spike of every series.
    public var spikes: [Spike] = []

    static let window = 28
    static let minimumHistory = 7
    static let significance = 0.001
    static let minimumCount = 5
    static let minimumRatio = 2.0

    /// From the report's counts: one series per known issue (in the knowledge base's order, also
    /// those without tickets) and one for unknown tickets.
    public init(data: ReportData, issues: [String]) {
        guard let period = data.period else { return }
        self.period = period
        for issue in issues as [String?] + [nil] {
            let summary = issue.map { data.summary(of: $0) } ?? data.unknown
            let daily = summary.series(period)
            series.append(Series(issue: issue, daily: daily, weekly: Self.weekly(daily)))
            spikes += Self.spikes(in: daily, issue: issue)
        }
    }

    static func weekly(_ daily: [(day: Day, count: Int)]) -> [(monday: Day, count: Int)] {
        var weeks: [(monday: Day, count: Int)] = []
        for (day, count) in daily {
            // 1970-01-01 was a Thursday: day 4 after a Monday.
            let monday = Day(number: day.number - (day.number + 3).floorModulo(7))
            if weeks.last?.monday == monday {
                weeks[weeks.count - 1].count += count
            } else {
                weeks.append((monday, count))
            }
        }
        return weeks
    }

    /// The spikes of one daily series.
    static func spikes(in daily: [(day: Day, count: Int)], issue: String?) -> [Spike] {
        var found: [Spike] = []
        for index in daily.indices where index >= minimumHistory {
            let count = daily[index].count
            guard count >= minimumCount else { continue }
            let window = daily[max(0, index - Self.window)..<index].map(\.count)
            let mean = Double(window.reduce(0, +)) / Double(window.count)
            // The same weekday in the window, against the window as a whole (smoothed).
            let sameWeekday = stride(from: index - 7, through: max(0, index - Self.window), by: -7).map {
                daily[$0].count
            }
            let weekdayMean = Double(sameWeekday.reduce(0, +)) / Double(max(sameWeekday.count, 1))
            let factor = sameWeekday.isEmpty ? 1 : (weekdayMean + 1) / (mean + 1)
            let expected = max(mean * factor, 0.1)
            let variance = window.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(window.count)
            let probability = upperTail(count, mean: expected, variance: variance * factor * factor)
            if probability < significance, Double(count) >= minimumRatio * expected {
                found.append(
                    Spike(
                        issue: issue, day: daily[index].day, count: count, baseline: expected,
                        probability: probability))
            }
        }
        return found
    }

    /// P(X ≥ count) for a negative binomial with this mean and variance; a Poisson when the
    /// variance is not above the mean.
    static func upperTail(_ count: Int, mean: Double, variance: Double) -> Double {
        guard count > 0 else { return 1 }
        var below = 0.0
        if variance <= mean * 1.05 {
            for k in 0..<count { below += exp(Double(k) * log(mean) - mean - lgamma(Double(k) + 1)) }
        } else {
            let size = mean * mean / (variance - mean)
            let p = size / (size + mean)
            let constant: Double = size * log(p) - lgamma(size)
            let logFailure: Double = log(1 - p)
            for k in 0..<count {
                let x = Double(k)
                let logPMF: Double = lgamma(x + size) - lgamma(x + 1) + constant + x * logFailure
                below += exp(logPMF)
            }
        }
        return max(0, 1 - below)
    }
}

extension Int64 {
    func floorModulo(_ divisor: Int64) -> Int64 {
        let remainder = self % divisor
        return remainder < 0 ? remainder + divisor : remainder
    }
}
