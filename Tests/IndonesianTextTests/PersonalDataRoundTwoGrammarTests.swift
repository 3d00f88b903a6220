import Testing

@testable import IndonesianText

/// The second round's families generated from a grammar (label × separator × value × the text
/// around it) rather than listed one by one: every form must be masked, and what follows kept.
@Suite struct PersonalDataRoundTwoGrammarTests {
    /// The masked text, and the forms that leaked `secret` (for one message per family).
    static func leaks(_ texts: [String], secret: (String) -> String) -> [String] {
        texts.filter { PersonalData.mask($0).contains(secret($0)) }.map { "\($0) → \(PersonalData.mask($0))" }
    }

    @Test func passwordsFromTheGrammar() {
        var texts: [String] = []
        var secrets: [String: String] = [:]
        for label in ["password", "Password", "PASSWORD", "pasword", "kata sandi", "sandi", "pw"] {
            for suffix in ["", "ku", "nya"] where !(label == "pw" && suffix == "ku") {
                for qualifier in ["", " akun", " untuk masuk"] {
                    for separator in [" ", ": ", " : ", " = ", " adalah "] {
                        for secret in ["Rahasia123", "guru2024!"] {
                            let text = "sudah dicoba, \(label)\(suffix)\(qualifier)\(separator)\(secret) tetap gagal"
                            texts.append(text)
                            secrets[text] = secret
                        }
                    }
                }
            }
        }
        let leaked = Self.leaks(texts) { secrets[$0]! }
        #expect(leaked.isEmpty, "\(leaked.count) of \(texts.count): \(leaked.prefix(5))")
        #expect(texts.allSatisfy { PersonalData.mask($0).hasSuffix(" tetap gagal") })
    }

    @Test func identityNumbersSplitEveryWay() {
        let number = "3201234567890123"
        var texts: [String] = []
        for label in ["NIK", "nik saya", "No KTP:", "NUPTK"] {
            for groups in [[4, 4, 4, 4], [6, 6, 4], [2, 2, 2, 10], [8, 8]] {
                for separator in [",", ", ", "|", " | ", "\n", "\u{00AD}", "\u{200B}", "\u{2060}", "\u{FEFF}"] {
                    var rest = Substring(number)
                    var parts: [String] = []
                    for size in groups {
                        parts.append(String(rest.prefix(size)))
                        rest = rest.dropFirst(size)
                    }
                    texts.append("\(label) \(parts.joined(separator: separator)) belum sesuai")
                }
            }
        }
        let leaked = texts.filter {
            let masked = PersonalData.mask($0)
            return masked.contains("3201") || masked.contains("0123")
        }
        #expect(leaked.isEmpty, "\(leaked.count) of \(texts.count): \(leaked.prefix(5).map(\.debugDescription))")
    }

    @Test func addressesFromTheGrammar() {
        var texts: [String] = []
        for user in ["siti.aminah", "budi_santoso99"] {
            for at in ["@", "＠", " @ ", " ＠ ", "%40"] {
                for dot in [".", " . "] {
                    for domain in [["gmail", "com"], ["guru", "sd", "belajar", "id"]] {
                        let address = user + at + domain.joined(separator: dot)
                        texts.append("email saya \(address) mohon dibalas")
                        if at == "%40" { texts.append("<mailto:\(address)> mohon dibalas") }
                    }
                }
            }
        }
        let leaked = Self.leaks(texts) { $0.contains("siti") ? "aminah" : "santoso" }
        #expect(leaked.isEmpty, "\(leaked.count) of \(texts.count): \(leaked.prefix(5))")
        #expect(texts.allSatisfy { PersonalData.mask($0).hasSuffix(" mohon dibalas") })
    }

    @Test func namesAfterLabelsFromTheGrammar() {
        var texts: [String] = []
        for label in [
            "Nama", "NAMA", "nama", "Nama Guru", "Nama Lengkap", "Nama Lengkap (sesuai KTP)", "Nama Ibu Kandung",
            "Nama Kepala Sekolah", "Dari", "Nama pengguna",
        ] {
            for separator in [": ", " : ", ":"] {
                for name in ["Sri Wahyuni", "SRI WAHYUNI", "Sri Wahyuni, S.Pd."] {
                    for after in ["\nNIP: -", "", ", kelas 5"] {
                        texts.append("\(label)\(separator)\(name)\(after)")
                    }
                }
            }
        }
        let leaked = texts.filter { PersonalData.mask($0).lowercased().contains("wahyuni") }.map {
            "\($0.debugDescription) → \(PersonalData.mask($0).debugDescription)"
        }
        #expect(leaked.isEmpty, "\(leaked.count) of \(texts.count): \(leaked.prefix(5))")
    }

    @Test func datesOfBirthFromTheGrammar() {
        var texts: [String] = []
        for label in [
            "tanggal lahir", "Tanggal Lahir", "tgl lahir", "Tgl. Lahir", "TTL", "Tempat/Tgl Lahir",
            "tempat, tanggal lahir",
        ] {
            for separator in [" ", ": ", " : "] {
                for place in ["", "Bandung, "] {
                    for date in ["12-05-1985", "12/05/1985", "1985-05-12", "12 Mei 1985", "12 mei 1985"] {
                        texts.append("\(label)\(separator)\(place)\(date) mohon dicek")
                    }
                }
            }
        }
        let leaked = Self.leaks(texts) { _ in "1985" }
        #expect(leaked.isEmpty, "\(leaked.count) of \(texts.count): \(leaked.prefix(5))")
        #expect(texts.allSatisfy { PersonalData.mask($0).hasSuffix(" mohon dicek") })
    }
}
