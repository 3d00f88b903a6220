import ArgumentParser
import Foundation
import IndonesianText
import SolusiKit

/// The period (days in WIB) that report, export, trends, emerging and kb draft read.
struct PeriodOptions: ParsableArguments {
    @Option(help: "First day, YYYY-MM-DD (default: the first ticket's).") var since: String?
    @Option(help: "Last day, YYYY-MM-DD (default: the last ticket's).") var until: String?

    func validate() throws {
        for (name, value) in [("--since", since), ("--until", until)] {
            if let value, Day(value) == nil {
                throw ValidationError("\(name) must be a day, YYYY-MM-DD (got \(value)).")
            }
        }
        if let since, let until, let start, let end, end < start {
            throw ValidationError("--until (\(until)) is before --since (\(since)).")
        }
    }

    var start: Day? { since.flatMap(Day.init) }
    var end: Day? { until.flatMap(Day.init) }
    /// The period as seconds: from the first second of `start` to before the day after `end`.
    var startSeconds: Int64? { start?.startSeconds }
    var endSeconds: Int64? { end?.adding(1).startSeconds }
}

struct TrendsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trends",
        abstract: "Daily and weekly tickets per known issue and for unknown, and the days that spike.",
        discussion: """
            A spike is a day far above its issue's recent baseline: the mean of the 28 days before, adjusted for the weekday, tested with a negative binomial (Poisson when the counts are not over-dispersed); flagged when p < 0.001, at least 5 tickets and at least twice the baseline. --json prints {"series":[{"issue","title","total","daily":[{"date","count"}],"weekly":[{"week","count"}]}],"spikes":[{"issue","date","count","baseline"}]}.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var period: PeriodOptions
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let knowledgeBase = try global.loadKnowledgeBase()
        let store = try global.openStore()
        let data = try ReportData(store: store, since: period.start, until: period.end)
        let trends = Trends(data: data, issues: knowledgeBase.issues.map(\.id))
        func title(_ issue: String?) -> String {
            issue.map { knowledgeBase.issue($0)?.title ?? $0 } ?? "Tidak dikenal"
        }
        if json {
            let series = trends.series.map { s in
                jsonObject([
                    ("issue", s.issue.map(jsonString) ?? "null"), ("title", jsonString(title(s.issue))),
                    ("total", String(s.total)),
                    (
                        "daily",
                        "["
                            + s.daily.map {
                                jsonObject([("date", jsonString($0.day.text)), ("count", String($0.count))])
                            }.joined(separator: ",") + "]"
                    ),
                    (
                        "weekly",
                        "["
                            + s.weekly.map {
                                jsonObject([("week", jsonString($0.monday.text)), ("count", String($0.count))])
                            }.joined(separator: ",") + "]"
                    ),
                ])
            }
            let spikes = trends.spikes.map { spike in
                jsonObject([
                    ("issue", spike.issue.map(jsonString) ?? "null"), ("date", jsonString(spike.day.text)),
                    ("count", String(spike.count)), ("baseline", String(format: "%.2f", spike.baseline)),
                ])
            }
            print(
                jsonObject([
                    ("series", "[" + series.joined(separator: ",") + "]"),
                    ("spikes", "[" + spikes.joined(separator: ",") + "]"),
                ]))
            return
        }
        guard let days = trends.period else {
            Terminal.message("Belum ada tiket pada periode ini.")
            return
        }
        print("Periode \(days.lowerBound.text) sampai \(days.upperBound.text)")
        for s in trends.series {
            let recent = s.daily.suffix(7).reduce(0) { $0 + $1.count }
            let before = s.daily.dropLast(7).suffix(7).reduce(0) { $0 + $1.count }
            print("")
            print(title(s.issue))
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
                    "  \(spike.day.text)  \(title(spike.issue)): \(spike.count) tiket (biasanya sekitar \(String(format: "%.1f", spike.baseline)))"
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

    func clusters(_ store: any TicketStore) throws -> EmergingIssues {
        var tickets: [UnknownTicket] = []
        try store.forEachUnknownTicket(from: period.startSeconds, before: period.endSeconds) {
            tickets.append($0)
        }
        return EmergingIssues(tickets: tickets, threshold: threshold, minimumSize: minSize)
    }
}

struct Emerging: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Clusters of unknown tickets about the same new problem: size, distinctive words, examples, growth.",
        discussion: """
            --json prints [{"id","size","terms","tickets","examples":[{"id","created_at","text"}],"first_seen","last_seen","growth":{"last_7_days","previous_7_days"},"roles"}]: "tickets" are the cluster's ticket ids (closest to its centre first), examples are masked; how many stayed unclustered goes to stderr. `solusi kb draft --cluster ID` starts a known issue from a cluster (same --since/--until/--min-size/--threshold).
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: ClusterOptions
    @Option(help: "At most this many clusters.") var limit = 20
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let store = try global.openStore()
        let started = Date()
        let found = try options.clusters(store)
        let seconds = Date().timeIntervalSince(started)
        let shown = Array(found.clusters.prefix(limit))
        let lastDay = found.clusters.map { Day(seconds: $0.lastSeen) }.max() ?? Day(number: 0)
        if json {
            let clusters = try shown.map { cluster -> String in
                let examples = try store.tickets(rowIDs: cluster.exampleRowIDs).map { ticket in
                    jsonObject([
                        ("id", jsonString(ticket.record.externalID)),
                        ("created_at", jsonString(TicketDate.isoString(ticket.record.createdAt))),
                        (
                            "text",
                            jsonString(PersonalData.mask(ticket.record.subject + "\n" + ticket.record.description))
                        ),
                    ])
                }
                let growth = cluster.growth(until: lastDay)
                let ids = try store.tickets(rowIDs: cluster.rowIDs).map { jsonString($0.record.externalID) }
                return jsonObject([
                    ("id", jsonString(cluster.id)), ("size", String(cluster.size)),
                    ("terms", "[" + cluster.terms.map(jsonString).joined(separator: ",") + "]"),
                    ("tickets", "[" + ids.joined(separator: ",") + "]"),
                    ("examples", "[" + examples.joined(separator: ",") + "]"),
                    ("first_seen", jsonString(TicketDate.isoString(cluster.firstSeen))),
                    ("last_seen", jsonString(TicketDate.isoString(cluster.lastSeen))),
                    (
                        "growth",
                        jsonObject([("last_7_days", String(growth.recent)), ("previous_7_days", String(growth.before))])
                    ),
                    ("roles", jsonObject(cluster.roles.sorted { $0.key < $1.key }.map { ($0.key, String($0.value)) })),
                ])
            }
            Terminal.message(
                "\(found.total) tiket tidak dikenal, \(found.clusters.count) klaster, \(found.unclustered) tidak masuk klaster."
            )
            print("[" + clusters.joined(separator: ",") + "]")
            return
        }
        Terminal.message(
            "\(found.total) tiket tidak dikenal, \(found.clusters.count) klaster, \(found.unclustered) tidak masuk klaster (\(String(format: "%.1f", seconds)) dtk)."
        )
        for cluster in shown {
            let growth = cluster.growth(until: lastDay)
            print("")
            print(
                "\(cluster.id) · \(cluster.size) tiket · \(TicketDate.dayString(cluster.firstSeen)) sampai \(TicketDate.dayString(cluster.lastSeen)) · 7 hari terakhir \(growth.recent) (sebelumnya \(growth.before))"
            )
            print("  Kata khas: \(cluster.terms.joined(separator: ", "))")
            for ticket in try store.tickets(rowIDs: cluster.exampleRowIDs) {
                let text = PersonalData.mask(ticket.record.subject + " — " + ticket.record.description)
                print("  · \(ticket.record.externalID): \(text.prefix(160).replacingOccurrences(of: "\n", with: " "))")
            }
        }
        if shown.count < found.clusters.count {
            print("\n\(found.clusters.count - shown.count) klaster lain: naikkan --limit.")
        }
    }
}
