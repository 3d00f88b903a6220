import Testing

@testable import IndonesianText

@Suite struct NormalizerTests {
    let normalizer = TextNormalizer()

    func text(_ input: String) -> String { normalizer.normalize(input) }

    @Test(arguments: [
        ("yg tdk bs", "yang tidak bisa"), ("udh blm", "sudah belum"), ("mhn tlg dibantu", "mohon tolong dibantu"),
        ("trims", "terima kasih"), ("bgmn gmn knp", "bagaimana bagaimana kenapa"),
        ("kpd dgn utk krn", "kepada dengan untuk karena"),
        ("dll", "dan lain lain"), ("gk ga gak nggak", "tidak tidak tidak tidak"), ("sy bpk ibu", "saya bapak ibu"),
    ])
    func chatSpellingIsExpanded(_ input: String, _ expected: String) {
        #expect(text(input) == expected)
    }

    @Test(arguments: [
        ("singkron", "sinkron"), ("sinkrom", "sinkron"), ("dukcapill", "dukcapil"), ("verfal", "verval"),
        ("obsevasi", "observasi"), ("predikta", "predikat"), ("ekinerja", "e-kinerja"), ("e kinerja", "e-kinerja"),
        ("E-Kinerja", "e-kinerja"),
    ])
    func domainMisspellingsAreRepaired(_ input: String, _ expected: String) {
        #expect(text(input) == expected)
    }

    /// A phone call's transcript spells the platform's short names letter by letter and cuts its
    /// words into syllables; only a run that spells a term exactly is joined.
    @Test(arguments: [
        ("pe em em", "pmm"), ("ver val pe te ka", "verval ptk"), ("duk cap il", "dukcapil"),
        ("e kiner ja", "e-kinerja"), ("di e kiner ja nya", "di e-kinerja nya"), ("sing kron", "sinkron"),
        ("pre di kat guru", "predikat guru"), ("ob ser va si", "observasi"), ("es ka pe saya", "skp saya"),
        ("guru pe pe pe ka", "guru pppk"), ("ka pe em em", "ka pmm"), ("pe te ka es", "ptk es"),
        ("saya di sekolah", "saya di sekolah"), ("ka te", "ka te"), ("di si as in", "di si as in"),
        ("pe em", "pe em"),
    ])
    func spokenTermsAreJoined(_ input: String, _ expected: String) {
        #expect(text(input) == expected)
        #expect(text(expected) == expected)
    }

    @Test func protectedTermsAreMarkedAndNeverStemmed() {
        let tokens = TextPipeline().analyze("Verval PTK di e-Kinerja BKN, sinkron PMM, kinerja guru, NUPTK")
        let kinds = Dictionary(tokens.map { ($0.text, $0.kind) }, uniquingKeysWith: { a, _ in a })
        for term in ["verval", "ptk", "e-kinerja", "bkn", "sinkron", "pmm", "kinerja", "nuptk"] {
            #expect(kinds[term] == .term, "\(term)")
        }
        // The stemmer alone would make "kinerja" into "kerja" (the -in- infix); the pipeline must not.
        #expect(tokens.map(\.text).contains("kinerja"))
    }

    @Test(arguments: [
        ("NIK 3201234567890123", "nik <nik>"), ("nip:198702102010011003", "nip <nip>"),
        ("NUPTK 1234567890123456", "nuptk <nuptk>"), ("hp 0812-3456-7890", "hp <telepon>"),
        ("wa +62 81234567890", "whatsapp <telepon>"), ("08123456789.", "<telepon>"),
        ("email siti.aminah@guru.sd.belajar.id", "email <email>"),
        ("https://s.id/PenetapanPredikatKinerjaGuru", "<url>"),
        ("lihat s.id/TindakLanjutGagalSinkroPMM.", "lihat <url>"), ("kode 12345678", "kode <angka>"),
        ("tahun 2024 ke-3", "tahun 2024 ke 3"),
    ])
    func personalDataAndLinksBecomePlaceholders(_ input: String, _ expected: String) {
        #expect(text(input) == expected)
    }

    @Test func aNIKNeverSurvivesWhateverSurroundsIt() {
        let nik = "3201234567890123"
        for wrapped in ["(\(nik))", "NIK:\(nik)", "nik.\(nik),", "[\(nik)]", "\"\(nik)\"", "NIK\(nik)", "x\(nik)y"] {
            #expect(!text(wrapped).contains("1234567890"), "\(wrapped) → \(text(wrapped))")
        }
    }

    @Test(arguments: [
        ("tolonggg", "tolong"), ("maaaf", "maaf"), ("pleaseee", "tolong"), ("mohonnnn", "mohon"), ("saat", "saat"),
        ("guru2", "guru guru"), ("guru-guru", "guru guru"), ("Crème brûlée", "creme brulee"), ("CAFÉ", "cafe"),
        ("cafe\u{301}", "cafe"), ("Halo!!! Apa??", "halo apa"), ("PMM...", "pmm"),
    ])
    func lettersCaseAndPunctuation(_ input: String, _ expected: String) {
        #expect(text(input) == expected)
    }

    @Test func emptyAndSymbolOnlyTextsHaveNoTokens() {
        for input in ["", "   ", "!!!", "🙏🙏", "\u{301}", "—", "\0"] {
            #expect(normalizer.tokens(input).isEmpty, "\(input)")
        }
    }

    /// Random texts mixing ASCII, accents, combining marks, emoji, digits and other scripts.
    static func randomTexts(count: Int) -> [String] {
        var state: UInt64 = 0x1234_5678
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        let pieces = [
            "a", "B", "é", "e\u{301}", "🙏", "👩🏽‍🏫", "2", "0812", "-", " ", "\n", ".", "@", "/", "ñ", "ß", "日本", "ا",
            "\u{300}", "ggg", "yg", "e", "kinerja", "<nik>", "http://", "x.y", "3201234567890123", "\u{200B}", "İ",
            "pe", "em", "kiner", "ja", "duk", "cap", "il", "ka",
        ]
        return (0..<count).map { _ in
            (0..<Int(next() % 40)).map { _ in pieces[Int(next() % UInt64(pieces.count))] }.joined()
        }
    }

    @Test func normalisingIsIdempotentAndNeverCrashes() {
        for input in Self.randomTexts(count: 3000) {
            let once = text(input)
            #expect(text(once) == once, "\(input.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }
}

/// Found by Scripts/fuzz: digit groups split by a long group must normalise the same way again.
@Test func digitGroupsAroundALongNumberStayIdempotent() {
    let normalizer = TextNormalizer()
    for text in ["ef49999@999\u{FFFD}999999999\0\09fl", "12 345 678901234 56 789", "0812 34 5678901234 5"] {
        let once = normalizer.normalize(text)
        #expect(normalizer.normalize(once) == once, "\(text) → \(once)")
        #expect(!once.contains(where: \.isNumber) || once.split(separator: " ").allSatisfy { $0.count < 8 })
    }
}

@Suite struct WordSplitterTests {
    @Test func wordsAreRunsOfLettersAndDigitsInAnyScript() {
        #expect(words(in: "Tombol SINKRON-PMM tdk ada (2024)!") == ["tombol", "sinkron", "pmm", "tdk", "ada", "2024"])
        #expect(words(in: "Guru2 di Aceh—Désa Ñ ٣") == ["guru2", "di", "aceh", "désa", "ñ", "٣"])
        #expect(words(in: "...!?") == [])
    }

    /// The ASCII shortcut answers exactly as Unicode's properties do, for every ASCII scalar.
    @Test func everyAsciiScalarSplitsAsItsUnicodePropertiesSay() {
        for value in 0..<0x80 {
            let scalar = Unicode.Scalar(UInt8(value))
            let isWord = scalar.properties.isAlphabetic || scalar.properties.numericType != nil
            #expect(words(in: "a\(scalar)b") == (isWord ? ["a\(scalar)b".lowercased()] : ["a", "b"]), "U+\(value)")
        }
    }
}
