/// An Indonesian stemmer: the Enhanced Confix Stripping algorithm (Nazief & Adriani, refined by
/// Asian, Arifin et al. and the Sastrawi project), driven by a root-word dictionary.
///
/// A word is cut back step by step: inflectional particles (-lah, -kah, -tah, -pun), possessive
/// pronouns (-ku, -mu, -nya), derivational suffixes (-i, -kan, -an, and the borrowed -is, -isme,
/// -isasi, -wan, -wati), then up to three prefixes chosen by the disambiguation rules. After every
/// step the dictionary is asked; when the word never reaches a root, the original word is returned.
/// Reduplicated words (`buku-buku`, `berbalas-balasan`) stem to the shared root.
public struct Stemmer: Sendable {
    /// The root words a stem must be one of.
    public let dictionary: Set<String>

    /// A stemmer over these root words (lowercased).
    public init(dictionary: Set<String>) {
        self.dictionary = dictionary
    }

    /// A stemmer over the built-in root-word list.
    public static let standard = Stemmer(dictionary: RootWords.standard)

    /// The stems of every word of a text, joined by one space (the text lowercased, and anything
    /// other than letters, digits, spaces and hyphens taken as a space).
    public func stemText(_ text: String) -> String {
        var cleaned = ""
        for scalar in text.lowercased().unicodeScalars {
            let isKept = ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "-"
            cleaned.unicodeScalars.append(isKept ? scalar : " ")
        }
        return cleaned.split(separator: " ").map { stem(String($0)) }.joined(separator: " ")
    }

    /// The root of one lowercase word, or the word itself when it has none in the dictionary.
    public func stem(_ word: String) -> String {
        guard word.utf8.allSatisfy({ ($0 >= 97 && $0 <= 122) || $0 == 45 || ($0 >= 48 && $0 <= 57) }) else {
            return word
        }
        return isReduplicated(word) ? stemReduplicated(word) : stemSingle(word)
    }

    /// `buku-buku` is; `kuasa-mu` (a clitic after a hyphen) is not.
    private func isReduplicated(_ word: String) -> Bool {
        guard let dash = word.lastIndex(of: "-") else { return false }
        if Self.clitics.contains(String(word[word.index(after: dash)...])) {
            return word[..<dash].contains("-")
        }
        return true
    }

    private static let clitics: Set<String> = ["ku", "mu", "nya", "lah", "kah", "tah", "pun"]

    private func stemReduplicated(_ word: String) -> String {
        guard let dash = word.lastIndex(of: "-") else { return word }
        var first = String(word[..<dash])
        var second = String(word[word.index(after: dash)...])
        // malaikat-malaikat-nya: the clitic belongs to the second half.
        if Self.clitics.contains(second), let inner = first.lastIndex(of: "-") {
            second = String(first[first.index(after: inner)...]) + "-" + second
            first = String(first[..<inner])
        }
        let firstRoot = stemSingle(first)
        var secondRoot = stemSingle(second)
        // meniru-nirukan: the second half lost its prefix's nasal; try it with me- again.
        if !dictionary.contains(second), secondRoot == second {
            secondRoot = stemSingle("me" + second)
        }
        return firstRoot == secondRoot ? firstRoot : word
    }

    private func stemSingle(_ word: String) -> String {
        var process = StemmingProcess(word: Array(word.utf8), dictionary: dictionary)
        return process.run()
    }
}

/// One affix taken off, remembered so the suffix-restoring loop can undo it.
private struct Removal {
    enum Kind { case particle, possessive, derivationalSuffix, derivationalPrefix }
    var kind: Kind
    var subject: [UInt8]
    var result: [UInt8]
    var removed: [UInt8]
}

/// The state of stemming one word.
private struct StemmingProcess {
    let original: [UInt8]
    let dictionary: Set<String>
    var word: [UInt8]
    var removals: [Removal] = []
    /// Set for words too short to stem: each later pass then stops after its first step.
    var stopped = false

    init(word: [UInt8], dictionary: Set<String>) {
        original = word
        self.word = word
        self.dictionary = dictionary
    }

    func known(_ candidate: [UInt8]) -> Bool {
        dictionary.contains(String(decoding: candidate, as: UTF8.self))
    }

    var isRoot: Bool { known(word) }

    mutating func run() -> String {
        stemToRoot()
        return String(decoding: isRoot ? word : original, as: UTF8.self)
    }

    private mutating func stemToRoot() {
        if isRoot { return }
        if word.count <= 3 { stopped = true }
        // Some confixes read better prefix first (be-…-lah, be-…-an, me-/di-/pe-/ter-…-i).
        if Self.prefixGoesFirst(original) {
            removePrefixes()
            if isRoot { return }
            removeSuffixes()
            if isRoot { return }
            word = original
            removals = []
        }
        removeSuffixes()
        if isRoot { return }
        removePrefixes()
        if isRoot { return }
        restoreSuffixes()
    }

    static func prefixGoesFirst(_ word: [UInt8]) -> Bool {
        (word.starts(with: "be") && (word.ends(with: "lah") || word.ends(with: "an")))
            || (word.ends(with: "i")
                && (word.starts(with: "me") || word.starts(with: "di") || word.starts(with: "pe")
                    || word.starts(with: "ter")))
    }

    // MARK: Suffixes

    private mutating func removeSuffixes() {
        let steps: [(Removal.Kind, [String])] = [
            (.particle, ["lah", "kah", "tah", "pun"]),
            (.possessive, ["ku", "mu", "nya"]),
            (.derivationalSuffix, ["isasi", "isme", "wati", "kan", "wan", "an", "is", "i"]),
        ]
        for (kind, suffixes) in steps {
            removeSuffix(kind, suffixes)
            if isRoot || stopped { return }
        }
    }

    /// Takes off the longest of the suffixes the word ends with (a `-` before a clitic goes too).
    /// The borrowed -wan and -wati (budayawan, karyawati) count only when they leave a root, so
    /// melewati still loses just its -i.
    private mutating func removeSuffix(_ kind: Removal.Kind, _ suffixes: [String]) {
        var chosen: (suffix: String, result: [UInt8])?
        for suffix in suffixes where word.ends(with: suffix) && word.count > suffix.utf8.count {
            var result = Array(word.dropLast(suffix.utf8.count))
            if kind != .derivationalSuffix { while result.last == UInt8(ascii: "-") { result.removeLast() } }
            if Self.rootOnlySuffixes.contains(suffix) {
                if known(result) {
                    chosen = (suffix, result)
                    break
                }
                continue
            }
            if chosen == nil { chosen = (suffix, result) }
            if kind != .derivationalSuffix { break }
        }
        guard let chosen else { return }
        removals.append(Removal(kind: kind, subject: word, result: chosen.result, removed: Array(chosen.suffix.utf8)))
        word = chosen.result
    }

    private static let rootOnlySuffixes: Set<String> = ["wan", "wati"]

    // MARK: Prefixes

    /// Up to three prefixes, one per pass.
    private mutating func removePrefixes() {
        for _ in 0..<3 {
            removeOnePrefix()
            if isRoot { return }
        }
    }

    /// Tries the prefix rules in order until one takes something off.
    private mutating func removeOnePrefix() {
        let before = removals.count
        for group in PrefixRules.groups {
            apply(group)
            if isRoot || stopped || removals.count > before { return }
        }
    }

    /// A group of alternative readings: the first that gives a root wins, else the last one's result.
    private mutating func apply(_ group: [PrefixRules.Rule]) {
        var result: [UInt8]?
        for rule in group {
            result = rule(word)
            if let candidate = result, known(candidate) { break }
        }
        guard let result else { return }
        removals.append(
            Removal(
                kind: .derivationalPrefix, subject: word, result: result,
                removed: Array(word.prefix(max(0, word.count - result.count)))))
        word = result
    }

    // MARK: Restoring suffixes (ECS "loop pengembalian akhiran")

    /// When prefixes and suffixes together found no root, put the prefixes back and try again with
    /// each suffix restored in turn (`-kan` first as `-k`, for roots that end in k).
    private mutating func restoreSuffixes() {
        if let firstPrefix = removals.first(where: { $0.kind == .derivationalPrefix }) {
            word = firstPrefix.subject
        }
        removals.removeAll { $0.kind == .derivationalPrefix }
        let saved = removals
        let savedWord = word
        for removal in saved.reversed() where removal.kind != .derivationalPrefix {
            if removal.removed == Array("kan".utf8) {
                word = removal.result + [UInt8(ascii: "k")]
                removePrefixes()
                if isRoot { return }
                word = removal.result + Array("kan".utf8)
            } else {
                word = removal.subject
            }
            removePrefixes()
            if isRoot { return }
            removals = saved
            word = savedWord
        }
    }
}

/// The prefix rules, in the order they are tried. Each returns the word without its prefix (with
/// a letter put back where the prefix swallowed one), or nil when it does not apply.
enum PrefixRules {
    typealias Rule = @Sendable ([UInt8]) -> [UInt8]?

    static let groups: [[Rule]] = [
        [plain],
        [rule1a, rule1b], [rule2], [rule3], [rule4], [rule5], [rule6a, rule6b], [rule7], [rule8], [rule9],
        [rule10], [rule11], [rule12], [rule13a, rule13b], [rule14], [rule15a, rule15b], [rule16],
        [rule17a, rule17b, rule17c, rule17d], [rule18a, rule18b], [rule19], [rule20], [rule21a, rule21b],
        [rule23], [rule24], [rule25], [rule26a, rule26b], [rule27], [rule28a, rule28b], [rule29],
        [rule30a, rule30b, rule30c], [rule31a, rule31b], [rule32], [rule34], [rule35], [rule36],
        [rule37a, rule37b], [rule38a, rule38b], [rule39a, rule39b], [rule40a, rule40b], [rule41], [rule42],
    ]

    // Letter classes.
    static func isVowel(_ c: UInt8) -> Bool {
        c == 97 || c == 101 || c == 105 || c == 111 || c == 117
    }
    static func isConsonant(_ c: UInt8) -> Bool { c >= 97 && c <= 122 && !isVowel(c) }
    static func isLetter(_ c: UInt8) -> Bool { c >= 97 && c <= 122 }
    static func isOneOf(_ letters: String) -> @Sendable (UInt8) -> Bool { { letters.utf8.contains($0) } }

    /// The word after `prefix` when it starts with it.
    static func after(_ prefix: String, _ w: [UInt8]) -> ArraySlice<UInt8>? {
        w.starts(with: prefix) ? w.dropFirst(prefix.utf8.count) : nil
    }

    static func at(_ s: ArraySlice<UInt8>, _ i: Int) -> UInt8? {
        s.count > i ? s[s.startIndex + i] : nil
    }

    /// prefix + one letter of `first` + rest → `insert` + that letter + rest.
    static func prefixBefore(_ prefix: String, _ first: @escaping @Sendable (UInt8) -> Bool, insert: String = "")
        -> Rule
    {
        { w in
            guard let rest = after(prefix, w), let c = at(rest, 0), first(c) else { return nil }
            return Array(insert.utf8) + rest
        }
    }

    static let plain: Rule = { w in
        for p in ["di", "ke", "se"] where w.starts(with: p) { return Array(w.dropFirst(2)) }
        return nil
    }

    // ber-
    static let rule1a = prefixBefore("ber", isVowel)
    static let rule1b = prefixBefore("ber", isVowel, insert: "r")
    static let rule2: Rule = { w in
        guard let rest = after("ber", w), let c = at(rest, 0), isConsonant(c), let a = at(rest, 1), isLetter(a),
            !rest.dropFirst(2).starts(with: "er")
        else { return nil }
        return Array(rest)
    }
    static let rule3: Rule = { w in
        guard let rest = after("ber", w), let c = at(rest, 0), isConsonant(c), c != 114, let a = at(rest, 1),
            isLetter(a),
            rest.dropFirst(2).starts(with: "er"), let v = at(rest, 4), isVowel(v)
        else { return nil }
        return Array(rest)
    }
    static let rule4: Rule = { w in w == Array("belajar".utf8) ? Array("ajar".utf8) : nil }
    static let rule5: Rule = { w in
        guard let rest = after("be", w), let c = at(rest, 0), isConsonant(c), c != 114,
            rest.dropFirst().starts(with: "er"), let c2 = at(rest, 3), isConsonant(c2)
        else { return nil }
        return Array(rest)
    }

    // ter-
    static let rule6a = prefixBefore("ter", isVowel)
    static let rule6b = prefixBefore("ter", isVowel, insert: "r")
    static let rule7: Rule = { w in
        guard let rest = after("ter", w), let c = at(rest, 0), isConsonant(c), c != 114,
            rest.dropFirst().starts(with: "er"), let v = at(rest, 3), isVowel(v)
        else { return nil }
        return Array(rest)
    }
    static let rule8: Rule = { w in
        guard let rest = after("ter", w), let c = at(rest, 0), isConsonant(c), c != 114,
            !rest.dropFirst().starts(with: "er")
        else { return nil }
        return Array(rest)
    }
    static let rule9: Rule = { w in
        guard let rest = after("te", w), let c = at(rest, 0), isConsonant(c), c != 114,
            rest.dropFirst().starts(with: "er"), let c2 = at(rest, 3), isConsonant(c2)
        else { return nil }
        return Array(rest)
    }

    // me-
    static let rule10: Rule = { w in
        guard let rest = after("me", w), let c = at(rest, 0), "lrwy".utf8.contains(c), let v = at(rest, 1), isVowel(v)
        else { return nil }
        return Array(rest)
    }
    static let rule11 = prefixBefore("mem", isOneOf("bfv"))
    static let rule12: Rule = { w in after("mempe", w).map { Array("pe".utf8) + $0 } }
    static let rule13a = prefixBefore("mem", isVowel, insert: "m")
    static let rule13b = prefixBefore("mem", isVowel, insert: "p")
    static let rule14 = prefixBefore("men", isOneOf("cdjstz"))
    static let rule15a = prefixBefore("men", isVowel, insert: "n")
    static let rule15b = prefixBefore("men", isVowel, insert: "t")
    static let rule16 = prefixBefore("meng", isOneOf("ghqk"))
    static let rule17a = prefixBefore("meng", isVowel)
    static let rule17b = prefixBefore("meng", isVowel, insert: "k")
    static let rule17c: Rule = { w in after("menge", w).map { Array($0) } }
    static let rule17d = prefixBefore("meng", isVowel, insert: "ng")
    static let rule18a = prefixBefore("meny", isVowel, insert: "ny")
    static let rule18b = prefixBefore("meny", isVowel, insert: "s")
    static let rule19 = prefixBefore("memp", { isLetter($0) && $0 != 101 && $0 != 110 }, insert: "p")

    // pe-
    static let rule20: Rule = { w in
        guard let rest = after("pe", w), let c = at(rest, 0), c == 119 || c == 121, let v = at(rest, 1), isVowel(v)
        else { return nil }
        return Array(rest)
    }
    static let rule21a = prefixBefore("per", isVowel)
    static let rule21b: Rule = { w in
        guard let rest = after("pe", w), at(rest, 0) == 114, let v = at(rest, 1), isVowel(v) else { return nil }
        return Array(rest)
    }
    static let rule23: Rule = { w in
        guard let rest = after("per", w), let c = at(rest, 0), isConsonant(c), let a = at(rest, 1), isLetter(a),
            !rest.dropFirst(2).starts(with: "er")
        else { return nil }
        return Array(rest)
    }
    static let rule24: Rule = { w in
        guard let rest = after("per", w), let c = at(rest, 0), isConsonant(c), c != 114, let a = at(rest, 1),
            isLetter(a),
            rest.dropFirst(2).starts(with: "er"), let v = at(rest, 4), isVowel(v)
        else { return nil }
        return Array(rest)
    }
    static let rule25 = prefixBefore("pem", isOneOf("bfv"))
    static let rule26a = prefixBefore("pem", isVowel, insert: "m")
    static let rule26b = prefixBefore("pem", isVowel, insert: "p")
    static let rule27 = prefixBefore("pen", isOneOf("cdjstz"))
    static let rule28a = prefixBefore("pen", isVowel, insert: "n")
    static let rule28b = prefixBefore("pen", isVowel, insert: "t")
    static let rule29 = prefixBefore("peng", isConsonant)
    static let rule30a = prefixBefore("peng", isVowel)
    static let rule30b = prefixBefore("peng", isVowel, insert: "k")
    static let rule30c: Rule = { w in after("penge", w).map { Array($0) } }
    static let rule31a = prefixBefore("peny", isVowel, insert: "ny")
    static let rule31b = prefixBefore("peny", isVowel, insert: "s")
    static let rule32: Rule = { w in
        if w == Array("pelajar".utf8) { return Array("ajar".utf8) }
        guard let rest = after("pe", w), at(rest, 0) == 108, let v = at(rest, 1), isVowel(v) else { return nil }
        return Array(rest)
    }
    static let rule34: Rule = { w in
        guard let rest = after("pe", w), let c = at(rest, 0), isConsonant(c), !rest.dropFirst().starts(with: "er")
        else { return nil }
        return Array(rest)
    }
    static let rule35: Rule = { w in
        guard let rest = after("ter", w), let c = at(rest, 0), "bcdfghjkpqstvxz".utf8.contains(c),
            rest.dropFirst().starts(with: "er"), let c2 = at(rest, 3), isConsonant(c2)
        else { return nil }
        return Array(rest)
    }
    static let rule36: Rule = { w in
        guard let rest = after("pe", w), let c = at(rest, 0), "bcdfghjkpqstvxz".utf8.contains(c),
            rest.dropFirst().starts(with: "er"), let c2 = at(rest, 3), isConsonant(c2)
        else { return nil }
        return Array(rest)
    }

    // Infixes -er-, -el-, -em-, -in- after the first consonant: kept, or taken out.
    static func infix(_ infix: String, remove: Bool) -> Rule {
        { w in
            guard let c = w.first, isConsonant(c), w.dropFirst().starts(with: infix), let v = at(w[...], 3), isVowel(v)
            else { return nil }
            return remove ? [c] + w.dropFirst(3) : w
        }
    }
    static let rule37a = infix("er", remove: false)
    static let rule37b = infix("er", remove: true)
    static let rule38a = infix("el", remove: false)
    static let rule38b = infix("el", remove: true)
    static let rule39a = infix("em", remove: false)
    static let rule39b = infix("em", remove: true)
    static let rule40a = infix("in", remove: false)
    static let rule40b = infix("in", remove: true)

    // Proclitics ku-, kau-.
    static let rule41: Rule = { w in after("ku", w).map { Array($0) } }
    static let rule42: Rule = { w in after("kau", w).map { Array($0) } }
}

extension Array where Element == UInt8 {
    func starts(with text: String) -> Bool { starts(with: text.utf8) }
    func ends(with text: String) -> Bool {
        let suffix = text.utf8
        return count >= suffix.count && self[(count - suffix.count)...].elementsEqual(suffix)
    }
}

extension ArraySlice where Element == UInt8 {
    func starts(with text: String) -> Bool { starts(with: text.utf8) }
}
