import Testing

@testable import IndonesianText

/// The forms the second round of adversarial testing found unmasked, generated per family: each
/// must be masked, and the sentence around it kept.
@Suite struct PersonalDataRoundTwoTests {
    static func masked(_ text: String, hides secret: String) -> Bool {
        !PersonalData.mask(text).contains(secret)
    }

    @Test func passwordsWrittenEveryWayAreMasked() {
        let leads = [
            "passwordku: ", "passwordku ", "kata sandiku ", "password untuk masuk: ", "pwnya ", "passnya: ",
            "Pasword: ", "username guru01 password ", "sandiku adalah ", "PASSWORD = ",
        ]
        for lead in leads {
            for secret in ["Rahasia123", "guru2024!", "Merdeka#45"] {
                let text = "Tolong dicek, \(lead)\(secret) tetapi tetap gagal"
                #expect(Self.masked(text, hides: secret), "\(text) → \(PersonalData.mask(text))")
                #expect(PersonalData.mask(text).hasSuffix(" tetapi tetap gagal"))
            }
        }
    }

    @Test func identityNumbersSplitByPunctuationOrInvisibleCharactersAreMasked() {
        let nik = "3201234567890123"
        for separator in [",", "|", "\n", "\u{00AD}", "\u{200B}", " , ", "\u{2060}"] {
            let written = stride(from: 0, to: 16, by: 4).map {
                String(nik.dropFirst($0).prefix(4))
            }.joined(separator: separator)
            let text = "NIK saya \(written) belum sesuai"
            let masked = PersonalData.mask(text)
            #expect(!masked.contains("3201") && !masked.contains("0123"), "\(text.debugDescription) → \(masked)")
        }
        // Lists of small numbers stay.
        #expect(PersonalData.mask("kelas 7, 8, 9 dan 10|11") == "kelas 7, 8, 9 dan 10|11")
    }

    @Test func addressesWrittenOtherwiseAreMasked() {
        for text in [
            "email saya siti＠gmail.com ya", "mailto:siti%40gmail.com", "kirim ke siti @ gmail . com ya",
            "alamat: budi.santoso ＠ yahoo.co.id",
        ] {
            let masked = PersonalData.mask(text)
            #expect(!masked.contains("siti") && !masked.contains("budi"), "\(text) → \(masked)")
            #expect(masked.contains("[email]"), "\(text) → \(masked)")
        }
    }

    @Test func namesAfterLabelsAndSignaturesAreMasked() {
        for (text, name) in [
            ("Nama Guru: Sri Wahyuni\nNIP: -", "Wahyuni"), ("Nama Lengkap (sesuai KTP): Ahmad Fauzi", "Fauzi"),
            ("Nama Ibu Kandung: Siti Khodijah", "Khodijah"), ("Nama Kepala Sekolah: Drs. Bambang Riyadi", "Riyadi"),
            ("Dari: Rudi Hartono\nPerihal: PMM", "Hartono"), ("NAMA : YULIANTI", "YULIANTI"),
            ("Mohon bantuannya.\n\nmakasih,\nDewi Lestari", "Lestari"), ("Nama pengguna: andi.wijaya", "wijaya"),
        ] {
            #expect(Self.masked(text, hides: name), "\(text) → \(PersonalData.mask(text))")
        }
    }

    @Test func datesOfBirthAreMaskedAndOtherDatesKept() {
        for (text, date) in [
            ("tanggal lahir 12-05-1985", "1985"), ("Tempat/Tgl Lahir: Bandung, 12 Mei 1985", "1985"),
            ("tgl lahir: 1985-05-12", "1985"), ("TTL Sleman, 3 Januari 1979", "1979"),
        ] {
            #expect(Self.masked(text, hides: date), "\(text) → \(PersonalData.mask(text))")
        }
        #expect(PersonalData.mask("observasi tanggal 12-05-2024") == "observasi tanggal 12-05-2024")
    }

    @Test func aLabelAndItsValueOnEitherSideOfAPieceCutAreMaskedTogether() {
        // A small piece size puts the cut at every offset around the label.
        let size = 512
        for value in ["password: Rahasia123", "nama saya Budi Santoso", "NIK 3201 2345 6789 0123", "makasih,\nDewi"] {
            let secret = value.split(separator: " ").last.map(String.init)!.replacingOccurrences(
                of: "makasih,\n", with: "")
            for offset in (size - 40)...(size + 10) {
                let filler = String(repeating: "kata ", count: offset / 5) + String(repeating: "x", count: offset % 5)
                let text = filler + " " + value + " lalu gagal lagi. " + String(repeating: "lagi ", count: 200)
                let masked = PersonalData.mask(text, pieceSize: size)
                #expect(!masked.contains(secret == "Dewi" ? "Dewi" : secret), "offset \(offset): \(value)")
            }
        }
    }
}

@Suite struct PersonalDataAddressTests {
    @Test func homeAddressesAccountNumbersAndSpelledNumbersAreMasked() {
        for (text, secret) in [
            ("alamat: Jl. Melati No. 12, Kel. Sukamaju, Bandung", "Melati"),
            ("Alamat rumah saya Perum Griya Asri Blok C3 RT 04 RW 07", "Griya"),
            ("tinggal di Jalan Kenanga Gg. Mawar No 5", "Kenanga"), ("RT 003/RW 002 Desa Sukamaju", "003"),
            ("rumah di Jl Mangga Dua Raya", "Mangga"), ("RT.04/RW.07", "04"),
            ("no rekening BRI 1234567", "1234567"), ("NPWP 12.345.678.9-012.345", "345"),
            ("BPJS 0001234567", "1234567"),
            ("NIK saya tiga dua nol satu dua tiga empat lima enam tujuh delapan sembilan", "delapan"),
        ] {
            let masked = PersonalData.mask(text)
            #expect(!masked.contains(secret), "\(text) → \(masked)")
        }
        for text in ["kelas 5 di jalan yang benar", "Periode 1 tahap pelaksanaan", "dua tiga kali gagal"] {
            #expect(PersonalData.mask(text) == text)
        }
    }
}
