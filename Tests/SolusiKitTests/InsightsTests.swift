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
            let (_, precision, recall) = try #require(found.best(for: planted, label))
            #expect(precision >= 0.95 && recall >= 0.9, "\(label): precision \(precision), recall \(recall)")
        }
        // The noise does not pad clusters: nearly all of it stays unclustered.
        let clusteredNoise = found.clusters.flatMap(\.rowIDs).filter { planted[$0] == nil }.count
        #expect(clusteredNoise <= 10, "\(clusteredNoise) noise tickets clustered")
        let terms = found.clusters.prefix(2).flatMap(\.terms)
        #expect(terms.contains("rapor") && terms.contains("presensi"), "\(terms)")
    }

    @Test func wordsSpreadOverAllTicketsAndNamesAreNeverDistinctive() throws {
        var (tickets, planted) = Self.tickets(seed: 9)
        let closings = ["mohon dicek", "sudah seminggu", "untuk kenaikan pangkat", "mohon dicek segera"]
        let signatures = [
            "Bu Sri Wahyuni", "Hormat saya, Sri Wahyuni", "dari Pak Joko Susilo", "kata Wahyuni", "ttd Joko Susilo",
            "ditanyakan Wahyuni lagi",
        ]
        for index in tickets.indices {
            tickets[index].text += " " + closings[index % closings.count]
            // The people of problem A sign their tickets; a name must not describe the problem.
            if planted[tickets[index].rowID] == "A" {
                tickets[index].text += ". " + signatures[index % signatures.count]
            }
        }
        let found = EmergingIssues(tickets: tickets)
        let terms = found.clusters.flatMap(\.terms)
        #expect(!found.clusters.isEmpty)
        for word in ["dicek", "seminggu", "kenaikan", "pangkat", "sri", "wahyuni", "joko", "susilo"] {
            #expect(!terms.contains(word), "\(word) in \(found.clusters.map(\.terms))")
        }
        let a = try #require(found.clusters.first { $0.terms.contains("rapor") })
        #expect(a.terms.contains("pdf"), "\(a.terms)")
    }

    @Test func cohesionSaysHowAlikeAClustersTicketsAre() throws {
        let (tickets, planted) = Self.tickets()
        let found = EmergingIssues(tickets: tickets)
        for cluster in found.clusters { #expect(cluster.cohesion > 0.35 && cluster.cohesion <= 1.000_001) }
        // The same text five times is as tight as a cluster gets.
        var same = tickets
        for index in 0..<5 {
            let text = "video pembelajaran macet di menit lima"
            same.append(UnknownTicket(rowID: 10_000 + Int64(index), createdAt: 1_730_000_000, text: text, role: nil))
        }
        let tight = try #require(EmergingIssues(tickets: same).clusters.first { $0.rowIDs.contains(10_000) })
        #expect(tight.cohesion > 0.99)
        let loose = try #require(found.clusters.first { planted[$0.rowIDs[0]] == "A" })
        #expect(loose.cohesion < tight.cohesion)
        #expect(found.unclusteredShare > 0.6 && found.unclusteredShare < 0.9, "\(found.unclusteredShare)")
    }

    @Test func aClusterIsNewWhenMostOfItsTicketsCameInTheLastDays() throws {
        // Problem B all along (20 days); problem A only in the last two days.
        var (tickets, planted) = Self.tickets(seed: 4)
        let start: Int64 = 1_720_000_000
        var lateA = 0
        for index in tickets.indices {
            if planted[tickets[index].rowID] == "A" {
                tickets[index].createdAt = start + 18 * 86_400 + Int64(lateA % 2) * 86_400 + Int64(lateA) * 60
                lateA += 1
            } else {
                tickets[index].createdAt = start + Int64(index) * 20 * 86_400 / Int64(tickets.count)
            }
        }
        tickets.sort { $0.createdAt < $1.createdAt }
        let found = EmergingIssues(tickets: tickets)
        let a = try #require(found.clusters.first { planted[$0.rowIDs[0]] == "A" })
        let b = try #require(found.clusters.first { planted[$0.rowIDs[0]] == "B" })
        #expect(a.isNew && !b.isNew)
        // The new problem comes first, whatever its size.
        #expect(a.id == "K1" && a.size < b.size, "\(a.id) of \(a.size), \(b.id) of \(b.size)")
        // Two days of tickets and nothing before: nothing to be new against.
        let short = tickets.map {
            UnknownTicket(rowID: $0.rowID, createdAt: start + ($0.createdAt - start) / 10, text: $0.text, role: nil)
        }
        let newInShort = EmergingIssues(tickets: short).clusters.filter(\.isNew).count
        #expect(newInShort == 0)
        let daily = a.daily(until: found.lastDay, days: 3)
        #expect(daily.map(\.count).reduce(0, +) == a.size && daily.filter { $0.count > 0 }.count == 2, "\(daily)")
    }

    @Test func aBusyFewDaysOfAnOldTopicIsNotNew() {
        // Most tickets from the last 3 days, none from before the last week: new.
        #expect(Recency(ages: [0, 0, 1, 2, 2, 5]).isNew)
        // One early ticket among eleven (a stray one) does not make it old.
        #expect(Recency(ages: Array(repeating: 0, count: 10) + [12]).isNew)
        // Seven of thirteen in the last 3 days, but three from two weeks ago: an old topic.
        #expect(!Recency(ages: [0, 0, 1, 1, 2, 2, 2, 4, 5, 6, 9, 11, 13]).isNew)
        // Spread over the window: old.
        #expect(!Recency(ages: Array(0..<14)).isNew)
    }

    @Test func clusteringIsDeterministic() {
        let (tickets, _) = Self.tickets(seed: 5)
        let a = EmergingIssues(tickets: tickets)
        let b = EmergingIssues(tickets: tickets)
        #expect(
            a.clusters.map(\.rowIDs) == b.clusters.map(\.rowIDs) && a.clusters.map(\.terms) == b.clusters.map(\.terms))
    }

    /// The knowledge base with `draft` added, as `kb check` loads it.
    static func check(_ draft: IssueDraft) throws -> KnowledgeBase {
        var files = try KnowledgeBase.files(in: Trained.knowledgeBase.folder)
        files.append((path: "issues/\(draft.id).md", text: draft.text))
        return try KnowledgeBase.load(files: files, folder: Trained.knowledgeBase.folder)
    }

    @Test(arguments: [3, 5, 8] as [UInt64])
    func aDraftFromEveryClusterPassesTheKnowledgeBaseCheck(seed: UInt64) throws {
        let (tickets, _) = EmergingMergeTests.tickets(seed: seed)
        let texts = Dictionary(uniqueKeysWithValues: tickets.map { ($0.rowID, $0.text + " NIK 3201234567890123") })
        let found = EmergingIssues(tickets: tickets, minimumSize: 2)
        #expect(found.clusters.count >= 2)
        for cluster in found.clusters {
            let draft = IssueDraft(
                cluster: cluster, texts: cluster.rowIDs.map { texts[$0]! }, knowledgeBase: Trained.knowledgeBase,
                today: "2024-08-01")
            #expect(!draft.text.contains("3201234567890123"))
            // Too few different texts is said before anything is written; everything else passes.
            guard draft.hasEnoughExamples else { continue }
            let issue = try #require(try Self.check(draft).issue(draft.id), "\(cluster.id)")
            #expect(issue.status == .investigating && issue.examples == draft.examples)
        }
    }

    /// A draft is marked unreviewed, says which fields still hold its own text, and `kb review`
    /// refuses until a person has written them; then only the `reviewed:` line changes.
    @Test func aDraftIsReviewedOnlyOnceAPersonHasWrittenIt() throws {
        let (tickets, _) = EmergingMergeTests.tickets(seed: 3)
        let found = EmergingIssues(tickets: tickets, minimumSize: 2)
        let texts = Dictionary(uniqueKeysWithValues: tickets.map { ($0.rowID, $0.text) })
        let cluster = try #require(found.clusters.max { $0.size < $1.size })
        let draft = IssueDraft(
            cluster: cluster, texts: cluster.rowIDs.map { texts[$0]! }, knowledgeBase: Trained.knowledgeBase,
            today: "2024-08-01")
        let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("kb-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: URL(fileURLWithPath: Trained.knowledgeBase.folder), to: folder)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("issues/\(draft.id).md")
        try draft.text.write(to: file, atomically: true, encoding: .utf8)
        let drafted = try KnowledgeBase.load(from: folder.path)
        let issue = try #require(drafted.issue(draft.id))
        #expect(!issue.reviewed && drafted.issues.filter { $0.id != draft.id }.allSatisfy(\.reviewed))
        #expect(IssueDraft.placeholders(of: issue) == ["title", "summary", "area", "body"])
        #expect(throws: StatusEditor.Failure.self) {
            try StatusEditor(knowledgeBase: drafted).reviewedFile(issue: draft.id)
        }

        let written = draft.text
            .replacingOccurrences(of: IssueDraft.titleMark, with: "Rapor digital: ")
            .replacingOccurrences(of: IssueDraft.summaryMark, with: "Rapor tidak bisa dicetak.")
            .replacingOccurrences(of: "\"\(IssueDraft.areaMark)\"", with: "Rapor Digital")
            .replacingOccurrences(of: IssueDraft.bodyMark, with: "Tim sedang menelusuri.")
        try written.write(to: file, atomically: true, encoding: .utf8)
        let edited = try KnowledgeBase.load(from: folder.path)
        #expect(IssueDraft.placeholders(of: try #require(edited.issue(draft.id))).isEmpty)
        let path = try StatusEditor(knowledgeBase: edited).applyReview(issue: draft.id)
        let after = try String(contentsOfFile: path, encoding: .utf8)
        let changed = zip(
            written.split(separator: "\n", omittingEmptySubsequences: false),
            after.split(separator: "\n", omittingEmptySubsequences: false)
        )
        .filter { $0 != $1 }
        #expect(changed.map { String($0.1) } == ["reviewed: true"])
        #expect(try KnowledgeBase.load(from: folder.path).issue(draft.id)?.reviewed == true)
        #expect(throws: StatusEditor.Failure.self) {
            try StatusEditor(knowledgeBase: try KnowledgeBase.load(from: folder.path)).reviewedFile(issue: draft.id)
        }
    }

    @Test func aSmallClusterLendsItsSentencesAsExamplesButNeverInventsAny() throws {
        let cluster = try #require(EmergingIssues(tickets: Self.tickets().tickets).clusters.first)
        let long = (0..<5).map {
            "Rapor digital kelas \($0 + 1) tidak bisa dicetak. Tombol unduh PDF rapor error terus. Sudah dicoba ulang \($0 + 2) kali. Terima kasih."
        }
        let draft = IssueDraft(cluster: cluster, texts: long, knowledgeBase: Trained.knowledgeBase, today: "2024-08-01")
        #expect(draft.examples.count >= IssueDraft.examplesNeeded, "\(draft.examples)")
        #expect(!draft.examples.contains("Terima kasih."))
        #expect(
            IssueDraft.sentences(of: "Akun belajar.id terkunci. Versi 1.5 error!\nMohon dicek? ya")
                == ["Akun belajar.id terkunci.", "Versi 1.5 error!", "Mohon dicek?", "ya"])
        _ = try Self.check(draft)
        let same = Array(repeating: "rapor digital error", count: 5)
        #expect(
            IssueDraft(cluster: cluster, texts: same, knowledgeBase: Trained.knowledgeBase, today: "2024-08-01")
                .examples == ["rapor digital error"])
    }
}

@Suite struct EmergingMergeTests {
    static let certificate = [
        "Sertifikat pelatihan mandiri belum terbit padahal semua topik sudah selesai",
        "sertifikat pelmand blm keluar min, aksi nyata sudah divalidasi",
        "Kenapa sertifikat saya tidak muncul setelah menyelesaikan pelatihan mandiri?",
        "Mohon bantuan, sertifikat belum bisa diunduh, tombol unduh sertifikat tidak ada",
        "Sudah lulus semua modul pelatihan tapi sertifikatnya belum tersedia",
        "sertifikat pelatihan tidak terbit sudah seminggu, mohon dicek",
        "Setelah aksi nyata dinilai, sertifikat belum diterbitkan sampai sekarang",
        "Unduh sertifikat pelatihan mandiri gagal, katanya sertifikat belum ada",
    ]
    static let attendance = [
        "Presensi guru di aplikasi lokasi GPS tidak terdeteksi", "absen presensi gagal karena lokasi gps salah",
        "Lokasi GPS presensi tidak sesuai sekolah, absen ditolak", "presensi harian gagal, gps lokasi tidak terbaca",
    ]

    static func tickets(seed: UInt64) -> (tickets: [UnknownTicket], planted: [Int64: String]) {
        var random = SplitMix64(seed: seed)
        let vocabulary = Array(RootWords.standard).sorted()
        let closings = ["mohon dibantu", "terima kasih", "mohon dicek", "sudah seminggu", "", "", ""]
        var tickets: [UnknownTicket] = []
        var planted: [Int64: String] = [:]
        for index in 0..<1_500 {
            let rowID = Int64(index + 1)
            let roll = random.next() % 10
            var text: String
            if roll < 2 {
                text = certificate.randomElement(using: &random)!
                planted[rowID] = "sertifikat"
            } else if roll < 3 {
                text = attendance.randomElement(using: &random)!
                planted[rowID] = "presensi"
            } else {
                text = (0..<8).map { _ in vocabulary.randomElement(using: &random)! }.joined(separator: " ")
            }
            text += " " + closings.randomElement(using: &random)!
            tickets.append(
                UnknownTicket(rowID: rowID, createdAt: 1_720_000_000 + Int64(index) * 1_200, text: text, role: "Guru"))
        }
        return (tickets, planted)
    }

    @Test(arguments: [5, 6, 7] as [UInt64])
    func aNewProblemBesideAnOldTopicStaysItsOwnCluster(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let vocabulary = Array(RootWords.standard).sorted()
        let old = [
            "Aksi nyata pelatihan mandiri saya ditolak dengan alasan tidak sesuai panduan",
            "aksi nyata di pelatihan mandiri ditolak padahal sudah sesuai panduan",
            "Kenapa aksi nyata pelatihan mandiri ditolak terus?",
        ]
        let new = [
            "Tombol kirim aksi nyata pelatihan mandiri tidak bisa diklik",
            "tombol kirim di aksi nyata pelatihan mandiri tidak bisa diklik, abu-abu terus",
            "aksi nyata pelatihan mandiri tidak bisa dikirim, tombol kirim tidak merespon saat diklik",
            "Tombol kirim aksi nyata di pelatihan mandiri diam saja kalau ditekan",
        ]
        var tickets: [UnknownTicket] = []
        var planted: [Int64: String] = [:]
        let start: Int64 = 1_720_000_000
        for index in 0..<1_500 {
            let rowID = Int64(index + 1)
            // 20 days; the new problem only in the last two.
            let time = start + Int64(index) * 20 * 86_400 / 1_500
            let roll = random.next() % 10
            var text: String
            if roll < 2 {
                text = old.randomElement(using: &random)!
                planted[rowID] = "old"
            } else if roll < 5, time >= start + 18 * 86_400 {
                text = new.randomElement(using: &random)!
                planted[rowID] = "new"
            } else {
                text = (0..<8).map { _ in vocabulary.randomElement(using: &random)! }.joined(separator: " ")
            }
            tickets.append(UnknownTicket(rowID: rowID, createdAt: time, text: text, role: nil))
        }
        let found = EmergingIssues(tickets: tickets)
        let (best, precision, recall) = try #require(found.best(for: planted, "new"))
        let isNew = best.isNew
        #expect(precision >= 0.9 && recall >= 0.9 && isNew, "precision \(precision), recall \(recall), \(best.terms)")
    }

    @Test(arguments: [7, 11, 23, 31, 47] as [UInt64])
    func aProblemWrittenInEightWaysIsOneClusterAndTwoProblemsStayApart(seed: UInt64) throws {
        let (tickets, planted) = Self.tickets(seed: seed)
        let found = EmergingIssues(tickets: tickets)
        var best: [String: String] = [:]
        for label in ["sertifikat", "presensi"] {
            let (cluster, precision, recall) = try #require(found.best(for: planted, label))
            #expect(precision >= 0.9 && recall >= 0.9, "\(label): precision \(precision), recall \(recall)")
            best[label] = cluster.id
        }
        #expect(best["sertifikat"] != best["presensi"], "two problems merged into \(best)")
    }
}

extension EmergingIssues {
    /// The cluster holding most of the tickets planted as `label`, with its precision and recall
    /// against them.
    func best(for planted: [Int64: String], _ label: String) -> (cluster: Cluster, precision: Double, recall: Double)? {
        let truth = Set(planted.filter { $0.value == label }.keys)
        func hits(_ cluster: Cluster) -> Int { Set(cluster.rowIDs).intersection(truth).count }
        guard let best = clusters.max(by: { hits($0) < hits($1) }), !truth.isEmpty else { return nil }
        return (best, Double(hits(best)) / Double(best.size), Double(hits(best)) / Double(truth.count))
    }
}
