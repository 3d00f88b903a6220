import Foundation
import IndonesianText
import Testing

@testable import SolusiKit

@Suite struct TrendsTests {
    /// A steady series with a weekly rhythm (quiet weekends) and Poisson-like noise.
    static func steady(days: Int, seed: UInt64) -> [(day: Day, count: Int)] {
        var random = SplitMix64(seed: seed)
        return (0..<days).map { index in
            let day = Day(number: 19_875 + Int64(index))
            let weekend = (day.number + 3) % 7 >= 5
            let mean = weekend ? 3.0 : 12.0
            // Poisson by inversion.
            let u = Double(random.next() >> 11) / Double(1 << 53)
            var k = 0
            var p = exp(-mean)
            var cumulative = p
            while u > cumulative, k < 100 {
                k += 1
                p *= mean / Double(k)
                cumulative += p
            }
            return (day, k)
        }
    }

    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func aSteadySeriesHasNoSpikes(seed: UInt64) {
        #expect(Trends.spikes(in: Self.steady(days: 120, seed: seed), issue: "a").isEmpty)
    }

    @Test func oneDayAtTenTimesTheUsualCountIsOneSpike() {
        var series = Self.steady(days: 90, seed: 9)
        let weekday = (0..<90).last { (series[$0].day.number + 3) % 7 < 5 }!
        series[weekday].count *= 10
        let spikes = Trends.spikes(in: series, issue: "a")
        #expect(spikes.map(\.day) == [series[weekday].day])
        #expect(spikes.first.map { $0.baseline > 5 && $0.baseline < 20 } == true)
    }

    @Test func lowCountsNeedMoreThanOneOddDay() {
        // A rare issue: one ticket some days, then three in a day; not a spike (fewer than 5).
        var series = (0..<60).map { (day: Day(number: 19_875 + Int64($0)), count: $0 % 9 == 0 ? 1 : 0) }
        series[50].count = 3
        #expect(Trends.spikes(in: series, issue: "a").isEmpty)
        series[50].count = 12
        #expect(Trends.spikes(in: series, issue: "a").count == 1)
    }

    @Test func weeksStartOnMonday() {
        let monday = Day("2024-07-08")!
        let daily = (0..<10).map { (day: monday.adding(Int64($0)), count: 1) }
        #expect(Trends.weekly(daily).map { $0.monday.text } == ["2024-07-08", "2024-07-15"])
        #expect(Trends.weekly(daily).map(\.count) == [7, 3])
    }
}

@Suite struct EmergingIssuesTests {
    /// Noise: each ticket about something else, from a wide vocabulary; two planted problems.
    static func tickets(seed: UInt64 = 3) -> (tickets: [UnknownTicket], planted: [Int64: String]) {
        var random = SplitMix64(seed: seed)
        let vocabulary = Array(RootWords.standard).sorted()
        var tickets: [UnknownTicket] = []
        var planted: [Int64: String] = [:]
        let problems = [
            "A": [
                "Rapor digital tidak bisa dicetak, tombol unduh PDF rapor error",
                "rapor digital gagal diunduh jadi pdf",
                "Cetak rapor digital muncul error saat unduh PDF", "tidak bisa unduh pdf rapor digital siswa",
            ],
            "B": [
                "Presensi guru di aplikasi lokasi GPS tidak terdeteksi", "absen presensi gagal karena lokasi gps salah",
                "Lokasi GPS presensi tidak sesuai sekolah, absen ditolak",
                "presensi harian gagal, gps lokasi tidak terbaca",
            ],
        ]
        for index in 0..<600 {
            let rowID = Int64(index + 1)
            let roll = random.next() % 10
            let text: String
            if roll < 1 {
                text = problems["A"]!.randomElement(using: &random)! + " " + vocabulary.randomElement(using: &random)!
                planted[rowID] = "A"
            } else if roll < 2 {
                text = problems["B"]!.randomElement(using: &random)! + " " + vocabulary.randomElement(using: &random)!
                planted[rowID] = "B"
            } else {
                text = (0..<8).map { _ in vocabulary.randomElement(using: &random)! }.joined(separator: " ")
            }
            tickets.append(
                UnknownTicket(rowID: rowID, createdAt: 1_720_000_000 + Int64(index) * 3_600, text: text, role: "Guru"))
        }
        return (tickets, planted)
    }

    @Test func plantedClustersAreFoundAmongNoise() throws {
        let (tickets, planted) = Self.tickets()
        let found = EmergingIssues(tickets: tickets)
        for label in ["A", "B"] {
            let truth = Set(planted.filter { $0.value == label }.keys)
            let best = try #require(
                found.clusters.max {
                    Set($0.rowIDs).intersection(truth).count < Set($1.rowIDs).intersection(truth).count
                })
            let hits = Set(best.rowIDs).intersection(truth).count
            let precision = Double(hits) / Double(best.size)
            let recall = Double(hits) / Double(truth.count)
            #expect(precision >= 0.95 && recall >= 0.9, "\(label): precision \(precision), recall \(recall)")
        }
        // The noise does not pad clusters: nearly all of it stays unclustered.
        let clusteredNoise = found.clusters.flatMap(\.rowIDs).filter { planted[$0] == nil }.count
        #expect(clusteredNoise <= 10, "\(clusteredNoise) noise tickets clustered")
        let terms = found.clusters.prefix(2).flatMap(\.terms)
        #expect(terms.contains("rapor") && terms.contains("presensi"), "\(terms)")
    }

    @Test func clusteringIsDeterministic() {
        let (tickets, _) = Self.tickets(seed: 5)
        let a = EmergingIssues(tickets: tickets)
        let b = EmergingIssues(tickets: tickets)
        #expect(
            a.clusters.map(\.rowIDs) == b.clusters.map(\.rowIDs) && a.clusters.map(\.terms) == b.clusters.map(\.terms))
    }

    @Test func aDraftFromAClusterPassesTheKnowledgeBaseCheck() throws {
        let (tickets, _) = Self.tickets()
        let found = EmergingIssues(tickets: tickets)
        let cluster = try #require(found.clusters.first)
        let texts = cluster.rowIDs.map { id in tickets.first { $0.rowID == id }!.text + " NIK 3201234567890123" }
        let draft = IssueDraft(
            cluster: cluster, texts: texts, knowledgeBase: Trained.knowledgeBase, today: "2024-08-01")
        #expect(!draft.text.contains("3201234567890123"))
        var files = try KnowledgeBase.files(in: Trained.knowledgeBase.folder)
        files.append((path: "issues/\(draft.id).md", text: draft.text))
        let knowledgeBase = try KnowledgeBase.load(files: files, folder: Trained.knowledgeBase.folder)
        let issue = try #require(knowledgeBase.issue(draft.id))
        #expect(issue.status == .investigating && issue.examples.count >= 10)
    }
}
