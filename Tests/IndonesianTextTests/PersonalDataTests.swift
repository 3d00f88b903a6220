import Testing

@testable import IndonesianText

@Suite struct PersonalDataTests {
    @Test(arguments: [
        ("NIK saya 3201234567890123 tidak sesuai", "NIK saya [NIK] tidak sesuai"),
        ("NIP: 198001012005011001.", "NIP: [NIP]."),
        ("NUPTK 1234567890123456", "NUPTK [NUPTK]"),
        ("hubungi 0812-3456-7890 ya", "hubungi [telepon] ya"),
        ("wa 0812 3456 7890", "wa [telepon]"),
        ("+62 812 3456 7890", "+[telepon]"),
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
