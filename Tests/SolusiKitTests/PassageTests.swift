import Foundation
import IndonesianText
import Testing

@testable import SolusiKit

@Suite struct PassageTests {
    @Test func sentencesEndAtPunctuationBeforeSpaceAndAtLineBreaks() {
        let parts = Passages.parts(of: "Yth. Admin, akun belajar.id saya versi 1.5 error!\nMohon dicek? ya; oke ...")
        #expect(
            parts.map { $0.trimmingCharacters(in: .whitespaces) }
                == ["Yth.", "Admin, akun belajar.id saya versi 1.5 error!", "Mohon dicek?", "ya;", "oke ..."])
        #expect(Passages.parts(of: "...\n\n  \n-- !").isEmpty)
        #expect(Passages.isLong(Array(repeating: "kata", count: 41).joined(separator: " \n")))
        #expect(!Passages.isLong(Array(repeating: "kata", count: 40).joined(separator: "  ")))
    }

    /// The 40-word gate counts words between any ASCII white space (and NUL), on either side
    /// of its 64-byte checks, the same as the tokenizer splits chunks.
    @Test func theGateCountsWordsBetweenAnyWhiteSpace() {
        let separators = [" ", "\t", "\n", "\r\n", "\u{0B}", "\u{0C}", "\u{0}", "   "]
        func text(_ count: Int, _ word: String = "kata") -> String {
            (0..<count).map { word + separators[$0 % separators.count] }.joined()
        }
        for word in ["a", "kata", "sinkronisasi", "éèç"] {
            #expect(!Passages.isLong(text(40, word)), "40 × \(word)")
            #expect(Passages.isLong(text(41, word)), "41 × \(word)")
            #expect(!Passages.isLong("  \n" + text(40, word) + "\t\t"), "40 × \(word), padded")
        }
        #expect(!Passages.isLong(String(repeating: "x", count: 5000)))
        #expect(!Passages.isLong(""))
        #expect(!Passages.isLong(String(repeating: "-", count: 63) + " " + text(39)))
    }

    @Test func aTranscriptWithoutPunctuationIsCutIntoRunsOfWords() {
        let words = (1...40).map { "kata\($0)" }
        #expect(Passages.parts(of: words.joined(separator: " ")).map { $0.split(separator: " ").count } == [16, 16, 8])
        #expect(Passages.parts(of: words.prefix(Passages.longRun).joined(separator: "  ")).count == 1)
    }

    @Test func passagesAreRunsOfOneToFourParts() {
        #expect(Passages.windows(1).isEmpty)
        #expect(
            Passages.windows(5) == [
                0..<1, 0..<2, 0..<3, 0..<4, 1..<2, 1..<3, 1..<4, 1..<5, 2..<3, 2..<4, 2..<5, 3..<4, 3..<5, 4..<5,
            ])
    }

    /// A run cut from a long sentence that holds punctuation alone is no part (found by the
    /// fuzzer: a lone "." after 32 words).
    @Test func aRunOfPunctuationIsNoPart() {
        let words = (1...32).map { "kata\($0)" }.joined(separator: " ")
        let parts = Passages.parts(of: "\(words) . ! ,\nTombol sinkron tidak ada.")
        #expect(parts.count == 3, "\(parts)")
        #expect(parts.allSatisfy { $0.contains(where: \.isLetter) }, "\(parts)")
    }

    /// The parts' sums add up to what the extractor computes for their text read together, but
    /// for the word pair across the boundary and a word counted in both.
    @Test func partSumsAddUpToTheScoresOfTheirText() {
        let classifier = Trained.classifier
        let parts: [Substring] = ["Jadwal observasi tidak tersimpan.", " Anak saya sedang sakit."]
        let (whole, sums) = classifier.extractor.scores(ofParts: parts, model: classifier.model)
        let alone = classifier.extractor.scores(of: parts.joined(), model: classifier.model)
        #expect(zip(whole, alone).allSatisfy { abs($0 - $1) < 1e-4 }, "\(whole) \(alone)")
        let first = classifier.model.normalized(sums[0])
        let firstAlone = classifier.extractor.scores(of: String(parts[0]), model: classifier.model)
        #expect(zip(first, firstAlone).allSatisfy { abs($0 - $1) < 1e-4 })
        let added = classifier.model.normalized(sums[0] + sums[1])
        #expect(zip(added, whole).allSatisfy { abs($0 - $1) < 0.5 }, "\(added) \(whole)")
    }
}

/// Long tickets: the blind sets wrapped in 150-300 words of background written apart from the
/// knowledge base and the trainer's own (Scripts/wrap-tickets, Fixtures/background.json).
@Suite struct LongTicketTests {
    static let wrappedBlind = Trained.heldOut("wrapped-blind-tickets.jsonl")
    static let weaknesses = Trained.heldOut("weakness-tickets.jsonl")
    static let wrappedWeaknesses = Trained.heldOut("wrapped-weakness-tickets.jsonl")

    /// Measured when written: blind 0.959, wrapped 0.969 macro-F1; ECE 0.075 and one ticket
    /// (0.6 %) wrong at ≥ 0.95 wrapped (before reading passages: 0.088 macro-F1, ECE 0.71, 69 %
    /// wrong at ≥ 0.95).
    @Test func backgroundDoesNotDrownTheProblem() throws {
        let plain = Trained.classifier.evaluate(Trained.blindSet)
        let wrapped = Trained.classifier.evaluate(Self.wrappedBlind)
        #expect(wrapped.macroF1 >= plain.macroF1 - 0.02, "\(wrapped.macroF1) against \(plain.macroF1)")
        #expect(try #require(wrapped.confidentlyWrongShare(atLeast: 0.95)) <= 0.01)
        #expect(try #require(wrapped.expectedCalibrationError) <= 0.05)
        let weak = Trained.classifier.evaluate(Self.weaknesses)
        let wrappedWeak = Trained.classifier.evaluate(Self.wrappedWeaknesses)
        #expect(weak.macroF1 >= 0.85 && wrappedWeak.macroF1 >= 0.85, "\(weak.macroF1) \(wrappedWeak.macroF1)")
    }

    /// Other styles of writing (web forms with a category field, agents' escalation notes,
    /// follow-ups, Indonesian mixed with English), written blind before any change for them:
    /// 0.960 macro-F1 alone and 0.923 wrapped when written (TF-IDF words + chars + SVM 0.923 alone);
    /// 0.942 wrapped once a form's category field is not read (`FormChoices`); 0.960 with phrase pairs.
    @Test func otherStylesOfWritingAloneAndAtLength() {
        let style = Trained.classifier.evaluate(Trained.heldOut("style-tickets.jsonl"))
        let wrapped = Trained.classifier.evaluate(Trained.heldOut("wrapped-style-tickets.jsonl"))
        #expect(style.macroF1 >= 0.93, "\(style.macroF1)")
        #expect(wrapped.macroF1 >= style.macroF1 - 0.03, "\(wrapped.macroF1) against \(style.macroF1)")
    }

    /// Long stories that reach their problem over several sentences (I opened the page, my
    /// colleague has the option, mine does not), the kind a help desk's most careful writers send.
    /// Far from the goal: when written, the blind set (20) scored 0.577 macro-F1, ECE 0.33
    /// (fastText 0.753, TF-IDF + SVM 0.436); passages of up to four sentences took it to 0.610 and
    /// the dev set written after it (35) from 0.839 to 0.862 (fastText 0.731). This holds that line.
    @Test func storiesThatReachTheProblemStepByStep() {
        let story = Trained.classifier.evaluate(Trained.heldOut("story-tickets.jsonl"))
        let dev = Trained.classifier.evaluate(Trained.heldOut("story-dev-tickets.jsonl"))
        #expect(story.macroF1 >= 0.58 && dev.macroF1 >= 0.83, "\(story.macroF1) \(dev.macroF1)")
    }

    /// Wrapping a ticket should not make a wrong answer surer. Not yet met: measured with the
    /// knowledge base of this commit, of 266 tickets, 4 wrong answers on the wrapped ticket were
    /// more confident than the ticket alone got, by more than 0.05, the most at 0.940 (0.936
    /// before phrase pairs; 8 and 0.953 when a sentence of background beside the problem counted
    /// against it). All four are "unknown" for a ticket that is also missed alone. This holds
    /// that line; the goal is none.
    @Test func aWrongAnswerOnAWrappedTicketIsNotConfident() {
        let sets = [(Trained.blindSet, Self.wrappedBlind), (Self.weaknesses, Self.wrappedWeaknesses)]
        var surer: [(String, Double, Double)] = []
        for (plain, wrapped) in sets {
            for (ticket, long) in zip(plain, wrapped) {
                let answer = Trained.classifier.classify(long.text)
                guard (answer.issue ?? TrainingExample.outOfScope) != long.issue else { continue }
                let alone = Trained.classifier.classify(ticket.text)
                if answer.confidence > alone.confidence + 0.05 {
                    surer.append((ticket.text, alone.confidence, answer.confidence))
                }
            }
        }
        #expect(surer.count <= 4 && surer.allSatisfy { $0.2 < 0.95 }, "\(surer)")
    }

    @Test func theEvidenceComesFromTheProblemsPassage() {
        let text = """
            Selamat pagi Bapak dan Ibu. Saya guru kelas di sebuah SD di pegunungan, sinyal di sini sering hilang.
            Anak saya sedang sakit sehingga saya baru sempat menulis. Sudah saya coba di HP dan laptop.

            Di e-Kinerja BKN saya tidak ada tombol sinkron PMM, padahal NIP sudah diperbarui di Verval PTK.

            Terima kasih atas bantuannya, semoga sehat selalu.
            """
        let answer = Trained.classifier.classify(text, explain: true)
        #expect(answer.issue == "tombol-sinkron-pmm-tidak-ada", "\(answer)")
        let passage = Set(
            TextPipeline().analyze(
                "Di e-Kinerja BKN saya tidak ada tombol sinkron PMM, padahal NIP sudah diperbarui di Verval PTK"
            ).map(\.text))
        let labels = Set(Trained.knowledgeBase.concepts.map(\.label))
        #expect(!answer.evidence.isEmpty)
        for evidence in answer.evidence {
            #expect(
                labels.contains(evidence) || evidence.split(separator: " ").allSatisfy { passage.contains(String($0)) },
                "\(evidence)")
        }
    }

    /// A sentence that qualifies the problem is read with it: the button is there, syncing fails.
    /// The sentence alone is the missing-button issue; in a long ticket it is read as a passage,
    /// and the sentence after it undoes it.
    @Test func aQualifyingSentenceUndoesAPassage() {
        let button = "Tombol sinkron PMM di e-Kinerja BKN saya ada."
        let text = """
            Selamat siang Bapak dan Ibu admin. Saya guru SMP negeri di Kabupaten Sleman dan sudah mengajar
            sebelas tahun. Sekolah kami jauh dari kota dan sinyal sering hilang. \(button)
            Tetapi setiap kali ditekan, hasilnya gagal dan keluar pesan server sedang sibuk. Terima kasih atas bantuannya.
            """
        #expect(Passages.isLong(text))
        #expect(Trained.classifier.classify(button).issue == "tombol-sinkron-pmm-tidak-ada")
        #expect(Trained.classifier.classify(text).issue != "tombol-sinkron-pmm-tidak-ada")
    }
}

/// Adding an issue from a cluster of unknown tickets does not move the verdicts on the other
/// issues' tickets: the claim threshold is a fixed rule, not re-chosen for the new set of issues.
@Test func addingAnIssueLeavesTheOtherVerdictsAlone() throws {
    var random = SplitMix64(seed: 11)
    let openings = ["", "Selamat pagi, ", "Mohon bantuan, ", "min, ", "Yth. admin, "]
    let problems = [
        "sinkron PMM ke e-Kinerja gagal karena SKP organisasi belum dibuat atasan",
        "proses sinkron e-Kinerja gagal, pesan error SKP atasan belum ada",
        "sinkronisasi SKP dari PMM ke e-Kinerja gagal, katanya atasan belum membuat SKP organisasi",
        "gagal sinkron e-kinerja, muncul pesan SKP organisasi atasan belum dibuat",
    ]
    let closings = ["", " Terima kasih.", " Mohon dicek.", " Sudah seminggu begini."]
    let tickets = (0..<40).map { index in
        UnknownTicket(
            rowID: Int64(index + 1), createdAt: 1_720_000_000 + Int64(index) * 3_600,
            text: openings[random.below(openings.count)] + problems[random.below(problems.count)]
                + closings[random.below(closings.count)], role: "Guru")
    }
    let cluster = try #require(EmergingIssues(tickets: tickets, minimumSize: 2).clusters.max { $0.size < $1.size })
    let texts = Dictionary(uniqueKeysWithValues: tickets.map { ($0.rowID, $0.text) })
    let draft = IssueDraft(
        cluster: cluster, texts: cluster.rowIDs.map { texts[$0]! }, knowledgeBase: Trained.knowledgeBase,
        today: "2024-08-01")
    let grown = TicketClassifier.train(knowledgeBase: try EmergingIssuesTests.check(draft)).0
    let fixed = (Trained.evaluationSet + Trained.blindSet).filter { $0.issue != TrainingExample.outOfScope }
    let moved = fixed.filter { Trained.classifier.classify($0.text).issue != grown.classify($0.text).issue }
    #expect(grown.model.labels.contains(draft.id))
    print("adding \(draft.id) moved \(moved.count) of \(fixed.count) verdicts")
    #expect(
        Double(moved.count) <= 0.01 * Double(fixed.count),
        "\(moved.count) of \(fixed.count) moved: \(moved.map(\.text))")
}
