/// What a token is, which decides what later steps may do with it.
public enum TokenKind: String, Sendable {
    /// An ordinary word: it may be stemmed.
    case word
    /// A protected domain term (PMM, Verval, e-Kinerja…): never stemmed or split.
    case term
    /// Personal data or a link replaced by a placeholder such as `<nik>`.
    case placeholder
    /// A short number, kept as written.
    case number
}

/// One token of a normalised text.
public struct Token: Hashable, Sendable {
    /// The token as the pipeline writes it.
    public var text: String
    /// What sort of token it is.
    public var kind: TokenKind

    /// A token.
    public init(_ text: String, _ kind: TokenKind) {
        self.text = text
        self.kind = kind
    }
}

/// Turns what teachers type into tokens: lower case without diacritics, chat spelling expanded,
/// stretched letters shortened ("tolonggg"), reduplication spelled out ("guru2" → guru guru),
/// domain terms protected, and links, e-mail addresses, phone numbers and identity numbers
/// (NIK, NIP, NUPTK) replaced by placeholders so they never reach a model or a page.
///
/// Normalising is idempotent: the tokens of the joined tokens are the same tokens.
public struct TextNormalizer: Sendable {
    /// Known words, used to tell "maaaf" (maaf) from "tolonggg" (tolong).
    public let lexicon: Set<String>

    /// A normaliser that knows these words (for telling a glued word apart from a typo).
    public init(lexicon: Set<String> = RootWords.standard) {
        self.lexicon = lexicon
    }

    /// Domain terms kept whole and never stemmed.
    public static let protectedTerms: Set<String> = [
        "pmm", "verval", "ptk", "dukcapil", "e-kinerja", "bkn", "bkd", "nip", "nik", "nuptk", "kinerja", "sinkron",
        "sinkronisasi", "dapodik", "skp", "rhk", "plt", "gtk", "paud", "sd", "smp", "sma", "smk", "kemendikbudristek",
        "pppk",
    ]

    /// The placeholders personal data and links are replaced with.
    public static let placeholders: Set<String> = [
        "<nik>", "<nip>", "<nuptk>", "<telepon>", "<email>", "<url>", "<angka>",
    ]

    /// The tokens of a text.
    public func tokens(_ text: String) -> [Token] {
        var text = text
        var tokens: [Token] = []
        tokens.reserveCapacity(text.utf8.count / 5)
        text.withUTF8 { bytes in
            // Chunks of ASCII (nearly all of them) are read as bytes; others as Unicode scalars.
            var index = 0
            while index < bytes.count {
                while index < bytes.count, Self.isASCIISpace(bytes[index]) { index += 1 }
                let start = index
                var isASCII = true
                while index < bytes.count, !Self.isASCIISpace(bytes[index]) {
                    if bytes[index] >= 0x80 { isASCII = false }
                    index += 1
                }
                guard index > start else { continue }
                let chunk = UnsafeBufferPointer(rebasing: bytes[start..<index])
                if isASCII {
                    appendASCIIChunk(chunk, to: &tokens)
                } else {
                    appendUnicodeText(String(decoding: chunk, as: UTF8.self), to: &tokens)
                }
            }
        }
        return joinTerms(tokens)
    }

    /// A stretch of text with non-ASCII characters, split on Unicode white space.
    private func appendUnicodeText(_ text: String, to tokens: inout [Token]) {
        var chunk: [Unicode.Scalar] = []
        for scalar in text.unicodeScalars {
            if Self.isSpace(scalar) {
                if !chunk.isEmpty { appendChunk(chunk, to: &tokens) }
                chunk.removeAll(keepingCapacity: true)
            } else {
                chunk.append(scalar)
            }
        }
        if !chunk.isEmpty { appendChunk(chunk, to: &tokens) }
    }

    /// The fast path of `appendChunk` for a chunk of ASCII bytes.
    private func appendASCIIChunk(_ bytes: UnsafeBufferPointer<UInt8>, to tokens: inout [Token]) {
        var start = 0
        var end = bytes.count
        var special = false
        for byte in bytes where byte == 0x2F || byte == 0x40 || byte == 0x2E || byte == 0x3C {
            special = true  // "/", "@", "." or "<": maybe a link, an address or a placeholder
            break
        }
        if special {
            appendChunk(bytes.map { Unicode.Scalar($0) }, to: &tokens)
            return
        }
        while start < end, Self.isASCIIEdgePunctuation(bytes[start]) { start += 1 }
        while end > start, Self.isASCIIEdgePunctuation(bytes[end - 1]) { end -= 1 }
        guard end > start else { return }
        appendPieces(bytes[start..<end].lazy.map { Unicode.Scalar($0) }, to: &tokens)
    }

    /// The normalised text: the tokens joined by single spaces.
    public func normalize(_ text: String) -> String {
        tokens(text).map(\.text).joined(separator: " ")
    }

    // MARK: Chunks (what lies between white space)

    private func appendChunk(_ raw: [Unicode.Scalar], to tokens: inout [Token]) {
        var chunk = raw[...]
        // Angle brackets go last, so a placeholder such as "(<nik>)," is still recognised.
        func trim(keepingAngles: Bool) {
            func strips(_ s: Unicode.Scalar) -> Bool {
                Self.isEdgePunctuation(s) && !(keepingAngles && (s == "<" || s == ">"))
            }
            while let first = chunk.first, strips(first) { chunk = chunk.dropFirst() }
            while let last = chunk.last, strips(last) { chunk = chunk.dropLast() }
        }
        trim(keepingAngles: true)
        if chunk.first == "<" {
            let lowered = String(String.UnicodeScalarView(chunk)).lowercased()
            if Self.placeholders.contains(lowered) {
                tokens.append(Token(lowered, .placeholder))
                return
            }
        }
        trim(keepingAngles: false)
        guard !chunk.isEmpty else { return }
        // Links and addresses need a "/", "@" or "www."; most chunks have none and skip the checks.
        if chunk.contains(where: { $0 == "/" || $0 == "@" || $0 == "." }) {
            let text = String(String.UnicodeScalarView(chunk)).lowercased()
            if Self.isURL(text) {
                tokens.append(Token("<url>", .placeholder))
                return
            }
            if Self.isEmail(text) {
                tokens.append(Token("<email>", .placeholder))
                return
            }
        }
        appendPieces(chunk, to: &tokens)
    }

    /// Splits a chunk into letter runs and digit runs; hyphens and a trailing "2" mark reduplication.
    private func appendPieces<Scalars: Sequence<Unicode.Scalar>>(_ chunk: Scalars, to tokens: inout [Token]) {
        var letters: [UInt8] = []  // UTF-8 of the current letter run, lower case, without diacritics
        var digits: [UInt8] = []
        var parts: [String] = []  // the parts of a hyphenated word so far

        func flushWord() {
            if !letters.isEmpty { parts.append(String(decoding: letters, as: UTF8.self)) }
            letters.removeAll(keepingCapacity: true)
            if !parts.isEmpty { appendWord(parts, to: &tokens) }
            parts.removeAll()
        }
        func flushDigits() {
            guard !digits.isEmpty else { return }
            if digits == [UInt8(ascii: "2")], !letters.isEmpty {
                // guru2: the word twice.
                let word = String(decoding: letters, as: UTF8.self)
                flushWord()
                appendWord([word], to: &tokens)
            } else {
                flushWord()
                tokens.append(Token(String(decoding: digits, as: UTF8.self), .number))
            }
            digits.removeAll(keepingCapacity: true)
        }

        for scalar in chunk {
            let value = scalar.value
            if value < 0x80 {
                let byte = UInt8(value)
                if byte >= 0x61 && byte <= 0x7A {
                    if !digits.isEmpty { flushDigits() }
                    letters.append(byte)
                } else if byte >= 0x41 && byte <= 0x5A {
                    if !digits.isEmpty { flushDigits() }
                    letters.append(byte + 0x20)
                } else if byte >= 0x30 && byte <= 0x39 {
                    digits.append(byte)
                } else if byte == 0x2D, !letters.isEmpty, digits.isEmpty {
                    parts.append(String(decoding: letters, as: UTF8.self))
                    letters.removeAll(keepingCapacity: true)
                } else {
                    flushDigits()
                    flushWord()
                }
            } else if let letter = Self.fold(scalar) {
                if !digits.isEmpty { flushDigits() }
                letters.append(contentsOf: letter.utf8)
            } else if let digit = Self.decimalDigit(scalar) {
                digits.append(UInt8(digit.value))
            } else if scalar.properties.generalCategory == .nonspacingMark
                || scalar.properties.generalCategory == .enclosingMark
            {
                continue  // a combining accent: its base letter is kept
            } else {
                flushDigits()
                flushWord()
            }
        }
        flushDigits()
        flushWord()
    }

    /// Any decimal digit (Arabic-Indic too) as its ASCII digit.
    static func decimalDigit(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        if ("0"..."9").contains(scalar) { return scalar }
        guard scalar.properties.numericType == .decimal, let value = scalar.properties.numericValue,
            value >= 0, value <= 9
        else { return nil }
        return Unicode.Scalar(UInt8(48 + Int(value)))
    }

    /// One word, or the parts of a hyphenated one.
    private func appendWord(_ parts: [String], to tokens: inout [Token]) {
        if parts.count > 1, let known = Self.knownWords[parts.joined(separator: "-")], known.first?.kind == .term {
            tokens.append(contentsOf: known)
            return
        }
        for part in parts { appendSimpleWord(part, to: &tokens) }
    }

    private func appendSimpleWord(_ raw: String, to tokens: inout [Token]) {
        let shortened = shortenStretched(raw)
        // A known word as written wins over its shortening: "pppk" is a term, not "pk" stretched.
        let word = shortened != raw && Self.knownWords[raw] != nil ? raw : shortened
        if let known = Self.knownWords[word] {
            tokens.append(contentsOf: known)
        } else {
            tokens.append(Token(word, .word))
        }
    }

    /// Protected terms and chat spellings in one table, so a word costs one look-up: what each
    /// stands for as tokens.
    static let knownWords: [String: [Token]] = {
        func tokens(_ text: String) -> [Token] {
            text.split(separator: " ").map { piece in
                Token(String(piece), protectedTerms.contains(String(piece)) ? .term : .word)
            }
        }
        var table: [String: [Token]] = [:]
        for (form, standard) in ChatSpelling.table { table[form] = tokens(standard) }
        for term in protectedTerms { table[term] = [Token(term, .term)] }
        return table
    }()

    /// "e kinerja" written apart is e-Kinerja; a term spelled in letters or syllables is the term
    /// (`SpokenTerms`); numbers written in groups are joined and long ones replaced by a
    /// placeholder; a 16-digit number after "nuptk" is a NUPTK.
    private func joinTerms(_ tokens: [Token]) -> [Token] {
        var result: [Token] = []
        result.reserveCapacity(tokens.count)
        func append(_ token: Token) {
            if token.text == "kinerja", result.last?.text == "e" {
                result[result.count - 1] = Token("e-kinerja", .term)
            } else {
                result.append(token)
            }
        }
        var index = tokens.startIndex
        while index < tokens.endIndex {
            let token = tokens[index]
            if token.kind == .number {
                var end = index + 1
                while end < tokens.endIndex, tokens[end].kind == .number { end += 1 }
                result.append(contentsOf: Self.numbers(tokens[index..<end].map(\.text), after: result.last?.text))
                index = end
            } else if let (term, end) = spokenTerm(at: index, in: tokens) {
                for token in Self.knownWords[term] ?? [Token(term, .word)] { append(token) }
                index = end
            } else {
                append(token)
                index += 1
            }
        }
        return result
    }

    /// The term the words from `start` spell when said (`SpokenTerms`), the longest run first,
    /// and where the run ends.
    private func spokenTerm(at start: Int, in tokens: [Token]) -> (term: String, end: Int)? {
        var end = start
        while end < tokens.endIndex, end - start < SpokenTerms.longestRun, tokens[end].kind == .word,
            SpokenTerms.isPiece(tokens[end].text)
        {
            end += 1
        }
        guard end - start > 1 else { return nil }
        let pieces = tokens[start..<end].map(\.text)
        for length in stride(from: pieces.count, through: 2, by: -1) {
            if let term = SpokenTerms.term(spelledBy: pieces[..<length]) { return (term, start + length) }
        }
        return nil
    }

    /// Digit groups in a row: one number when they look like a phone or identity number written
    /// in groups (0812 3456 7890, 3201 2345 6789 0123), with 8 or more digits made a placeholder.
    static func numbers(_ groups: [String], after previous: String?) -> [Token] {
        let joined = groups.joined()
        let looksGrouped =
            groups.count == 1 || groups[0].hasPrefix("0") || groups[0] == "62" || groups.allSatisfy { $0.count >= 3 }
        guard looksGrouped, joined.count >= 8 else {
            // Not one number. A long group becomes a placeholder alone, and the groups between
            // such placeholders are judged again as a run of their own, as they will be when the
            // normalised text is read again (so normalising stays idempotent).
            guard groups.count > 1, groups.contains(where: { $0.count >= 8 }) else {
                return groups.map {
                    $0.count >= 8 ? Token(placeholder(forDigits: $0), .placeholder) : Token($0, .number)
                }
            }
            var tokens: [Token] = []
            var run: [String] = []
            for group in groups + [""] {
                if group.count >= 8 || group.isEmpty {
                    if !run.isEmpty { tokens += numbers(run, after: tokens.last?.text ?? previous) }
                    run = []
                    if !group.isEmpty { tokens.append(Token(placeholder(forDigits: group), .placeholder)) }
                } else {
                    run.append(group)
                }
            }
            return tokens
        }
        var kind = placeholder(forDigits: joined)
        if kind == "<nik>", previous == "nuptk" { kind = "<nuptk>" }
        return [Token(kind, .placeholder)]
    }

    // MARK: Letters

    /// Three or more of a letter in a row become one ("tolonggg"), or two where that makes a
    /// known word ("maaaf" → maaf).
    private func shortenStretched(_ word: String) -> String {
        var previous: UInt8 = 0
        var run = 0
        var stretched = false
        for byte in word.utf8 {
            run = byte == previous ? run + 1 : 1
            previous = byte
            if run >= 3 {
                stretched = true
                break
            }
        }
        guard stretched else { return word }
        let single = Self.collapse(word, keep: 1)
        if lexicon.contains(single) || Self.knownWords[single] != nil { return single }
        let double = Self.collapse(word, keep: 2)
        return lexicon.contains(double) || Self.knownWords[double] != nil ? double : single
    }

    /// Each run of three or more of a letter cut to `keep`; shorter runs stay as written.
    private static func collapse(_ word: String, keep: Int) -> String {
        var out = ""
        var run: [Unicode.Scalar] = []
        func flush() {
            out.unicodeScalars.append(contentsOf: run.count >= 3 ? Array(run.prefix(keep)) : run)
            run.removeAll(keepingCapacity: true)
        }
        for scalar in word.unicodeScalars {
            if let last = run.last, last != scalar { flush() }
            run.append(scalar)
        }
        flush()
        return out
    }

    /// A letter in lower case without its diacritic, or nil for anything that is not a letter.
    static func fold(_ scalar: Unicode.Scalar) -> String? {
        let value = scalar.value
        if value < 0x80 {
            if value >= 0x61 && value <= 0x7A { return String(Character(scalar)) }
            if value >= 0x41 && value <= 0x5A { return String(Character(Unicode.Scalar(value + 0x20)!)) }
            return nil
        }
        guard scalar.properties.isAlphabetic else { return nil }
        if let plain = latinBase[value] { return plain }
        return scalar.properties.lowercaseMapping
    }

    /// Accented Latin letters and their plain forms (Latin-1 Supplement and Latin Extended-A).
    static let latinBase: [UInt32: String] = {
        var table: [UInt32: String] = [:]
        let groups: [(String, String)] = [
            ("a", "ÀÁÂÃÄÅàáâãäåĀāĂăĄą"), ("c", "ÇçĆćĈĉĊċČč"), ("d", "ĎďĐđ"), ("e", "ÈÉÊËèéêëĒēĔĕĖėĘęĚě"),
            ("g", "ĜĝĞğĠġĢģ"), ("h", "ĤĥĦħ"), ("i", "ÌÍÎÏìíîïĨĩĪīĬĭĮįİı"), ("j", "Ĵĵ"), ("k", "Ķķ"),
            ("l", "ĹĺĻļĽľĿŀŁł"), ("n", "ÑñŃńŅņŇň"), ("o", "ÒÓÔÕÖØòóôõöøŌōŎŏŐő"), ("r", "ŔŕŖŗŘř"),
            ("s", "ŚśŜŝŞşŠš"), ("t", "ŢţŤťŦŧ"), ("u", "ÙÚÛÜùúûüŨũŪūŬŭŮůŰűŲų"), ("w", "Ŵŵ"), ("y", "ÝýÿŶŷŸ"),
            ("z", "ŹźŻżŽž"), ("ss", "ß"), ("ae", "Ææ"), ("oe", "Œœ"),
        ]
        for (plain, accented) in groups {
            for scalar in accented.unicodeScalars { table[scalar.value] = plain }
        }
        return table
    }()

    // MARK: Links, addresses, numbers

    static func isEdgePunctuation(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 { return isASCIIEdgePunctuation(UInt8(scalar.value)) }
        return !scalar.properties.isAlphabetic && scalar.properties.numericType == nil
    }

    @inline(__always)
    static func isASCIIEdgePunctuation(_ byte: UInt8) -> Bool {
        let isAlphanumeric = (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
        return !isAlphanumeric && byte != 0x2B
    }

    /// White space between chunks, as bytes (NUL included).
    @inline(__always)
    public static func isASCIISpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) || byte == 0
    }

    /// White space (and NUL) separates chunks.
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 {
            return scalar.value == 0x20 || (scalar.value >= 0x09 && scalar.value <= 0x0D) || scalar.value == 0
        }
        return scalar.properties.isWhitespace || scalar == "\u{200B}"
    }

    static func isURL(_ text: String) -> Bool {
        if text.hasPrefix("http://") || text.hasPrefix("https://") || text.hasPrefix("www.") { return true }
        // s.id/Artikel, bit.ly/abc: a dotted host followed by a path.
        guard let slash = text.firstIndex(of: "/") else { return false }
        let host = text[..<slash]
        return host.contains(".") && !host.hasPrefix(".") && !host.hasSuffix(".")
            && host.allSatisfy { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" }
    }

    static func isEmail(_ text: String) -> Bool {
        guard let at = text.firstIndex(of: "@"), at != text.startIndex else { return false }
        let domain = text[text.index(after: at)...]
        return domain.contains(".") && !domain.hasPrefix(".") && !domain.hasSuffix(".")
    }

    /// NIP has 18 digits, NIK (and NUPTK) 16; an Indonesian mobile number starts 08 or 62.
    static func placeholder(forDigits digits: String) -> String {
        if (digits.hasPrefix("08") && (10...13).contains(digits.count))
            || (digits.hasPrefix("628") && (11...14).contains(digits.count))
            || (digits.hasPrefix("8") && (9...12).contains(digits.count) && digits.count != 16)
        {
            return "<telepon>"
        }
        switch digits.count {
        case 18: return "<nip>"
        case 16: return "<nik>"
        default: return "<angka>"
        }
    }
}
