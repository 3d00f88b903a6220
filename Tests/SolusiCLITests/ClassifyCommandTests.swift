import Foundation
import Testing

@Suite struct ClassifyCommandTests {
    let folder: URL
    static let articles = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Articles").standardized.path

    init() throws { folder = try temporaryFolder() }

    func run(_ arguments: [String]) throws -> Run {
        try solusi(arguments + ["--articles", Self.articles], in: folder)
    }

    @Test func classifyInputKeepsOrderIdsAndErrorsWithoutADatabase() throws {
        let lines = [
            #"{"id":"a","text":"tombol sinkron PMM tidak ada di e-Kinerja"}"#,
            #"{"subject":"Lupa kata sandi akun belajar.id"}"#,
            #"{"id":"c"}"#,
            "{rusak",
        ]
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: folder.appendingPathComponent("in.jsonl"))
        let result = try run(["classify", "--input", "in.jsonl"])
        #expect(result.status == 0, "\(result.stderr)")
        let records = result.stdout.split(separator: "\n").map {
            try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
        #expect(records.map { $0["id"] as? String } == ["a", "2", "c", "4"])
        #expect(records[0]["issue"] as? String == "tombol-sinkron-pmm-tidak-ada")
        #expect(records[0]["articles"] as? [String] == ["https://s.id/TindakLanjutGagalSinkroPMM"])
        #expect(records[1]["issue"] is NSNull && (records[1]["confidence"] as? Double ?? 0) > 0.5)
        #expect(records[2]["error"] != nil && records[3]["error"] != nil)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("solusi.sqlite").path))
    }

    @Test func trainStoresAModelThatClassifyAndStatusUse() throws {
        try Data(
            "id,created_at,subject,description\n1,2024-07-01,Verval PTK ditolak,data tidak sesuai dengan Dukcapil\n2,2024-07-01,Halo,kapan libur sekolah?\n"
                .utf8
        ).write(to: folder.appendingPathComponent("t.csv"))
        #expect(try run(["ingest", "t.csv"]).status == 0)
        let train = try run(["train"])
        #expect(train.status == 0 && train.stdout.contains("Model versi 1"), "\(train.stderr)")
        let classify = try run(["classify", "--json"])
        #expect(try json(classify.stdout) == ["classified": 2, "unknown": 1, "model": 1])
        let status = try json(try run(["status", "--json"]).stdout)
        #expect(status["classified"] == 2 && status["unknown"] == 1)
        // Nothing is left in the queue; --all classifies again with the same stored model.
        #expect(try json(try run(["classify", "--json"]).stdout)["classified"] == 0)
        #expect(
            try json(try run(["classify", "--all", "--json"]).stdout) == ["classified": 2, "unknown": 1, "model": 1])

        let text = try run(["classify", "VERVAL PTK ditolak krn tidak sesuai dukcapil"])
        #expect(text.stdout.contains("verval-ptk-tidak-sesuai-dukcapil") && text.stdout.contains("Solusi tersedia"))
    }

    @Test(arguments: ["", "   ", "\n\t"])
    func anEmptyTextIsRefused(_ text: String) throws {
        let result = try run(["classify", text])
        #expect(result.status == 1 && result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("solusi: teks tiket kosong"), "\(result.stderr)")
    }

    @Test func anUnknownTicketSaysHowSureAndWhichIssueCameClosest() throws {
        let result = try run(["classify", "Verval saya ditolak karena ijazah buram"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("bahwa tidak ada isu yang diketahui yang cocok"), "\(result.stdout)")
        #expect(result.stdout.contains("Terdekat:") && result.stdout.contains("verval-ptk-tidak-sesuai-dukcapil"))
        #expect(!result.stdout.contains("Bukti:"))
    }

    @Test func evalReportsEveryMeasureAsJSON() throws {
        let lines = [
            #"{"text":"tombol sinkron PMM tidak ada di e-Kinerja","label":"tombol-sinkron-pmm-tidak-ada"}"#,
            #"{"text":"kapan libur sekolah","label":"other"}"#,
        ]
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: folder.appendingPathComponent("eval.jsonl"))
        let result = try run(["eval", "eval.jsonl", "--json"])
        let report = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
        #expect(report["count"] as? Int == 2 && report["accuracy"] as? Double == 1)
        #expect(
            Set(report.keys) == [
                "count", "accuracy", "macro_f1", "ece", "wrong_at_95", "labels", "per_class", "confusion",
                "calibration",
            ])
        #expect((report["confusion"] as? [[Int]])?.count == 5)
    }
}
