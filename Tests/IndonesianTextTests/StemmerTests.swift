import Foundation
import Testing

@testable import IndonesianText

/// Rule families checked with a small dictionary written here; each case names the rule it exercises.
@Suite struct StemmerTests {
    static let stemmer = Stemmer(
        dictionary: [
            "ajar", "kirim", "nilai", "tetap", "kelola", "jadwal", "baru", "sinkron", "unggah", "isi", "kerja",
            "tani", "petan", "sekolah", "tanya", "sapu", "tulis", "pakai", "pukul", "nyanyi", "gambar",
            "kaji", "undang", "rangkum", "lapor", "daftar", "ubah", "tari", "gigi", "guru", "laku", "masuk",
            "cinta", "tahu", "budaya", "lewat", "ideal", "rata", "tunjuk", "sampai", "ingat", "rumah", "duduk",
            "kena", "asing", "hubung", "tarik", "benar",
        ])

    @Test(arguments: [
        // Particles, possessives and their combinations.
        ("nilailah", "nilai"), ("kirimkah", "kirim"), ("jadwalnya", "jadwal"), ("gurumu", "guru"),
        ("jadwalnyalah", "jadwal"), ("guru-mu", "guru"),
        // Derivational suffixes, including the borrowed ones.
        ("kirimkan", "kirim"), ("isian", "isi"), ("hubungi", "hubung"), ("budayawan", "budaya"), ("idealisme", "ideal"),
        // Plain prefixes di-, ke-, se-.
        ("dikirim", "kirim"), ("kesekolah", "sekolah"), ("serumah", "rumah"),
        // ber-, ter-, me-, pe- with their sound changes.
        ("bertanya", "tanya"), ("belajar", "ajar"), ("terkirim", "kirim"), ("menyapu", "sapu"), ("menulis", "tulis"),
        ("memakai", "pakai"), ("memukul", "pukul"), ("mengirim", "kirim"), ("mengkaji", "kaji"),
        ("menggambar", "gambar"), ("penyanyi", "nyanyi"), ("pengajar", "ajar"), ("penari", "tari"),
        ("pelaku", "laku"), ("pekerja", "kerja"), ("petani", "tani"),
        // Confixes and stacked prefixes.
        ("pengelolaan", "kelola"), ("penetapan", "tetap"), ("diperbarui", "baru"), ("memperbarui", "baru"),
        ("mempelajari", "ajar"), ("pembelajaran", "ajar"), ("keberuntungan", "keberuntungan"),
        ("mengundangkan", "undang"), ("merangkumkan", "rangkum"), ("pelaporan", "lapor"),
        ("pendaftaran", "daftar"), ("perubahan", "ubah"), ("dimasukkan", "masuk"),
        ("sepengetahuan", "tahu"), ("menunjukkan", "tunjuk"), ("disampaikan", "sampai"),
        // Infixes and the precedence check.
        ("gerigi", "gigi"), ("rerata", "rata"), ("melewati", "lewat"), ("mengingatkan", "ingat"),
        // Reduplication.
        ("guru-guru", "guru"), ("berkirim-kiriman", "kirim"), ("tulis-menulis", "tulis"),
        ("bolak-balik", "bolak-balik"),
        // Short, unknown and foreign words come back as they are.
        ("ke", "ke"), ("mei", "mei"), ("menggoreng", "menggoreng"), ("pmm", "pmm"), ("café", "café"),
    ])
    func stems(_ word: String, _ expected: String) {
        #expect(Self.stemmer.stem(word) == expected, "\(word)")
    }

    @Test func textsAreStemmedWordByWord() {
        #expect(Self.stemmer.stemText("Dikirimkan, PENETAPAN   pengelolaan!") == "kirim tetap kelola")
        #expect(Self.stemmer.stemText("") == "")
    }

    @Test func theBuiltInListKnowsTheDomain() {
        let stemmer = Stemmer.standard
        for (word, root) in [
            ("mengirimkan", "kirim"), ("pengelolaan", "kelola"), ("penilaian", "nilai"), ("menjadwalkan", "jadwal"),
            ("pembaruan", "baru"), ("sinkronisasi", "sinkron"), ("pelatihan", "latih"), ("diunggah", "unggah"),
            ("pelaksanaan", "laksana"), ("perencanaan", "rencana"), ("kesalahan", "salah"), ("persyaratan", "syarat"),
        ] {
            #expect(stemmer.stem(word) == root, "\(word)")
        }
    }

    /// Sastrawi's functional test suite with its own dictionary, from `shared/fixtures` when this
    /// checkout has it beside. Three expected roots (bagai, badan, teriak) are not in that
    /// dictionary, so no dictionary-driven stemmer can produce them; those words must come back unchanged.
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../shared/fixtures/sastrawi").standardized

    @Test(
        .enabled(
            if: FileManager.default.fileExists(atPath: fixtures.appendingPathComponent("sastrawi_pairs.tsv").path),
            "skipped: needs ../shared/fixtures/sastrawi beside this checkout (the team's workspace has it)")
    )
    func sastrawiFunctionalSuite() throws {
        let dictionaryText = try String(
            contentsOf: Self.fixtures.appendingPathComponent("sastrawi_dict.txt"), encoding: .utf8)
        let stemmer = Stemmer(dictionary: RootWords.parse(dictionaryText))
        let pairs = try String(contentsOf: Self.fixtures.appendingPathComponent("sastrawi_pairs.tsv"), encoding: .utf8)
            .split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
        var right = 0
        for pair in pairs {
            let expectedRoots = pair[1].split(separator: " ").map(String.init)
            let inputWords = Set(pair[0].lowercased().split(separator: " ").map(String.init))
            let reachable = expectedRoots.allSatisfy { stemmer.dictionary.contains($0) || inputWords.contains($0) }
            let got = stemmer.stemText(pair[0])
            if got == pair[1] {
                right += 1
            } else {
                #expect(!reachable, "\(pair[0]) → \(got), expected \(pair[1])")
                #expect(got == pair[0].lowercased(), "an unreachable root leaves the word as it is")
            }
        }
        #expect(pairs.count == 173 && right == 170)
    }
}
