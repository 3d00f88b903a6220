import ArgumentParser
import Foundation
import SolusiKit

/// The period (days in WIB) that report, export, trends, emerging and kb draft read.
struct PeriodOptions: ParsableArguments {
    @Option(help: "First day, YYYY-MM-DD (default: the first ticket's).") var since: String?
    @Option(help: "Last day, YYYY-MM-DD (default: the last ticket's).") var until: String?

    func validate() throws {
        for (name, value) in [("--since", since), ("--until", until)] {
            if let value, Day(value) == nil {
                throw ValidationError(Day.problem(with: value, option: name) ?? name)
            }
        }
        if let since, let until, let start, let end, end < start {
            throw ValidationError("--until (\(until)) lebih awal dari --since (\(since)).")
        }
    }

    var start: Day? { since.flatMap(Day.init) }
    var end: Day? { until.flatMap(Day.init) }
    /// The period as seconds: from the first second of `start` to before the day after `end`.
    var startSeconds: Int64? { start?.startSeconds }
    var endSeconds: Int64? { end?.adding(1).startSeconds }
}

struct TrendsCommand: SolusiCommand {
    static let configuration = CommandConfiguration(
        commandName: "trends",
        abstract: "Daily and weekly tickets per known issue and for unknown, and the days that spike.",
        discussion: """
            A spike is a day far above its issue's recent baseline: the mean of the 28 days before, adjusted for the weekday, tested with a negative binomial (Poisson when the counts are not over-dispersed); flagged when p < 0.001, at least 5 tickets and at least twice the baseline. --json prints {"series":[{"issue","title","total","daily":[{"date","count"}],"weekly":[{"week","count"}]}],"spikes":[{"issue","date","count","baseline"}]}.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var period: PeriodOptions
    @Flag(help: "Print JSON.") var json = false

    func execute() throws {
        let insights = InsightsService(
            store: try global.workspace.openStore(), knowledgeBase: try global.workspace.loadKnowledgeBase())
        let trends = insights.trends(of: try insights.reportData(since: period.start, until: period.end))
        if json { return try Terminal.json(insights.trendsReport(trends)) }
        guard let days = trends.period else {
            Terminal.message("Belum ada tiket pada periode ini.")
            return
        }
        print("Periode \(days.lowerBound.text) sampai \(days.upperBound.text)")
        for s in trends.series {
            let recent = s.daily.suffix(7).reduce(0) { $0 + $1.count }
            let before = s.daily.dropLast(7).suffix(7).reduce(0) { $0 + $1.count }
            print("")
            print(insights.title(of: s.issue))
            print("  \(s.total) tiket · 7 hari terakhir \(recent) (7 hari sebelumnya \(before))")
            print("  \(Self.sparkline(s.daily.suffix(56).map(\.count)))  (\(min(56, s.daily.count)) hari terakhir)")
        }
        print("")
        if trends.spikes.isEmpty {
            print("Tidak ada lonjakan.")
        } else {
            print("Lonjakan:")
            for spike in trends.spikes {
                print(
                    "  \(spike.day.text)  \(insights.title(of: spike.issue)): \(spike.count) tiket (biasanya sekitar \(String(format: "%.1f", spike.baseline)))"
                )
            }
        }
    }

    static func sparkline(_ counts: [Int]) -> String {
        let blocks = Array("▁▂▃▄▅▆▇█")
        let peak = max(counts.max() ?? 0, 1)
        return String(counts.map { blocks[min(blocks.count - 1, $0 * (blocks.count - 1) / peak)] })
    }
}

/// Options shared by `emerging` and `kb draft`, which must cluster the same way.
struct ClusterOptions: ParsableArguments {
    @OptionGroup var period: PeriodOptions
    @Option(help: "Smallest cluster kept (smaller ones stay unclustered).") var minSize = EmergingIssues
        .defaultMinimumSize
    @Option(help: "Cosine similarity a ticket needs to join a cluster, 0…1.") var threshold = EmergingIssues
        .defaultThreshold

    func clusters(_ insights: InsightsService) throws -> EmergingIssues {
        try insights.emerging(
            from: period.startSeconds, before: period.endSeconds, threshold: threshold, minimumSize: minSize)
    }
}

struct Emerging: SolusiCommand {
    static let configuration = CommandConfiguration(
        abstract: "Clusters of unknown tickets about the same new problem: size, distinctive words, examples, growth.",
        discussion: """
            --json prints [{"id","size","terms","tickets","examples":[{"id","created_at","text"}],"first_seen","last_seen","growth":{"last_7_days","previous_7_days"},"roles"}]: "tickets" are the cluster's ticket ids (closest to its centre first), examples are masked; how many stayed unclustered goes to stderr. `solusi kb draft --cluster ID` starts a known issue from a cluster (same --since/--until/--min-size/--threshold).
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: ClusterOptions
    @Option(help: "At most this many clusters.") var limit = 20
    @Flag(help: "Print JSON.") var json = false

    func execute() throws {
        let store = try global.workspace.openStore()
        let insights = InsightsService(store: store, knowledgeBase: nil)
        let started = ContinuousClock.now
        let found = try options.clusters(insights)
        let seconds = started.duration(to: .now) / .seconds(1)
        let shown = try insights.summaries(of: found, limit: limit)
        let counts =
            "\(found.total) tiket tidak dikenal, \(found.clusters.count) klaster, \(found.unclustered) tidak masuk klaster"
        if json {
            Terminal.message(counts + ".")
            return try Terminal.json(shown)
        }
        Terminal.message(counts + " (\(String(format: "%.1f", seconds)) dtk).")
        for cluster in shown {
            print("")
            print(
                "\(cluster.id) · \(cluster.size) tiket · \(cluster.firstSeen.prefix(10)) sampai \(cluster.lastSeen.prefix(10)) · 7 hari terakhir \(cluster.growth.last7Days) (sebelumnya \(cluster.growth.previous7Days))"
            )
            print("  Kata khas: \(cluster.terms.joined(separator: ", "))")
            for example in cluster.examples {
                let text = example.text.replacingOccurrences(of: "\n", with: " — ")
                print("  · \(example.id): \(text.prefix(160))")
            }
        }
        if shown.count < found.clusters.count {
            print("\n\(found.clusters.count - shown.count) klaster lain: naikkan --limit.")
        }
    }
}
