/// The platform's terms as a speech recogniser writes a phone call: short names spelled letter
/// by letter ("pe em em", "es ka pe"), longer words cut into syllables ("duk cap il",
/// "kiner ja", "pre di kat"). A run of such pieces that spells a term exactly is that term.
public enum SpokenTerms {
    /// Indonesian letter names, as they are said.
    static let letterNames: [String: Character] = [
        "a": "a", "be": "b", "ce": "c", "de": "d", "e": "e", "ef": "f", "ge": "g", "ha": "h", "i": "i", "je": "j",
        "ka": "k", "el": "l", "em": "m", "en": "n", "o": "o", "pe": "p", "ki": "q", "er": "r", "es": "s", "te": "t",
        "u": "u", "ve": "v", "fe": "v", "we": "w", "ye": "y", "zet": "z",
    ]

    /// Short names said letter by letter.
    static let acronyms: Set<String> = [
        "pmm", "ptk", "skp", "nip", "nik", "nuptk", "bkn", "bkd", "rhk", "plt", "gtk", "sd", "smp", "sma", "smk",
        "ktp", "pppk", "asn", "paud",
    ]

    /// Words said in syllables.
    static let words: Set<String> = [
        "sinkron", "sinkronisasi", "verval", "dukcapil", "disdukcapil", "predikat", "observasi", "kinerja",
        "ekinerja", "dapodik",
    ]

    /// Each word said in syllables, and each way of writing one that chat spelling knows
    /// ("singkron", "obserfasi"), with the word it stands for.
    private static let spellings: [String: String] = {
        var spellings = Dictionary(uniqueKeysWithValues: words.map { ($0, $0) })
        for (form, standard) in ChatSpelling.table where words.contains(standard) { spellings[form] = standard }
        return spellings
    }()

    /// The most pieces one term is said in.
    static let longestRun = 5

    /// Whether a word may be a piece of a spoken term: a letter name, or part of a word said in
    /// syllables. A cheap test for whether the words around it need to be read together.
    public static func isPiece(_ word: String) -> Bool { pieces.contains(word) }

    private static let pieces: Set<String> = {
        var pieces = Set(letterNames.keys)
        for word in spellings.keys {
            let letters = Array(word)
            for length in 2..<letters.count {
                for start in 0...(letters.count - length) { pieces.insert(String(letters[start..<(start + length)])) }
            }
        }
        return pieces
    }()

    /// The term spelled by `pieces` (each a normalised word), if they spell one exactly: as the
    /// letters their names stand for, or joined as syllables (also into a known misspelling,
    /// which gives the word it stands for). Nil for one piece.
    static func term(spelledBy pieces: ArraySlice<String>) -> String? {
        guard pieces.count > 1 else { return nil }
        var letters = ""
        for piece in pieces {
            guard let letter = letterNames[piece] else {
                letters = ""
                break
            }
            letters.append(letter)
        }
        if acronyms.contains(letters) { return letters }
        return spellings[pieces.joined()]
    }
}
