/// Masks personal data in a ticket's text as people read it (reports, exports, examples, cluster
/// words): identity numbers (NIK, NIP, NUPTK), phone numbers, e-mail addresses, passwords and
/// one-time codes, and names after introductions and sign-offs. Everything else stays as
/// written, so the text still reads naturally.
///
/// It finds what people really write: numbers glued to their label ("nik3201…"), split by spaces,
/// dots, dashes, slashes or underscores, in other digit scripts (full-width, Arabic-Indic,
/// Devanagari); phones with +62, area codes in brackets or wa.me links; addresses written
/// "siti [at] gmail (dot) com" or without a dot in the domain; names with academic titles
/// around them. When in doubt it masks: a masked word costs less than a leaked one.
public enum PersonalData {
    /// What a masked value is replaced with, by kind.
    public static func mark(_ kind: String) -> String { "[\(kind)]" }

    /// Words that only label personal data ("NIK", "email", "password"): never words that
    /// describe a group of tickets.
    public static let labelWords: Set<String> = [
        "nik", "nip", "nuptk", "ktp", "hp", "wa", "whatsapp", "telp", "telepon", "email", "surel", "otp", "password",
        "sandi", "pin",
    ]

    /// Every kind a masked value may be marked as.
    public static let kinds = [
        "NIK", "NIP", "NUPTK", "telepon", "nomor", "email", "kode", "rahasia", "nama", "tanggal lahir", "alamat",
    ]

    /// The text without its personal data, not even marked: for words that describe tickets
    /// (an emerging cluster's terms), where a mark would itself become a word.
    public static func strip(_ text: String) -> String {
        var masked = mask(text)
        guard masked.contains("[") else { return masked }
        for kind in kinds { masked = masked.replacing(mark(kind), with: " ") }
        return masked
    }

    /// Texts longer than this are masked a piece at a time (pieces end at a paragraph or line
    /// break, else at a space), so memory stays bounded however large a ticket is.
    static let pieceSize = 1 << 18

    /// The text with every piece of personal data it holds replaced by a mark (`[NIK]`, `[NIP]`,
    /// `[TELEPON]`…), whatever its length.
    public static func mask(_ text: String) -> String { mask(text, pieceSize: pieceSize) }

    /// `mask` with pieces of another size (tests put the cut at every place).
    static func mask(_ text: String, pieceSize: Int) -> String {
        guard text.utf8.count > pieceSize else { return maskPiece(text) }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var rest = text[...]
        while !rest.isEmpty {
            var end = rest.utf8.index(rest.startIndex, offsetBy: pieceSize, limitedBy: rest.endIndex) ?? rest.endIndex
            if end < rest.endIndex {
                // Personal data rarely spans a paragraph break; a line break or a space it may
                // ("Nama:\nBudi", "NIK 3201 2345"): there the cut goes back before the last word
                // that may carry or lead to personal data, so it and its value are masked together.
                let window = rest[end...].prefix(4096)
                if let paragraph = window.firstRange(of: "\n\n") {
                    end = paragraph.upperBound
                } else if let cut = window.firstIndex(where: { $0 == "\n" || $0 == " " }).map(rest.index(after:)) {
                    end = saferCut(before: cut, in: rest)
                }
            }
            out += maskPiece(String(rest[..<end]))
            rest = rest[end...]
        }
        return out
    }

    /// The place to cut `text` at or before `cut`: six words before the earliest word of the
    /// last 256 characters that holds a digit or an address sign or is (the start of) a label,
    /// lead, sign-off or title, at a space or line break; `cut` itself when there is none, or
    /// when going back would leave nothing before it.
    static func saferCut(before cut: Substring.Index, in text: Substring) -> Substring.Index {
        let window = text[..<cut].suffix(256)
        var start = window.startIndex
        var earliest: Substring.Index?
        while start < window.endIndex {
            let end = window[start...].firstIndex { $0 == " " || $0 == "\n" } ?? window.endIndex
            let word = window[start..<end].lowercased().filter { $0.isLetter || $0.isNumber || $0 == "@" || $0 == "＠" }
            if !word.isEmpty,
                word.contains(where: { $0.isNumber || $0 == "@" || $0 == "＠" }) || seamWords.contains(word)
                    || seamWords.contains(where: { word.hasPrefix($0) && $0.count >= 4 })
            {
                earliest = start
                break
            }
            start = end < window.endIndex ? window.index(after: end) : end
        }
        guard var earliest else { return cut }
        // A value's label may stand a few words before it ("password untuk masuk: X"), even
        // before the window: go back six more words.
        for _ in 0..<6 {
            guard let space = text[..<earliest].dropLast().lastIndex(where: { $0 == " " || $0 == "\n" }) else { break }
            earliest = text.index(after: space)
        }
        return earliest > text.startIndex ? earliest : cut
    }

    /// The first words of every label, lead, sign-off and title the masker acts on.
    static let seamWords: Set<String> = Set(
        (secretLeads + userLeads + nameLeads + signOffLeads + titleLeads + birthLeads + addressLeads + [
            "email", "surel",
        ])
        .compactMap { $0.split(separator: " ").first.map { $0.filter(\.isLetter) } }.filter { !$0.isEmpty }
            + labels.flatMap(\.words))

    private static func maskPiece(_ text: String) -> String {
        var characters = Array(text.unicodeScalars)
        // A full-width "＠" is an "@".
        if characters.contains("\u{FF20}") { characters = characters.map { $0 == "\u{FF20}" ? "@" : $0 } }
        characters = maskBirthDates(characters)
        characters = maskSpelledNumbers(characters)
        characters = maskHomeAddresses(characters)
        characters = maskAddresses(characters)
        characters = maskNumbers(characters)
        characters = maskSecrets(characters)
        characters = maskNames(characters)
        return String(String.UnicodeScalarView(characters))
    }

    // MARK: Characters

    /// The value of a decimal digit in any script (ASCII, full-width, Arabic-Indic, Devanagari…).
    static func digit(_ scalar: Unicode.Scalar) -> Int? {
        TextNormalizer.decimalDigit(scalar).map { Int($0.value) - 0x30 }
    }

    /// Replaces `range` of `scalars` by the mark of `kind`; returns where the mark ends.
    static func replace(_ range: Range<Int>, of scalars: inout [Unicode.Scalar], by kind: String) -> Int {
        let marked = Array(mark(kind).unicodeScalars)
        scalars.replaceSubrange(range, with: marked)
        return range.lowerBound + marked.count
    }

    /// The text of some scalars.
    static func text(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        String(String.UnicodeScalarView(scalars))
    }

    /// Whether a word starts at `index` with a letter some lead starts with: the cheap test that
    /// spares trying every lead at every place.
    static func startsLead(_ scalars: [Unicode.Scalar], _ index: Int, _ firstBytes: Set<UInt8>) -> Bool {
        guard let byte = scalars[index].asciiValue, firstBytes.contains(byte | 0x20) else { return false }
        return index == 0 || !scalars[index - 1].isLetter
    }

    static func firstBytes(_ leads: [String]) -> Set<UInt8> { Set(leads.compactMap { $0.utf8.first }) }
    static let secretFirstBytes = firstBytes(secretLeads + userLeads)
    static let nameFirstBytes = firstBytes(nameLeads + signOffLeads + titleLeads)

    /// Leads by their first byte, in their order: only those that can match are tried.
    static func byFirstByte(_ leads: [String]) -> [UInt8: [String]] {
        Dictionary(grouping: leads) { $0.utf8.first! }
    }
    static let nameLeadsByByte = byFirstByte(nameLeads)
    static let signOffLeadsByByte = byFirstByte(signOffLeads)
    static let titleLeadsByByte = byFirstByte(titleLeads)

    /// Whether `word` (lower-case ASCII) stands at `index`, not inside a longer word.
    static func matches(_ word: String, in characters: [Unicode.Scalar], at index: Int) -> Bool {
        guard index == 0 || !characters[index - 1].isLetter, let count = length(of: word, in: characters, at: index)
        else { return false }
        // A lead ending in a letter must end its word too ("pin" is not "pinjam").
        let end = index + count
        if let last = word.unicodeScalars.last, last.isLetter, end < characters.count, characters[end].isLetter {
            return false
        }
        return true
    }

    /// The lower-case words (letter runs) just before `index`, nearest first.
    static func wordsBefore(_ characters: [Unicode.Scalar], _ index: Int, count: Int) -> [String] {
        var words: [String] = []
        var end = index
        while words.count < count {
            while end > 0, !characters[end - 1].isLetter {
                if characters[end - 1] == "\n" { return words }  // a line break ends the look-back
                end -= 1
            }
            guard end > 0 else { break }
            var start = end
            while start > 0, characters[start - 1].isLetter { start -= 1 }
            words.append(text(characters[start..<end]).lowercased())
            end = start
        }
        return words
    }

    // MARK: Numbers

    /// Characters that may stand between the digit groups of one number ("0812-3456 7890",
    /// "3201.2345.6789.0123", "(021) 555 1234", "1980_0101").
    static let numberSeparators: Set<Unicode.Scalar> = [
        " ", "-", ".", "/", "_", "(", ")", "\u{00A0}", "–", "—", ",", "|", "\n", "\r", "\t",
        // Invisible: a soft hyphen, zero-width spaces and joiners, a word joiner, a BOM.
        "\u{00AD}", "\u{200B}", "\u{200C}", "\u{200D}", "\u{2060}", "\u{FEFF}",
    ]

    /// Labels that say what the number after them is, and how many digits make it one.
    static let labels: [(words: Set<String>, kind: String, minimumDigits: Int)] = [
        (["nik", "ktp", "kk"], "NIK", 6),
        (["nip"], "NIP", 6),
        (["nuptk"], "NUPTK", 6),
        (
            [
                "hp", "wa", "whatsapp", "telp", "tlp", "telepon", "telpon", "tel", "phone", "ponsel", "kontak", "hub",
                "hubungi", "nomor", "no", "nomer", "nmr",
            ], "telepon", 6
        ),
        (["otp", "pin", "kode", "verifikasi", "token", "sandi", "password"], "kode", 4),
        (["rekening", "rek", "norek", "npwp", "bpjs", "kis", "akun", "virtual", "va"], "nomor", 6),
    ]

    private static func maskNumbers(_ characters: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(characters.count)
        var index = 0
        while index < characters.count {
            guard digit(characters[index]) != nil else {
                out.append(characters[index])
                index += 1
                continue
            }
            // A run of digits, possibly in groups joined by up to three separators.
            var end = index
            var digits = ""
            var groups: [Int] = [0]
            var separators = Set<Unicode.Scalar>()
            while end < characters.count {
                if let value = digit(characters[end]) {
                    digits.append(Character(String(value)))
                    groups[groups.count - 1] += 1
                    end += 1
                    continue
                }
                var gap = 0
                while gap < 3, end + gap < characters.count, numberSeparators.contains(characters[end + gap]) {
                    gap += 1
                }
                guard gap > 0, end + gap < characters.count, digit(characters[end + gap]) != nil else { break }
                for separator in characters[end..<(end + gap)] { separators.insert(separator) }
                groups.append(0)
                end += gap
            }
            let label = wordsBefore(characters, index, count: 3).lazy.compactMap { word in
                labels.first { $0.words.contains(word) }
            }.first
            let isNumber = digits.count >= 8 || (label.map { digits.count >= $0.minimumDigits } ?? false)
            guard isNumber, !isDate(groups, separators) else {
                out.append(contentsOf: characters[index..<end])
                index = end
                continue
            }
            // A "+" or "(" just before belongs to the number ("+62 812…", "(021) 555…").
            while let last = out.last, last == "+" || last == "(" { out.removeLast() }
            out.append(contentsOf: mark(label?.kind ?? kind(ofDigits: digits)).unicodeScalars)
            index = end
        }
        return out
    }

    /// A date such as 2024-07-11, 11/07/2024 or 11.7.2024: kept.
    static func isDate(_ groups: [Int], _ separators: Set<Unicode.Scalar>) -> Bool {
        guard groups.count == 3, separators.count == 1, let separator = separators.first,
            "-./".unicodeScalars.contains(separator)
        else { return false }
        return (groups[0] == 4 && (1...2).contains(groups[1]) && (1...2).contains(groups[2]))
            || ((1...2).contains(groups[0]) && (1...2).contains(groups[1]) && groups[2] == 4)
    }

    private static func kind(ofDigits digits: String) -> String {
        // A landline with its area code: (021) 555 1234, 0274-512345.
        if digits.hasPrefix("0"), (9...12).contains(digits.count) { return "telepon" }
        switch TextNormalizer.placeholder(forDigits: digits) {
        case "<telepon>": return "telepon"
        case "<nip>": return "NIP"
        case "<nik>": return "NIK"
        default: return "nomor"
        }
    }

    // MARK: E-mail addresses

    /// How people write the "@" of an address.
    static let atSigns = ["@", "%40", "[at]", "(at)", "{at}", "<at>", "[@]", "(@)", " at ", " et "]
    /// How people write a dot in an address.
    static let dots = [".", "[dot]", "(dot)", "{dot}", "[.]", "(.)", "dot "]
    /// Mail domains that make " at " an "@" ("siti at gmail dot com").
    static let mailDomains = [
        "gmail", "yahoo", "ymail", "hotmail", "outlook", "live", "icloud", "belajar", "guru", "kemdikbud", "madrasah",
        "rocketmail", "aol", "proton",
    ]

    static func isAddressCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isLetter || scalar.isNumber || "._%+-".unicodeScalars.contains(scalar)
    }

    /// The length of `form` (lower-case ASCII) at `index`, compared without case; nil when it
    /// is not there. Compares ASCII values: no string is made per character.
    static func length(of form: String, in characters: [Unicode.Scalar], at index: Int) -> Int? {
        var cursor = index
        for expected in form.utf8 {
            guard cursor < characters.count, var byte = characters[cursor].asciiValue else { return nil }
            if byte >= 0x41 && byte <= 0x5A { byte |= 0x20 }
            guard byte == expected else { return nil }
            cursor += 1
        }
        return cursor - index
    }

    private static func maskAddresses(_ characters: [Unicode.Scalar]) -> [Unicode.Scalar] {
        // Most texts have no address at all: an "@", or an "at"/"et" after a space or bracket.
        let mayHaveAddress = characters.indices.contains { index in
            let scalar = characters[index]
            if scalar == "@" || (scalar == "%" && length(of: "%40", in: characters, at: index) != nil) { return true }
            guard index + 2 < characters.count, " [({<".unicodeScalars.contains(scalar) else { return false }
            return (length(of: "at", in: characters, at: index + 1) ?? length(of: "et", in: characters, at: index + 1))
                != nil
        }
        guard mayHaveAddress else { return characters }
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(characters.count)
        var index = 0
        while index < characters.count {
            guard let at = atSigns.lazy.compactMap({ sign in length(of: sign, in: characters, at: index) }).first else {
                out.append(characters[index])
                index += 1
                continue
            }
            let spelled = characters[index] != "@"
            // The user part: address characters before the sign (spaces around it allowed).
            var start = out.count
            while start > 0, out[start - 1] == " " { start -= 1 }
            let userEnd = start
            while start > 0, isAddressCharacter(out[start - 1]) { start -= 1 }
            // The domain: address characters and spelled dots after the sign.
            var end = index + at
            while end < characters.count, characters[end] == " " { end += 1 }
            let domainStart = end
            var letters = 0
            while end < characters.count {
                if characters[end].isLetter || characters[end].isNumber || characters[end] == "-" {
                    if characters[end].isLetter { letters += 1 }
                    end += 1
                    continue
                }
                // A dot, plain or spelled, with spaces around it allowed ("gmail (dot) com").
                var next = end
                while next < characters.count, characters[next] == " " { next += 1 }
                guard let dot = dots.lazy.compactMap({ length(of: $0, in: characters, at: next) }).first else { break }
                next += dot
                while next < characters.count, characters[next] == " " { next += 1 }
                guard next < characters.count, characters[next].isLetter || characters[next].isNumber else { break }
                end = next
            }
            let domain = text(characters[domainStart..<end]).lowercased()
            let known = mailDomains.contains { domain.hasPrefix($0) }
            guard userEnd > start, letters >= 2, !spelled || known || characters[index] != " " else {
                out.append(characters[index])
                index += 1
                continue
            }
            out.removeSubrange(start...)
            out.append(contentsOf: mark("email").unicodeScalars)
            index = end
        }
        return out
    }

    // MARK: Passwords and codes

    /// Words after which a password or a one-time code follows.
    static let secretLeads = [
        "kata sandiku", "kata sandinya", "kata sandi", "katasandi", "kata kunci", "kode otp", "kode verifikasi",
        "kode akses", "passwordku", "passwordnya", "password", "paswordnya", "paswordku", "pasword", "passwodnya",
        "passwodku", "passwod",
        "sandiku", "sandinya", "sandi", "passnya", "pass", "pwnya", "pwd", "pw", "otp", "pin", "token",
    ]
    /// Words after which a user name follows: masked like a secret, as a name.
    static let userLeads = ["nama pengguna", "username", "user name", "userid", "user id"]
    /// Words that may stand between the lead and the secret.
    static let secretFillers: Set<String> = [
        "saya", "sy", "aku", "ku", "nya", "adalah", "yaitu", "yakni", "baru", "lama", "akun", "yang", "ini", "is",
        "saat", "sekarang", "pmm", "belajar", "id", "untuk", "masuk", "login",
    ]
    /// Words that say something about the secret rather than being it ("password saya lupa").
    static let notSecrets: Set<String> = [
        "lupa", "salah", "tidak", "tdk", "gak", "ga", "belum", "sudah", "sdh", "bisa", "hilang", "terkunci",
        "kadaluarsa",
        "expired", "masuk", "diganti", "ganti", "reset", "direset", "benar", "dan", "atau", "untuk", "di", "ke", "dari",
        "selalu", "terus", "kok", "juga", "mohon", "tolong", "berapa", "apa", "bagaimana", "gimana", "dikirim",
        "terkirim", "sampai", "muncul", "beberapa", "berkali", "berulang", "sekali", "dua", "tiga",
    ]

    private static func maskSecrets(_ characters: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var out = characters
        var index = 0
        while index < out.count {
            guard Self.startsLead(out, index, Self.secretFirstBytes),
                let lead = secretLeads.first(where: { matches($0, in: out, at: index) })
                    ?? userLeads.first(where: { matches($0, in: out, at: index) })
            else {
                index += 1
                continue
            }
            let kind = userLeads.contains(lead) ? "nama" : "rahasia"
            var cursor = index + lead.count
            var explicit = false
            // Skip separators and filler words up to the secret.
            while cursor < out.count {
                if ":=".unicodeScalars.contains(out[cursor]) {
                    explicit = true
                    cursor += 1
                } else if " ,-\t".unicodeScalars.contains(out[cursor]) {
                    cursor += 1
                } else if out[cursor].isLetter {
                    var end = cursor
                    while end < out.count, out[end].isLetter { end += 1 }
                    let word = text(out[cursor..<end]).lowercased()
                    guard secretFillers.contains(word), end < out.count, !out[end].isNumber else { break }
                    // An address made of fillers ("akun belajar.id") is no secret either.
                    if out[end] == ".", end + 1 < out.count, out[end + 1].isLetter {
                        var next = end + 1
                        while next < out.count, out[next].isLetter { next += 1 }
                        let rest = text(out[(end + 1)..<next]).lowercased()
                        guard secretFillers.contains(rest), next == out.count || !out[next].isNumber else { break }
                        end = next
                    }
                    cursor = end
                } else {
                    break
                }
            }
            var end = cursor
            while end < out.count, !out[end].isWhitespace { end += 1 }
            while end > cursor, ".,;)!?\"'".unicodeScalars.contains(out[end - 1]) { end -= 1 }
            if kind == "nama" { end = Self.nameRest(out, from: end) }
            let token = text(out[cursor..<end])
            let lower = token.lowercased()
            // A word the dictionary knows is a secret only after "password:"; anything else is one.
            let isSecret =
                token.unicodeScalars.contains(where: { $0.isLetter || $0.isNumber }) && !token.hasPrefix("[")
                && !notSecrets.contains(lower)
                && (explicit || !token.allSatisfy(\.isLetter) || !isDictionaryWord(lower))
            if isSecret {
                index = replace(cursor..<end, of: &out, by: kind)
            } else {
                index += lead.count
            }
        }
        return out
    }

    /// Where a name written after a user-name label ends: a user name is one word, but a
    /// person may write their full name there ("Nama pengguna: Sri Wahyuni"), so up to three more
    /// capitalised words on the same line that the dictionary does not know are taken too.
    private static func nameRest(_ out: [Unicode.Scalar], from start: Int) -> Int {
        var end = start
        for _ in 0..<3 {
            guard end + 1 < out.count, out[end] == " ", out[end + 1].properties.isUppercase else { break }
            var wordEnd = end + 1
            while wordEnd < out.count, out[wordEnd].isLetter { wordEnd += 1 }
            guard !isDictionaryWord(text(out[(end + 1)..<wordEnd]).lowercased()) else { break }
            end = wordEnd
        }
        return end
    }

    // MARK: Home addresses and spelled numbers

    /// Words after which a home address follows, to the end of its line or sentence.
    static let addressLeads = ["alamat rumah", "alamat lengkap", "alamat", "tinggal di", "rumah di", "domisili"]
    /// Words that start a street ("Jl. Melati", "Jalan Kenanga", "Perum Griya Asri").
    static let streetWords: Set<String> = [
        "jl", "jln", "jalan", "gg", "gang", "perum", "perumahan", "komplek", "kompleks",
    ]

    /// A home address: after an address lead, up to the end of the line or sentence (at most
    /// 120 characters); a street named by a capitalised word after "Jl."/"Jalan"/"Perum"…; and
    /// a neighbourhood's numbers ("RT 03/RW 02").
    private static func maskHomeAddresses(_ characters: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var out = characters
        var index = 0
        while index < out.count {
            guard startsWord(out, index) else {
                index += 1
                continue
            }
            if let lead = addressLeads.first(where: { matches($0, in: out, at: index) }) {
                var start = index + lead.count
                while start < out.count, " :,-".unicodeScalars.contains(out[start]) { start += 1 }
                // "alamat saya …", "alamat email": only what follows is an address, and not an e-mail's.
                while let filler = ["saya ", "sy ", "kami "].first(where: { matches($0, in: out, at: start) }) {
                    start += filler.count
                }
                var end = start
                while end < out.count, end - start < 120, out[end] != "\n",
                    !(out[end] == "." && (end + 1 == out.count || out[end + 1] == " ") && end > start
                        && !(2...5).contains(end - wordStart(out, end)))
                {
                    end += 1
                }
                let value = text(out[start..<end]).lowercased()
                if end > start, !value.hasPrefix("email"), !value.hasPrefix("[email]"),
                    value.contains(where: { $0.isNumber }) || out[start].isUppercase
                {
                    index = replace(start..<end, of: &out, by: "alamat")
                    continue
                }
            }
            var end = index
            while end < out.count, out[end].isLetter { end += 1 }
            let word = text(out[index..<end]).lowercased()
            if streetWords.contains(word) {
                var next = end
                while next < out.count, ". ".unicodeScalars.contains(out[next]) { next += 1 }
                if next < out.count, out[next].isUppercase {
                    // The street's name and number: capitalised words, "No. 5", "Blok C3".
                    var stop = next
                    while stop < out.count, out[stop] != "\n", out[stop] != ",",
                        out[stop].isLetter || out[stop].isNumber || " ./".unicodeScalars.contains(out[stop])
                    {
                        if out[stop] == " ", stop + 1 < out.count, out[stop + 1].isLetter, !out[stop + 1].isUppercase,
                            !["no", "blok"].contains(where: { matches($0, in: out, at: stop + 1) })
                        {
                            break
                        }
                        stop += 1
                    }
                    while stop > next, " .".unicodeScalars.contains(out[stop - 1]) { stop -= 1 }
                    index = replace(index..<stop, of: &out, by: "alamat")
                    continue
                }
            }
            if word == "rt" || word == "rw" {
                // "RT 03/RW 02", "RT.04/RW.07", "RT/RW 003/002".
                var stop = end
                while stop < out.count,
                    out[stop].isNumber || " ./".unicodeScalars.contains(out[stop])
                        || (out[stop].isLetter && matches("rw", in: out, at: stop))
                {
                    stop += out[stop].isLetter ? 2 : 1
                }
                while stop > end, " ./".unicodeScalars.contains(out[stop - 1]) { stop -= 1 }
                if out[end..<stop].contains(where: \.isNumber) {
                    index = replace(index..<stop, of: &out, by: "alamat")
                    continue
                }
            }
            index = max(end, index + 1)
        }
        return out
    }

    /// Whether a word (a run of letters) starts at `index`.
    static func startsWord(_ characters: [Unicode.Scalar], _ index: Int) -> Bool {
        characters[index].isLetter && (index == 0 || !characters[index - 1].isLetter)
    }

    /// Where the word holding `index` starts.
    static func wordStart(_ characters: [Unicode.Scalar], _ index: Int) -> Int {
        var start = index
        while start > 0, characters[start - 1].isLetter { start -= 1 }
        return start
    }

    /// Digits as Indonesian words.
    static let digitWords: Set<String> = [
        "nol", "kosong", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan",
    ]

    /// A number spelled digit by digit in words ("tiga dua nol satu …"): eight digit words in a
    /// row or more, as a number of eight digits is masked.
    private static func maskSpelledNumbers(_ characters: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var out = characters
        var index = 0
        while index < out.count {
            guard startsWord(out, index) else {
                index += 1
                continue
            }
            var cursor = index
            var count = 0
            var lastEnd = index
            while cursor < out.count {
                var end = cursor
                while end < out.count, out[end].isLetter { end += 1 }
                guard end > cursor, digitWords.contains(text(out[cursor..<end]).lowercased()) else { break }
                count += 1
                lastEnd = end
                cursor = end
                while cursor < out.count, " ,-".unicodeScalars.contains(out[cursor]) { cursor += 1 }
            }
            if count >= 8 {
                index = replace(index..<lastEnd, of: &out, by: "nomor")
            } else {
                while index < out.count, out[index].isLetter { index += 1 }
            }
        }
        return out
    }

    // MARK: Dates of birth

    /// Words after which a place and date of birth follow.
    static let birthLeads = ["lahir", "ttl"]

    /// A place and date of birth ("tanggal lahir 12-05-1985", "Tempat/Tgl Lahir: Bandung, 12 Mei
    /// 1985", "TTL Sleman, 3 Januari 1979"): from after the lead to the year, when a year
    /// (19xx or 20xx) follows on the same line within 48 characters. Other dates stay.
    private static func maskBirthDates(_ characters: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var out = characters
        var index = 0
        while index < out.count {
            guard let lead = birthLeads.first(where: { matches($0, in: out, at: index) }) else {
                index += 1
                continue
            }
            var cursor = index + lead.count
            while cursor < out.count, " :,=/-".unicodeScalars.contains(out[cursor]) { cursor += 1 }
            var yearEnd: Int?
            var probe = cursor
            while probe < min(out.count, cursor + 48), out[probe] != "\n" {
                if probe + 4 <= out.count, probe == 0 || digit(out[probe - 1]) == nil,
                    probe + 4 == out.count || digit(out[probe + 4]) == nil,
                    let d0 = digit(out[probe]), let d1 = digit(out[probe + 1]), digit(out[probe + 2]) != nil,
                    digit(out[probe + 3]) != nil, (d0 == 1 && d1 == 9) || (d0 == 2 && d1 == 0)
                {
                    yearEnd = probe + 4
                    break
                }
                probe += 1
            }
            if let yearEnd, yearEnd > cursor {
                index = replace(cursor..<yearEnd, of: &out, by: "tanggal lahir")
            } else {
                index += lead.count
            }
        }
        return out
    }

    // MARK: Names

    /// A form's name label, "Nama Guru:", "Nama Lengkap (sesuai KTP):", "NAMA IBU KANDUNG :": "nama"
    /// and up to five more words (or a bracketed note) up to a colon on the same line. Returned as
    /// a lead is: a string as long (in scalars) as the label, for the cursor to skip; nil when
    /// there is none at `index`.
    static func nameLabel(in characters: [Unicode.Scalar], at index: Int) -> String? {
        guard matches("nama", in: characters, at: index) else { return nil }
        var cursor = index + 4
        var words = 0
        while cursor < characters.count, cursor - index < 48 {
            let scalar = characters[cursor]
            if scalar == ":" { return String(repeating: "x", count: cursor + 1 - index) }
            if scalar == "\n" || !(scalar.isLetter || " ()/-".unicodeScalars.contains(scalar)) { return nil }
            if scalar == " ", cursor + 1 < characters.count, characters[cursor + 1].isLetter { words += 1 }
            if words > 5 { return nil }
            cursor += 1
        }
        return nil
    }

    /// Phrases after which a person's name follows, in any case ("nama saya budi").
    static let nameLeads = [
        "perkenalkan nama saya", "nama lengkap saya", "nama saya", "namaku", "nama lengkap", "nama:", "nama :",
        "saya bernama", "bernama", "atas nama", "a.n.", "a.n", "an.", "dengan saya", "perkenalkan", "dari:", "dari :",
    ]
    /// Sign-offs and addresses after which a capitalised name follows ("Hormat saya, Budi").
    static let signOffLeads = [
        "hormat saya", "hormat kami", "salam hormat", "salam hangat", "wassalam", "wassalamualaikum", "salam", "ttd.",
        "ttd", "tertanda", "regards", "terima kasih", "terimakasih", "makasih", "saya", "sy", "aku",
    ]
    /// Forms of address before a name ("Bu Sri Wahyuni", "Pak Joko"): a capitalised word after
    /// them is a name unless it says what the person is ("Bu Kepala Sekolah", "Bapak Ibu").
    static let titleLeads = ["bapak", "ibu", "pak", "bu", "bpk", "sdr", "sdri", "saudara", "saudari"]
    /// The weakest leads: a name after them must also be no word the dictionary knows ("Saya
    /// Budi" is a name; "Saya Menggunakan" is not).
    static let weakLeads: Set<String> = ["saya", "sy", "aku"]
    /// Words between a lead and the name ("nama saya adalah Budi").
    static let beforeName: Set<String> = ["adalah", "yaitu", "yakni", "ialah", "ini"]
    /// Titles before a name: kept, and skipped to find the name.
    static let titlesBefore: Set<String> = [
        "bapak", "ibu", "pak", "bu", "bpk", "dr", "drs", "dra", "ir", "h", "hj", "prof", "kak", "mas", "mbak", "sdr",
        "sdri", "ust", "ustadz", "ustadzah",
    ]
    /// Words that end a name or show that no name follows ("nama saya Siti dari SDN 1",
    /// "Saya Kepala Sekolah").
    static let afterName: Set<String> = [
        "dari", "di", "guru", "selaku", "sebagai", "yang", "dengan", "nip", "nik", "nuptk", "no", "nomor", "dan",
        "kepala", "operator", "pegawai", "mohon", "ingin", "mau", "sudah", "belum", "tidak", "saya", "kami", "ini",
        "email", "hp", "wa", "telp", "telepon", "asal", "sekolah", "ptk", "pns", "pppk", "honorer", "sangat", "juga",
        "masih", "baru", "telah", "akan", "sedang", "bisa", "adalah", "plt", "admin", "wali", "staf", "tenaga",
        "pengawas", "pengajar", "pendidik", "bendahara", "kepsek", "ks", "asn", "gtk", "siswa", "orang", "salah",
        "satu", "punya", "lupa", "mengalami", "mencoba", "coba", "bingung", "minta", "memohon", "butuh", "perlu",
        "dapat", "merasa", "cuma", "hanya", "mengajar", "bertugas", "bekerja", "tinggal", "sebelumnya", "kemarin",
        "hari", "tadi", "pagi", "siang", "sore", "malam", "semua", "para", "pusat", "bantuan", "tim", "atas", "kasih",
        "banyak", "sebesar", "besarnya", "sekali", "ya", "kak", "min", "bapak", "ibu", "pmm", "sd", "smp", "sma",
        "smk", "sdn", "smpn", "sman", "smkn", "mi", "mts", "ma", "tk", "paud", "up", "kelas", "the", "for",
        "sejahtera", "kenal", "sehat", "sukses", "selalu", "hangat",
    ]

    /// A word the root list knows, as written or once stemmed.
    public static func isDictionaryWord(_ word: String) -> Bool {
        RootWords.standard.contains(word) || RootWords.standard.contains(Stemmer.standard.stem(word))
    }

    private static func maskNames(_ characters: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var out = characters
        var index = 0
        while index < out.count {
            guard Self.startsLead(out, index, Self.nameFirstBytes) else {
                index += 1
                continue
            }
            let byte = out[index].asciiValue! | 0x20
            let strong =
                nameLabel(in: out, at: index) ?? nameLeadsByByte[byte]?.first { matches($0, in: out, at: index) }
            let signOff = strong == nil ? signOffLeadsByByte[byte]?.first { matches($0, in: out, at: index) } : nil
            let title =
                strong == nil && signOff == nil
                ? titleLeadsByByte[byte]?.first { matches($0, in: out, at: index) } : nil
            guard let lead = strong ?? signOff ?? title else {
                index += 1
                continue
            }
            var cursor = index + lead.count
            // Separators, then titles before the name ("Dra.", "Bapak").
            while cursor < out.count {
                if " :,.-—\n\t".unicodeScalars.contains(out[cursor]) {
                    cursor += 1
                    continue
                }
                var end = cursor
                while end < out.count, out[end].isLetter { end += 1 }
                let word = text(out[cursor..<end]).lowercased()
                guard end > cursor, titlesBefore.contains(word) || beforeName.contains(word) else { break }
                cursor = end
            }
            // Up to four name words (an initial may end with "."), stopping at a word that cannot
            // be part of a name; after a sign-off or a title each must be capitalised.
            var nameStart: Int?
            var nameEnd = cursor
            var words = 0
            while words < 4, cursor < out.count {
                var end = cursor
                while end < out.count, out[end].isLetter || out[end] == "'" || out[end] == "’" { end += 1 }
                let word = text(out[cursor..<end])
                let lower = word.lowercased()
                guard !word.isEmpty, !afterName.contains(lower),
                    strong != nil
                        || (word.first!.isUppercase && !TextNormalizer.protectedTerms.contains(lower)
                            && !(weakLeads.contains(lead) && isDictionaryWord(lower)))
                else { break }
                if nameStart == nil { nameStart = cursor }
                if end < out.count, out[end] == ".", word.count == 1 { end += 1 }
                nameEnd = end
                words += 1
                guard end < out.count, out[end] == " " else { break }
                cursor = end + 1
            }
            if let nameStart {
                index = replace(nameStart..<nameEnd, of: &out, by: "nama")
            } else {
                index += lead.count
            }
        }
        return out
    }
}

/// What the masker asks of a scalar, answered for ASCII without a table look-up.
extension Unicode.Scalar {
    var isLetter: Bool {
        if value < 0x80 { return (value | 0x20) >= 0x61 && (value | 0x20) <= 0x7A }
        return properties.isAlphabetic
    }
    var isNumber: Bool {
        if value < 0x80 { return value >= 0x30 && value <= 0x39 }
        return properties.numericType != nil
    }
    var isUppercase: Bool {
        if value < 0x80 { return value >= 0x41 && value <= 0x5A }
        return properties.isUppercase
    }
    var isWhitespace: Bool {
        if value < 0x80 { return value == 0x20 || (value >= 0x09 && value <= 0x0D) }
        return properties.isWhitespace
    }
    var asciiValue: UInt8? { value < 0x80 ? UInt8(value) : nil }
}
