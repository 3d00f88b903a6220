/// Masks personal data in a ticket's text as people read it (reports, exports, examples): NIK,
/// NIP and NUPTK, phone numbers, e-mail addresses, and the name after "nama saya". Everything
/// else stays as written, so the text still reads naturally.
///
/// Numbers are found the way `TextNormalizer` finds them (also written in groups: 0812 3456 7890,
/// 3201-2345-6789-0123); a number of fewer than 8 digits (a year, a class, a count) stays.
public enum PersonalData {
    /// What a masked value is replaced with, by kind.
    public static func mark(_ kind: String) -> String { "[\(kind)]" }

    public static func mask(_ text: String) -> String {
        maskNames(maskNumbersAndAddresses(text))
    }

    // MARK: Numbers and e-mail addresses

    private static func maskNumbersAndAddresses(_ text: String) -> String {
        let characters = Array(text)
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var index = 0
        var previousWord = ""
        while index < characters.count {
            let character = characters[index]
            if character.isASCII, character.isNumber {
                // A run of digits, possibly in groups joined by one space, "-" or ".".
                var end = index
                var digits = ""
                while end < characters.count {
                    if characters[end].isASCII, characters[end].isNumber {
                        digits.append(characters[end])
                        end += 1
                    } else if end + 1 < characters.count, " -.".contains(characters[end]),
                        characters[end + 1].isASCII, characters[end + 1].isNumber, !digits.isEmpty
                    {
                        end += 1
                    } else {
                        break
                    }
                }
                let startsWord = index == 0 || !(characters[index - 1].isLetter || characters[index - 1].isNumber)
                if digits.count >= 8, startsWord {
                    out += mark(kind(ofDigits: digits, after: previousWord))
                    // Keep a separator the run swallowed at its end ("… 7890." stays "… [telepon].").
                    index = end
                    continue
                }
                out.append(contentsOf: characters[index..<end])
                index = end
                continue
            }
            if character == "@" {
                // An e-mail address: the word before and the domain after.
                var start = out.endIndex
                while start > out.startIndex, isAddressCharacter(out[out.index(before: start)]) {
                    start = out.index(before: start)
                }
                var end = index + 1
                while end < characters.count, isAddressCharacter(characters[end]) { end += 1 }
                while end > index + 1, characters[end - 1] == "." { end -= 1 }
                let domain = String(characters[(index + 1)..<end])
                if start < out.endIndex, domain.contains("."), !domain.hasPrefix(".") {
                    out.removeSubrange(start...)
                    out += mark("email")
                    index = end
                    continue
                }
            }
            if character.isLetter {
                var end = index
                while end < characters.count, characters[end].isLetter { end += 1 }
                previousWord = String(characters[index..<end]).lowercased()
                out.append(contentsOf: characters[index..<end])
                index = end
                continue
            }
            out.append(character)
            index += 1
        }
        return out
    }

    private static func isAddressCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || "._%+-".contains(character)
    }

    private static func kind(ofDigits digits: String, after word: String) -> String {
        switch TextNormalizer.placeholder(forDigits: digits) {
        case "<telepon>": return "telepon"
        case "<nip>": return "NIP"
        case "<nik>": return word == "nuptk" ? "NUPTK" : "NIK"
        default: return "nomor"
        }
    }

    // MARK: Names

    /// Phrases after which a person's name follows.
    static let nameLeads = ["nama saya", "saya bernama", "nama lengkap", "nama:", "atas nama", "a.n.", "an."]
    /// Words that end a name ("nama saya Siti dari SDN 1", "nama saya Budi, guru kelas 5").
    static let afterName: Set<String> = [
        "dari", "di", "guru", "selaku", "sebagai", "yang", "dengan", "nip", "nik", "nuptk", "no", "nomor", "dan",
        "kepala", "operator", "pegawai", "mohon", "ingin", "mau", "sudah", "belum", "tidak", "saya", "kami", "ini",
        "email", "hp", "wa", "telp", "telepon", "asal", "sekolah", "ptk", "pns", "pppk", "honorer",
    ]

    /// Up to three words after a lead phrase, stopping at punctuation, a digit or a word that
    /// cannot be part of a name.
    private static func maskNames(_ text: String) -> String {
        var result = text
        var searchFrom = result.startIndex
        while let lead = nextLead(in: result, from: searchFrom) {
            var cursor = lead
            var nameStart: String.Index?
            var nameEnd = lead
            var words = 0
            while words < 3 {
                while cursor < result.endIndex, result[cursor] == " " || result[cursor] == ":" {
                    cursor = result.index(after: cursor)
                }
                var end = cursor
                while end < result.endIndex, result[end].isLetter || result[end] == "'" {
                    end = result.index(after: end)
                }
                let word = result[cursor..<end]
                guard !word.isEmpty, !afterName.contains(word.lowercased()) else { break }
                if nameStart == nil { nameStart = cursor }
                nameEnd = end
                words += 1
                cursor = end
                guard cursor < result.endIndex, result[cursor] == " " else { break }
            }
            if let nameStart {
                result.replaceSubrange(nameStart..<nameEnd, with: mark("nama"))
                searchFrom = result.index(nameStart, offsetBy: mark("nama").count)
            } else {
                searchFrom = lead
            }
        }
        return result
    }

    /// Where the text after the next lead phrase (any case, at the start of a word) begins.
    private static func nextLead(in text: String, from start: String.Index) -> String.Index? {
        var index = start
        while index < text.endIndex {
            let startsWord = index == text.startIndex || !text[text.index(before: index)].isLetter
            if startsWord {
                for lead in nameLeads {
                    if let end = match(lead, in: text, at: index) { return end }
                }
            }
            index = text.index(after: index)
        }
        return nil
    }

    /// The end of `lead` in `text` at `index`, compared without case; nil when it is not there.
    private static func match(_ lead: String, in text: String, at index: String.Index) -> String.Index? {
        var cursor = index
        for expected in lead {
            guard cursor < text.endIndex, text[cursor].lowercased() == String(expected) else { return nil }
            cursor = text.index(after: cursor)
        }
        return cursor
    }
}
