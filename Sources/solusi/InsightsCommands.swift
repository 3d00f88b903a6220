import ArgumentParser
import Foundation
import SolusiKit
import SolusiReport

/// The period (days in WIB) that report, export, trends, emerging and kb draft read.
struct PeriodOptions: ParsableArguments {
    @Option(help: "Hari pertama, YYYY-MM-DD (bawaan: hari tiket pertama).") var since: String?
    @Option(help: "Hari terakhir, YYYY-MM-DD (bawaan: hari tiket terakhir).") var until: String?

    func validate() throws {
        for (name, value) in [("--since", since), ("--until", until)] {
            if let value, Day(value) == nil {
                throw ValidationError(Day.problem(with: value, option: name) ?? name)
            }
        }
        if let since, let until, let start, let end, end < start {
            throw ValidationError("--until (\(until)) lebih awal dari --since (\(since)).")
        }
        // No ticket is older than 2000 or dated ahead (ingest refuses both): a period far beyond
        // them is a typing slip that would make day series of millions of empty days.
        let plausible = Day(seconds: TicketDate.earliest)...Day(seconds: Clock.system.now).adding(366)
        for (name, day) in [("--since", start), ("--until", end)] {
            if let day, !plausible.contains(day) {
                throw ValidationError(
                    "\(name) \(day.text) di luar \(plausible.lowerBound.text) … \(plausible.upperBound.text): tidak ada tiket di sana."
                )
            }
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
        abstract: "Tiket harian dan mingguan per isu dikenal dan yang tidak dikenal, serta hari-hari lonjakan.",
        discussion: """
            Lonjakan adalah hari yang jauh di atas biasanya untuk isu itu: rata-rata 28 hari sebelumnya, disesuaikan dengan hari dalam pekan, diuji dengan binomial negatif (Poisson bila jumlahnya tidak terlalu menyebar); ditandai bila p < 0,001, minimal 5 tiket dan minimal dua kali biasanya. --json mencetak {"series":[{"issue","title","total","daily":[{"date","count"}],"weekly":[{"week","count"}]}],"spikes":[{"issue","date","count","baseline"}]}.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var period: PeriodOptions
    @Flag(help: "Cetak JSON.") var json = false

    func execute() async throws {
        let knowledgeBase = try global.workspace.readingKnowledgeBase(warn: Terminal.warning)
        let insights = try InsightsService(global.workspace, knowledgeBase: knowledgeBase)
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
                    "  \(spike.day.text)  \(insights.title(of: spike.issue)): \(spike.count) tiket (biasanya sekitar \(decimal(spike.baseline, places: 1)))"
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
    @Option(help: "Klaster terkecil yang disimpan (yang lebih kecil tetap tanpa klaster).") var minSize = EmergingIssues
        .defaultMinimumSize
    @Option(help: "Kemiripan kosinus yang dibutuhkan tiket untuk masuk klaster, 0…1.") var threshold = EmergingIssues
        .defaultThreshold

    func validate() throws {
        try checkRange("--min-size", minSize, 2...Int.max)
        // NaN and infinity are not in the range either: they used to find nothing, silently.
        guard threshold > 0, threshold <= 1 else {
            throw ValidationError("--threshold harus angka lebih dari 0 dan paling besar 1 (diberikan \(threshold)).")
        }
    }

    func clusters(_ insights: InsightsService) throws -> EmergingIssues {
        let started = ContinuousClock.now
        defer { Terminal.clearProgress() }
        return try insights.emerging(
            from: period.startSeconds, before: period.endSeconds, threshold: threshold, minimumSize: minSize,
            reading: { Terminal.progress("Membaca tiket tidak dikenal: \(formatCount($0))") },
            clustering: { Terminal.progress("Mengelompokkan", done: Double($0), of: Double($1), since: started) })
    }
}

struct Emerging: SolusiCommand {
    static let configuration = CommandConfiguration(
        commandName: "emerging",
        abstract: "Klaster tiket tidak dikenal tentang masalah baru yang sama: ukuran, kata khas, contoh, pertumbuhan.",
        discussion: """
            --json mencetak [{"id","size","terms","cohesion","new","tickets","examples":[{"id","created_at","text"}],"first_seen","last_seen","growth":{"last_7_days","previous_7_days"},"daily":[{"date","count"}],"roles"}]: "tickets" adalah id tiket klaster (yang terdekat ke pusatnya lebih dulu), contohnya disamarkan; "cohesion" adalah rata-rata kemiripan tiketnya dengan pusat klaster dalam persen; "new" benar bila sebagian besar tiketnya datang dalam \(EmergingIssues.newDays) hari terakhir dan paling banyak sepersepuluh lebih tua dari \(EmergingIssues.oldDays) hari (klaster baru ditampilkan lebih dulu); "daily" adalah tiket per hari selama 7 hari terakhir. Jumlah dan bagian yang tidak masuk klaster ditulis ke stderr. `solusi kb draft --cluster ID` memulai isu dikenal dari sebuah klaster (dengan --since/--until/--min-size/--threshold yang sama).
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: ClusterOptions
    @Option(help: "Paling banyak sejumlah ini klaster.") var limit = 20
    @Flag(help: "Cetak JSON.") var json = false

    func validate() throws { try checkRange("--limit", limit, 1...Int.max) }

    func execute() async throws {
        let insights = try InsightsService(global.workspace, knowledgeBase: nil)
        let started = ContinuousClock.now
        let found = try options.clusters(insights)
        let seconds = started.duration(to: .now) / .seconds(1)
        let shown = try insights.summaries(of: found, limit: limit)
        let counts =
            "\(found.total) tiket tidak dikenal, \(found.clusters.count) klaster, \(found.unclustered) tidak masuk klaster (\(Int((found.unclusteredShare * 100).rounded())) %)"
        if json {
            Terminal.message(counts + ".")
            return try Terminal.json(shown)
        }
        Terminal.message(counts + " (\(decimal(seconds, places: 1)) dtk).")
        for cluster in shown {
            print("")
            print(
                "\(cluster.id)\(cluster.isNew ? " · BARU" : "") · \(cluster.size) tiket · kohesi \(cluster.cohesion) % · \(cluster.firstSeen.prefix(10)) sampai \(cluster.lastSeen.prefix(10)) · 7 hari terakhir \(cluster.growth.last7Days) (sebelumnya \(cluster.growth.previous7Days))"
            )
            print("  Kata khas: \(cluster.terms.joined(separator: ", "))")
            print("  Per hari: \(cluster.daily.map { "\($0.date.suffix(5)) \($0.count)" }.joined(separator: " · "))")
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
