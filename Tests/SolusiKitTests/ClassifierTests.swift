import Foundation
import IndonesianText
import Testing

@testable import SolusiKit
@testable import SolusiSQLite

/// One classifier trained on the project's knowledge base, shared by the tests (training takes a
/// few seconds in a debug build).
enum Trained {
    static let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let knowledgeBase = try! KnowledgeBase.load(
        from: here.appendingPathComponent("../../Articles").standardized.path)
    static let result = TicketClassifier.train(knowledgeBase: knowledgeBase)
    static var classifier: TicketClassifier { result.0 }

    static let evaluationSet = heldOut("eval-tickets.jsonl")
    /// Written blind from the issues' summaries, before scoring, never edited after.
    static let blindSet = heldOut("blind-tickets.jsonl")

    static func heldOut(_ file: String) -> [TrainingExample] {
        let text = try! String(contentsOf: here.appendingPathComponent("Fixtures/" + file), encoding: .utf8)
        return text.split(separator: "\n").map {
            let object = try! JSONDecoder().decode([String: String].self, from: Data($0.utf8))
            return TrainingExample(text: object["text"]!, issue: object["label"]!)
        }
    }
}

@Suite struct ClassifierTests {
    /// The floor is what this model measured (0.990 macro-F1 on the 180 held-out tickets when
    /// written), less a margin for harmless changes; a real regression falls through it.
    @Test func heldOutMacroF1StaysAboveTheMeasuredFloor() {
        let evaluation = Trained.classifier.evaluate(Trained.evaluationSet)
        #expect(evaluation.macroF1 >= 0.95, "macro-F1 \(evaluation.macroF1)")
        #expect(evaluation.perClass.allSatisfy { $0.f1 >= 0.85 }, "\(evaluation.perClass.map { ($0.label, $0.f1) })")
    }

    /// The blind set measured 0.969 macro-F1, ECE 0.029 and one ticket (0.6 %) wrong at ≥ 95 %
    /// when these floors were set: the targets are ≥ 0.95 (≥ 0.90 for paraphrase-heavy text),
    /// ECE ≤ 0.05 and at most 1 % wrong at ≥ 95 % confidence.
    @Test func blindSetMeetsTheTargets() throws {
        let evaluation = Trained.classifier.evaluate(Trained.blindSet)
        #expect(evaluation.macroF1 >= 0.95, "macro-F1 \(evaluation.macroF1)")
        #expect(try #require(evaluation.expectedCalibrationError) <= 0.05)
        #expect(try #require(evaluation.confidentlyWrongShare(atLeast: 0.95)) <= 0.01)
    }

    @Test func unknownNamesTheClosestIssuesInsteadOfEvidence() {
        let result = Trained.classifier.classify("Sampai kapan batas akhir tahap perencanaan?", explain: true)
        #expect(result.issue == nil && result.evidence.isEmpty)
        #expect(result.closest.count <= 3 && result.closest.allSatisfy { $0.probability >= 0.05 })
        #expect(zip(result.closest, result.closest.dropFirst()).allSatisfy { $0.probability >= $1.probability })
        // A near miss: not the Dukcapil rejection, but that issue is the closest.
        let near = Trained.classifier.classify("Verval saya ditolak karena ijazah buram", explain: true)
        #expect(near.issue == nil && near.closest.first?.issue == "verval-ptk-tidak-sesuai-dukcapil", "\(near)")
    }

    /// Classifying without explanation scores from each token's remembered block scores; it must
    /// give what the explicit feature vector gives.
    @Test func rememberedTokenScoresEqualTheFeatureVectorsScores() {
        let classifier = Trained.classifier
        for example in Trained.evaluationSet + Trained.blindSet {
            let fast = classifier.extractor.scores(of: example.text, model: classifier.model)
            let explicit = classifier.model.scores(classifier.extractor.features(of: example.text))
            #expect(zip(fast, explicit).allSatisfy { abs($0 - $1) < 1e-4 }, "\(example.text): \(fast) \(explicit)")
            #expect(classifier.classify(example.text).issue == classifier.classify(example.text, explain: true).issue)
        }
    }

    @Test func trainingIsDeterministic() {
        let again = TicketClassifier.train(knowledgeBase: Trained.knowledgeBase).0.model
        let first = Trained.classifier.model
        #expect(again.weights == first.weights && again.bias == first.bias)
        #expect(again.threshold == first.threshold && again.temperature == first.temperature)
        #expect(again.trainingHash == TicketClassifier.trainingHash(knowledgeBase: Trained.knowledgeBase))
    }

    @Test(arguments: [
        "Kapan libur semester dimulai?", "Saya lupa kata sandi akun belajar.id", "Selamat pagi", "🙏🙏🙏", "",
        "Bagaimana cara membuat modul ajar untuk kelas 5?", "Tunjangan profesi saya belum cair bulan ini",
        "Berapa nilai minimal post test pelatihan mandiri?",
    ])
    func outOfScopeTextsStayUnknown(_ text: String) {
        #expect(Trained.classifier.classify(text).issue == nil)
    }

    @Test(arguments: [
        ("tmbl singkron pmm gk ada di ekinerja, verval udh beres", "tombol-sinkron-pmm-tidak-ada"),
        ("VERVAL PTK DITOLAK, DATA TIDAK SESUAI DUKCAPIL!!!", "verval-ptk-tidak-sesuai-dukcapil"),
        ("sy kepsek, predikat kinerja guru2 gagal trs dikirim", "predikat-kinerja-gagal-kirim"),
        ("jdwl obsevasi gk bs disimpan min", "jadwal-observasi-gagal-input"),
    ])
    func chatSpellingAndTyposAreUnderstood(_ text: String, _ issue: String) {
        #expect(Trained.classifier.classify(text).issue == issue)
    }

    /// A web form's category is picked from a list, often wrongly; the answer comes from what the
    /// writer wrote, at any length.
    @Test(arguments: ["Verval PTK", "Observasi Kelas", "Sinkron PMM e-Kinerja", "Predikat Kinerja"])
    func aFormsChosenCategoryIsNotRead(_ category: String) {
        let question = """
            Saya ingin mengganti alamat email yang terhubung dengan akun belajar.id karena email lama \
            sudah tidak bisa saya buka. Menu lupa kata sandi mengirim kodenya ke email lama itu.
            """
        let long = """
            Nama: Sri Wahyuni
            Sekolah: SMP Negeri 4 Kendari
            Kategori: \(category)
            Deskripsi: Selamat siang. \(question) Sudah saya coba dari HP dan laptop. Mohon dibantu \
            caranya, karena minggu depan ada pelatihan yang harus saya ikuti. Terima kasih.
            """
        #expect(Trained.classifier.classify(long).issue == nil, "\(Trained.classifier.classify(long))")
        #expect(Trained.classifier.classify("Kategori: \(category)\nDeskripsi: \(question)").issue == nil)
        let problem = "Kategori: \(category)\nDeskripsi: tombol sinkron PMM tidak ada di e-Kinerja saya"
        #expect(Trained.classifier.classify(problem).issue == "tombol-sinkron-pmm-tidak-ada")
    }

    /// An agent's label trains on the ticket as it is classified, its picked fields left out.
    @Test func aLabelledFormTrainsWithoutItsPickedFields() {
        let label = TrainingExample(text: "Kategori: Verval PTK\nDeskripsi: tombol sinkron tidak ada", issue: "x")
        let (examples, _) = TicketClassifier.trainingSet(knowledgeBase: Trained.knowledgeBase, agentLabels: [label])
        #expect(examples.last?.text == "Deskripsi: tombol sinkron tidak ada")
    }

    @Test func formChoicesAreTheFieldsPickedFromAList() {
        #expect(FormChoices.isChoice("Kategori: Verval PTK"))
        #expect(FormChoices.isChoice("  SUB KATEGORI :  Akun belajar.id"))
        #expect(FormChoices.isChoice("Jenis Layanan: Pengaduan"))
        #expect(!FormChoices.isChoice("Deskripsi: tombol sinkron tidak ada"), "written, not picked")
        #expect(
            !FormChoices.isChoice("Kategori: saya tidak tahu harus memilih yang mana di sini"), "too long for a list")
        #expect(!FormChoices.isChoice("Kategori Verval PTK"), "no colon")
        let text = "Judul: tombol hilang\nKategori: Observasi\nDeskripsi: tombol sinkron PMM tidak ada"
        #expect(FormChoices.removed(from: text) == "Judul: tombol hilang\nDeskripsi: tombol sinkron PMM tidak ada")
        #expect(FormChoices.removed(from: "tanpa titik dua") == "tanpa titik dua")
    }

    @Test func confidencesAreProbabilitiesAndMeanSomething() {
        let evaluation = Trained.classifier.evaluate(Trained.evaluationSet)
        #expect(evaluation.confidences.allSatisfy { $0 >= 0 && $0 <= 1 })
        // Of the answers given with 90% confidence or more, at least 85% are right.
        let confident = evaluation.confidences.indices.filter { evaluation.confidences[$0] >= 0.9 }
        let right = confident.filter { evaluation.truth[$0] == evaluation.predicted[$0] }
        #expect(!confident.isEmpty && Double(right.count) / Double(confident.count) >= 0.85)
    }

    @Test func evidenceNamesWordsOfTheTicket() {
        let text = "Selamat siang, tombol sinkron PMM tidak muncul di e-Kinerja BKN padahal NIP sudah diperbarui"
        let result = Trained.classifier.classify(text, explain: true)
        #expect(result.issue == "tombol-sinkron-pmm-tidak-ada")
        #expect(!result.evidence.isEmpty)
        // Each piece of evidence is words of the ticket, or the label of a concept it mentions.
        let words = Set(TextPipeline().analyze(text).map(\.text))
        let labels = Set(Trained.knowledgeBase.concepts.map(\.label))
        for evidence in result.evidence {
            #expect(
                labels.contains(evidence) || evidence.split(separator: " ").allSatisfy { words.contains(String($0)) },
                "\(evidence)")
            #expect(!FillerWords.isFiller(evidence), "\(evidence)")
        }
        #expect(result.evidence.contains("e-Kinerja BKN"))
        #expect(Trained.classifier.articleURLs(for: result.issue) == ["https://s.id/TindakLanjutGagalSinkroPMM"])
    }

    @Test func aStoredModelReloadsToIdenticalPredictions() throws {
        let folder = try TemporaryFolder()
        let store = try SQLiteStore(path: folder.path("db.sqlite"))
        let (classifier, heldOut) = Trained.result
        let version = try store.saveModel(classifier.model.record(heldOut: heldOut, createdAt: 0))
        let stored = try #require(try store.model(trainingHash: classifier.model.trainingHash))
        #expect(stored.version == version && stored.heldOutMacroF1 == heldOut.macroF1)
        let model = try #require(IssueModel(record: stored))
        let reloaded = TicketClassifier(knowledgeBase: Trained.knowledgeBase, model: model)
        for example in Trained.evaluationSet {
            let a = classifier.classify(example.text)
            let b = reloaded.classify(example.text)
            #expect(a.issue == b.issue && a.confidence == b.confidence)
        }
        #expect(try store.model(trainingHash: 12345) == nil)
    }

    @Test func storedTicketsAreClassifiedPageByPageAndDequeued() async throws {
        let fixture = try IngestFixture()
        let csv =
            plainHeader
            + (1...25).map { "T\($0),2024-07-01,Tombol sinkron PMM tidak ada,di e-Kinerja BKN,,,,," }
            .joined(separator: "\n") + "\nT99,2024-07-01,Lupa kata sandi,akun belajar.id,,,,,\n"
        _ = try fixture.ingest("t.csv", csv)
        let version = try fixture.store.saveModel(
            Trained.classifier.model.record(heldOut: Trained.result.1, createdAt: 0))
        let service = ClassificationService(knowledgeBase: Trained.knowledgeBase, store: fixture.store)
        let choice = ClassificationService.ModelChoice(classifier: Trained.classifier, version: version, heldOut: nil)
        var pages = 0
        let run = try service.classifyStoredTickets(with: choice, all: false, pageSize: 10) { _ in pages += 1 }
        #expect(run.classified == 26 && run.unknown == 1 && pages == 3)
        #expect(
            try service.classifyStoredTickets(with: choice, all: false).classified == 0, "nothing is left in the queue")
        #expect(try service.classifyStoredTickets(with: choice, all: true).classified == 26)
        let counts = try await fixture.store.counts()
        #expect(counts.classified == 26 && counts.unknown == 1)
    }

    @Test func evaluationArithmetic() {
        let evaluation = Evaluation(
            labels: ["a", "other"], truth: ["a", "a", "other", "other"], predicted: ["a", "other", "other", "a"],
            confidences: [0.95, 0.6, 0.97, 0.55])
        #expect(evaluation.accuracy == 0.5)
        #expect(evaluation.confusion == [[1, 1], [1, 1]])
        #expect(evaluation.perClass[0].precision == 0.5 && evaluation.perClass[0].recall == 0.5)
        #expect(evaluation.macroF1 == 0.5)
        #expect(evaluation.calibration.map(\.count) == [1, 1, 2])
    }
}
