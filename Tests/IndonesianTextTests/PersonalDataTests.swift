import Testing

@testable import IndonesianText

@Suite struct PersonalDataTests {
    @Test(arguments: [
        ("NIK saya 3201234567890123 tidak sesuai", "NIK saya [NIK] tidak sesuai"),
        ("NIP: 198001012005011001.", "NIP: [NIP]."),
        ("NUPTK 1234567890123456", "NUPTK [NUPTK]"),
        ("hubungi 0812-3456-7890 ya", "hubungi [telepon] ya"),
        ("wa 0812 3456 7890", "wa [telepon]"),
        ("+62 812 3456 7890", "[telepon]"),
        ("email saya siti.aminah@gmail.com.", "email saya [email]."),
        ("Nama saya Siti Aminah, guru kelas 5", "Nama saya [nama], guru kelas 5"),
        ("nama saya budi santoso dari SDN 2", "nama saya [nama] dari SDN 2"),
        ("Saya bernama Rahmat NIP 198001012005011001", "Saya bernama [nama] NIP [NIP]"),
        ("tahun 2024 kelas 5, 12 guru", "tahun 2024 kelas 5, 12 guru"),
        ("s.id/abc dan PMM", "s.id/abc dan PMM"),
    ])
    func masksPersonalDataAndKeepsTheRest(_ text: String, _ masked: String) {
        #expect(PersonalData.mask(text) == masked)
    }

    @Test func noDigitRunOfEightOrMoreSurvives() {
        let text = "NIK 3201 2345 6789 0123, HP 08123456789, nomor 62812345678 dan 12345678"
        let masked = PersonalData.mask(text)
        var run = 0
        for character in masked {
            run = character.isNumber ? run + 1 : 0
            #expect(run < 8, "\(masked)")
        }
    }
}

/// Personal data in the forms people write it, generated from a grammar (label × separator ×
/// digit script × position; lead × title × name; …) rather than listed: every form must be masked.
@Suite struct PersonalDataGrammarTests {
    /// A digit in another script: full-width, Arabic-Indic, Devanagari.
    static let scripts: [(name: String, zero: UInt32)] = [
        ("ascii", 0x30), ("full-width", 0xFF10), ("arabic-indic", 0x660), ("devanagari", 0x966),
    ]

    static func written(_ number: String, groups: [Int], separator: String, zero: UInt32) -> String {
        var digits = number.map { Character(Unicode.Scalar(zero + UInt32($0.wholeNumberValue!))!) }
        var parts: [String] = []
        for size in groups where !digits.isEmpty {
            parts.append(String(digits.prefix(size)))
            digits.removeFirst(min(size, digits.count))
        }
        if !digits.isEmpty { parts.append(String(digits)) }
        return parts.joined(separator: separator)
    }

    static func hasDigit(_ text: String) -> Bool { text.contains { $0.isNumber } }

    @Test func identityAndPhoneNumbersInEveryFormAreMasked() {
        let numbers: [(labels: [String], digits: String, groups: [Int])] = [
            (["NIK", "nik", "No. KTP", ""], "3201234567890123", [4, 4, 4, 4]),
            (["NIP", "nip", ""], "198001012005011001", [8, 6, 1, 3]),
            (["NUPTK", "nuptk"], "1234567890123456", [4, 4, 4, 4]),
            (["HP", "no hp", "WA", "telp", "hubungi", ""], "081234567890", [4, 4, 4]),
            (["HP", "wa", ""], "6281234567890", [2, 3, 4, 4]),
            (["telp", "kantor"], "0215551234", [3, 3, 4]),
        ]
        let glues = ["", " ", ": ", " saya ", "_", "-"]
        let separators = ["", " ", ".", "-", "/", "_", " - "]
        let positions = [("", ""), ("Mohon dibantu, ", " terima kasih."), ("", "."), ("data (", ")")]
        var checked = 0
        for number in numbers {
            for label in number.labels {
                for glue in glues where !(label.isEmpty && !glue.isEmpty) {
                    for separator in separators {
                        for script in Self.scripts {
                            for (before, after) in positions {
                                let value = Self.written(
                                    number.digits, groups: number.groups, separator: separator, zero: script.zero)
                                let text = before + label + glue + value + after
                                let masked = PersonalData.mask(text)
                                #expect(!Self.hasDigit(masked), "\(text) → \(masked)")
                                checked += 1
                            }
                        }
                    }
                }
            }
        }
        #expect(checked > 2000)
    }

    @Test func emailAddressesAlsoSpelledOutAreMasked() {
        for user in ["siti.aminah", "budi_s", "guru.sd2"] {
            for at in ["@", " @ ", "[at]", " [at] ", "(at)", " (at) ", " at "] {
                for domain in ["gmail.com", "gmail", "belajar.id", "gmail (dot) com", "yahoo dot co dot id"] {
                    let text = "email saya \(user)\(at)\(domain), mohon dibalas"
                    let masked = PersonalData.mask(text)
                    #expect(!masked.contains(user) && masked.contains("[email]"), "\(text) → \(masked)")
                    #expect(masked.hasSuffix(", mohon dibalas"), "\(masked)")
                }
            }
        }
    }

    @Test func namesAfterIntroductionsAndSignOffsAreMaskedWithTheirTitles() {
        let leads = [
            "nama saya ", "Nama saya: ", "namaku ", "Saya ", "a.n. ", "atas nama ", "Hormat saya,\n", "ttd. ",
            "Terima kasih, ", "perkenalkan, nama saya adalah ",
        ]
        let names = ["Siti Aminah", "Yohana Marbun", "Rahmat Hidayat", "Ketut Ardana", "Fransiska Tambunan"]
        for lead in leads {
            for before in ["", "Dra. ", "Bapak ", "Dr. ", "Hj. "] {
                for name in names {
                    for after in ["", ", S.Pd.", ", M.Pd.", " dari SDN 2 Kupang"] {
                        let text = lead + before + name + after
                        let masked = PersonalData.mask(text)
                        for part in name.split(separator: " ") {
                            #expect(!masked.contains(part), "\(text) → \(masked)")
                        }
                    }
                }
            }
        }
    }

    @Test func capitalisedNamesAfterAFormOfAddressAreMasked() {
        for title in ["Bu ", "Ibu ", "Pak ", "Bapak ", "Bpk. ", "Sdr. "] {
            for name in ["Sri Wahyuni", "Joko", "Ni Made Sari", "Budi Santoso"] {
                let text = "akun \(title)\(name) tidak bisa login sejak kemarin"
                let masked = PersonalData.mask(text)
                for part in name.split(separator: " ") { #expect(!masked.contains(part), "\(text) → \(masked)") }
                #expect(masked.hasSuffix(" tidak bisa login sejak kemarin"), "\(masked)")
            }
        }
        // What says who the person is, not their name, stays.
        for text in [
            "Bapak Ibu guru mohon dicek", "Ibu Kepala Sekolah belum menilai", "bu guru lupa sandi",
            "Pak Operator Sekolah sudah mengajukan", "ibu saya sakit",
        ] {
            #expect(PersonalData.mask(text) == text)
        }
    }

    @Test func passwordsAndOneTimeCodesAreMasked() {
        for lead in ["password saya ", "kata sandi: ", "pw ", "sandi akun saya adalah ", "OTP ", "kode OTP: ", "PIN "] {
            for secret in ["Rahasia123", "guru2024!", "482913", "abc_DEF9"] {
                let text = "Mohon bantuan, \(lead)\(secret) tidak bisa dipakai"
                let masked = PersonalData.mask(text)
                #expect(!masked.contains(secret), "\(text) → \(masked)")
                #expect(masked.hasSuffix(" tidak bisa dipakai"))
            }
        }
        // What only talks about a password stays.
        for text in [
            "password saya lupa", "kata sandi salah terus", "kode OTP tidak masuk ke email",
            "Lupa kata sandi akun belajar.id dan email pemulihan", "kata sandi akun belajar.id salah",
            "terkunci setelah salah memasukkan kata sandi beberapa kali",
            "Lupa kata sandi akun belajar.id — Setiap login",
        ] {
            #expect(PersonalData.mask(text) == text)
        }
    }

    @Test func aHugeTextIsMaskedPieceByPieceAndNothingEscapesAtTheSeams() {
        let paragraph = "Nama saya Siti Aminah, NIK 3201 2345 6789 0123, hp 0812-3456-7890.\n\n"
        let text = String(repeating: paragraph, count: PersonalData.pieceSize / paragraph.utf8.count * 3 + 7)
        let masked = PersonalData.mask(text)
        #expect(!masked.contains("Siti") && !masked.contains(where: \.isNumber))
        #expect(masked.split(separator: "[nama]").count == text.split(separator: "Siti").count)
    }

    @Test func ordinaryTextStaysAsWritten() {
        for text in [
            "tanggal 2024-07-11 dan 11/07/2024 jam 08.15", "tahun 2024 kelas 5, 12 guru", "Saya Kepala Sekolah SDN 3",
            "Saya Menggunakan aplikasi PMM di HP", "Salam sejahtera", "kirim ke admin at sekolah",
            "Periode 1 tahap pelaksanaan", "s.id/PenetapanPredikatKinerjaGuru",
        ] {
            #expect(PersonalData.mask(text) == text)
        }
    }
}
