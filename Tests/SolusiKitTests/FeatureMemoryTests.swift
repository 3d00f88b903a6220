import Foundation
import IndonesianText
import Testing

@testable import SolusiKit

/// The extractor reads texts chunk by chunk from its memory; what it gets must always be what the
/// whole text's `TextPipeline.analyze` gives, including where tokens join across spaces.
@Suite struct FeatureMemoryTests {
    static let boundaryTexts = [
        "hubungi 0812 3456 7890 ya", "NIK: 3201 2345 6789 0123 tidak sesuai", "nuptk 3201234567890123 salah",
        "NUPTK: 1234 5678 9012 3456", "di e kinerja tidak ada tombol", "e - kinerja error", "0812 - 3456 - 7890",
        "kelas 5 6 dan 7", "tahun 2024, bulan 7", "e\u{00A0}kinerja pakai spasi tak terputus", "e", "kinerja e",
        "guru2 dan kepsek2 belum bisa", "Tolonggg min!!! maaaf", "email saya guru@sekolah.id dan https://s.id/abc",
        "<nik> (<nip>), <telepon>", "Ｅ－ｋｉｎｅｒｊａ lebar", "café résumé naïve", "٣٢٠١ angka arab", "", "   ", "!!! ??? ...",
        "tombol sink ron pe em em di e kiner ja", "ver val pe te ka (duk cap il)", "pe, em em", "di si as in",
    ]

    @Test func chunkMemoryGivesTheSameFeaturesAsTheWholeText() throws {
        let extractor = TicketClassifier.extractor(for: Trained.knowledgeBase)
        let texts =
            Self.boundaryTexts + Trained.evaluationSet.map(\.text) + Trained.knowledgeBase.examples.map(\.text)
        // Twice: the first pass fills the chunk table, the second reads from it.
        for _ in 0..<2 {
            for text in texts {
                let fast = extractor.features(of: text, keepSources: true)
                let whole = extractor.featuresAnalyzingWholeText(text)
                #expect(fast.indices == whole.indices, "\(text)")
                #expect(fast.values == whole.values, "\(text)")
                #expect(fast.sources == whole.sources, "\(text)")
            }
        }
    }

    /// Random texts built from the pieces that join or split tokens.
    @Test func randomTextsOfTrickyPiecesAgree() {
        let pieces = [
            "e", "kinerja", "e-kinerja", "nuptk", "NUPTK:", "0812", "3456", "7890", "3201234567890123", "12", "2",
            "guru2", "-", "(", ")", ",", "<nik>", "<angka>", "tombol", "sinkron", "pmm", "dukcapil", "mengirimkan",
            "tolonggg", "é", "s.id/x", "a@b.id", "١٢", "pe", "em", "te", "ka", "es", "duk", "cap", "il", "kiner",
            "ja", "sing", "kron", "di",
        ]
        let separators = [" ", "  ", "\n", "\u{00A0}", "", " - ", "\t"]
        let extractor = TicketClassifier.extractor(for: Trained.knowledgeBase)
        var random = SplitMix64(seed: 7)
        for _ in 0..<3000 {
            var text = ""
            for _ in 0..<Int.random(in: 1...8, using: &random) {
                text += pieces.randomElement(using: &random)! + separators.randomElement(using: &random)!
            }
            let fast = extractor.features(of: text, keepSources: true)
            let whole = extractor.featuresAnalyzingWholeText(text)
            #expect(fast.indices == whole.indices && fast.sources == whole.sources, "\(text.debugDescription)")
        }
    }

    @Test func classifyingInParallelGivesTheSameAnswersInOrder() {
        let texts: [String?] =
            Trained.evaluationSet.map(\.text) + [nil]
            + Array(SampleGenerator(count: 400, seed: 2)).map {
                $0.subject + "\n" + $0.description
            }
        let parallel = ParallelClassifier(Trained.classifier, workers: 3).classify(texts)
        #expect(parallel.count == texts.count && parallel[Trained.evaluationSet.count] == nil)
        for (text, answer) in zip(texts, parallel) {
            guard let text else { continue }
            let alone = Trained.classifier.classify(text)
            #expect(answer?.issue == alone.issue && answer?.confidence == alone.confidence, "\(text)")
        }
    }

    @Test func aFullMemoryStartsOverAndKeepsItsSignals() {
        let signals = [(phrase: "tombol sinkron", issue: "a")]
        let small = FeatureExtractor(signals: signals, tokenLimit: 8)
        let roomy = FeatureExtractor(signals: signals)
        let text = "satu dua tiga empat lima enam tujuh delapan sembilan sepuluh tombol sinkron tidak ada"
        for _ in 0..<3 {
            let a = small.features(of: text, keepSources: true)
            let b = roomy.features(of: text, keepSources: true)
            #expect(a.indices == b.indices && a.values == b.values && a.sources == b.sources)
            #expect(a.sources.contains("tombol sinkron"))
        }
    }

    @Test func tokenIDsMatchTheSameTokens() {
        var memory = TokenMemory(pinned: [Token("pmm", .term)]) { [FeatureExtractor.hash(1, $0.text.utf8)] }
        let pipeline = TextPipeline()
        var ids: [Int32] = []
        memory.tokenIDs(of: "PMM pmm, Pmm!", pipeline: pipeline, into: &ids)
        #expect(ids == [0, 0, 0])
        ids.removeAll()
        memory.tokenIDs(of: "menginput menginput", pipeline: pipeline, into: &ids)
        #expect(ids.count == 2 && ids[0] == ids[1] && memory.tokens[Int(ids[0])] == Token("input", .word))
    }
}
