import Foundation
import IndonesianText
import Testing

@testable import SolusiKit

/// Concepts and counter-examples: read and checked from the knowledge base, and what they do to
/// the features and the training.
@Suite struct ConceptTests {
    static let concepts = """
        ---
        concepts:
          - id: observasi
            label: "observasi kelas"
            phrases: [observasi, diobservasi, kunjungan kelas, "kepala sekolah datang ke kelas"]
          - id: tombol
            label: "tombol"
            phrases: [tombol, button]
        ---
        Konsep.

        """

    @Test func conceptsAndCounterexamplesLoad() throws {
        let fixture = try KnowledgeBaseFixture()
        try fixture.write("concepts.md", Self.concepts)
        try fixture.write(
            "issues/tombol-hilang.md",
            KnowledgeBaseFixture.issue(id: "tombol-hilang").replacingOccurrences(
                of: "reply: |", with: "counterexamples:\n  - \"tombol ada tapi error\"\nreply: |"))
        let kb = try fixture.load()
        #expect(kb.concepts.map(\.id) == ["observasi", "tombol"])
        // "diobservasi" stems to "observasi": the same phrasing, kept once.
        #expect(kb.concepts[0].phrases == ["observasi", "kunjungan kelas", "kepala sekolah datang ke kelas"])
        #expect(kb.issue("tombol-hilang")?.counterexamples == ["tombol ada tapi error"])
        #expect(kb.examples.contains(TrainingExample(text: "tombol ada tapi error", issue: TrainingExample.outOfScope)))
    }

    @Test func kbCheckPointsAtEveryConceptMistake() throws {
        let fixture = try KnowledgeBaseFixture()
        try fixture.write(
            "concepts.md",
            """
            ---
            concepts:
              - id: Observasi
                label: "observasi"
                phrases: [observasi]
              - id: kelas
                label: ""
                phrases: [kunjungan, "!!!", diobservasi]
            ---

            """)
        let problems = fixture.problems()
        let lines = problems.map { "\($0.line): \($0.message)" }
        #expect(problems.allSatisfy { $0.file.hasSuffix("concepts.md") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("3:") && $0.contains("Observasi") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("7:") && $0.contains("label") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("8:") && $0.contains("!!!") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("8:") && $0.contains("juga milik konsep \"Observasi\"") }, "\(lines)")
    }

    @Test func aCounterexampleThatIsAlsoAnExampleIsAMistake() throws {
        let fixture = try KnowledgeBaseFixture()
        try fixture.write(
            "issues/tombol-hilang.md",
            KnowledgeBaseFixture.issue(id: "tombol-hilang").replacingOccurrences(
                of: "reply: |", with: "counterexamples:\n  - \"Tombol tidak ada\"\nreply: |"))
        let problems = fixture.problems()
        #expect(problems.count == 1 && problems[0].message.contains("juga berlabel"), "\(problems)")
    }

    @Test func everyPhrasingOfAConceptFiresTheSameFeature() {
        let phrases = ["observasi", "kunjungan kelas", "kepala sekolah datang ke kelas"].map {
            PhraseFeature(kind: .concept, key: "observasi", phrase: $0, label: "observasi kelas")
        }
        let extractor = FeatureExtractor(phrases: phrases)
        let concept = FeatureExtractor.hash(PhraseFeature.Kind.concept.rawValue, "observasi".utf8)
        for text in [
            "jadwal observasi gagal", "ada kunjungan kelas besok", "kepala sekolah mau datang ke kelas saya",
            "Kepala Sekolah akan datang nanti ke kelas",
        ] {
            let vector = extractor.features(of: text, keepSources: true)
            let at = vector.indices.firstIndex(of: concept)
            #expect(at != nil, "\(text)")
            #expect(at.map { vector.sources[$0] } == "observasi kelas")
        }
        // Too far apart, or out of order: not the phrase.
        for text in ["kepala sekolah sudah pulang lalu besok pagi datang ke kelas", "kelas kunjungan"] {
            #expect(!extractor.features(of: text).indices.contains(concept), "\(text)")
        }
    }

    @Test func paraphrasesSwapAConceptsPhrasingForAnother() {
        let pipeline = TextPipeline()
        let paraphraser = ConceptParaphraser(
            concepts: [Concept(id: "observasi", label: "observasi", phrases: ["observasi", "kunjungan kelas"])],
            pipeline: pipeline)
        var random = SplitMix64(seed: 1)
        let variants = paraphraser.variants(of: "Jadwal observasi tidak tersimpan", count: 8, random: &random)
        #expect(variants.count == 8)
        #expect(Set(variants) == ["jadwal observasi tidak simpan", "jadwal kunjungan kelas tidak simpan"])
        #expect(paraphraser.variants(of: "lupa kata sandi", count: 3, random: &random).isEmpty)
    }

    @Test func nearIdenticalExamplesAreHeldOutInTheSameFold() {
        let texts = [
            "tombol sinkron pmm tidak ada di e-kinerja", "tombol sinkron PMM tidak ada di e-kinerja bkn",
            "lupa kata sandi akun", "jadwal observasi tidak tersimpan", "jadwal observasi tidak tersimpan lagi",
            "sertifikat belum terbit",
        ]
        let fold = Trainer.foldOfEach(texts, count: 3, pipeline: TextPipeline())
        #expect(fold[0] == fold[1] && fold[3] == fold[4])
        #expect(Set(fold).count > 1 && fold.allSatisfy { (0..<3).contains($0) })
    }
}

@Suite struct CalibrationTests {
    @Test func expectedCalibrationErrorIsTheConfidenceGapWeightedByBin() throws {
        // Bin 0.9: two answers at 0.95, one right (gap 0.45 × 2/4); bin 0.6: two at 0.6, both right (gap 0.4 × 2/4).
        let evaluation = Evaluation(
            labels: ["a", "other"], truth: ["a", "a", "other", "other"], predicted: ["a", "other", "other", "other"],
            confidences: [0.95, 0.95, 0.6, 0.6])
        let ece = try #require(evaluation.expectedCalibrationError)
        #expect(abs(ece - (0.45 * 0.5 + 0.4 * 0.5)) < 1e-9)
        #expect(evaluation.confidentlyWrongShare() == 0.25)
        #expect(
            Evaluation(labels: ["a"], truth: ["a"], predicted: ["a"], confidences: []).expectedCalibrationError == nil)
    }
}
