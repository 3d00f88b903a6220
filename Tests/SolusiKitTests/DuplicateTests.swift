import Foundation
import Testing

@testable import SolusiKit

/// The rule of `Duplicates` on its own: who asked, what they said, and what repeats what.
@Suite struct DuplicateTests {
    @Test func aContactIsFoundHoweverItIsWritten() {
        #expect(
            Duplicates.contact(in: "Email saya Siti.Aminah@Guru.SD.belajar.id.") == "siti.aminah@guru.sd.belajar.id")
        #expect(Duplicates.contact(in: "NIK 3201 2345 6789 0123 mohon dicek") == "3201234567890123")
        #expect(Duplicates.contact(in: "NIP 19800101.200501.1.001") == "198001012005011001")
        let phones = ["hp 0812-3456-7890", "WA +62 812 3456 7890", "6281234567890", "0812.3456.7890"]
        #expect(Set(phones.map { Duplicates.contact(in: $0) }) == ["6281234567890"])
        // An identity number anywhere wins over a phone number before it.
        #expect(Duplicates.contact(in: "hp 081234567890, NIK 3201234567890123") == "3201234567890123")
        for nothing in ["11/07/2024 08:15", "kelas 7 dan 8", "nomor 12345", "a@b", "surel: @admin"] {
            #expect(Duplicates.contact(in: nothing) == nil, "\(nothing)")
        }
    }

    @Test func theRequesterColumnWinsAndAnIDCountsOnlyWithinItsHelpDesk() {
        func ticket(_ source: String, _ extra: [String: String], _ text: String = "tombol sinkron") -> TicketRecord {
            TicketRecord(source: source, externalID: "1", createdAt: 0, subject: "s", description: text, extra: extra)
        }
        let web = Duplicates.requesterKey(of: ticket("web", ["Requester email": "Siti@Contoh.id "]))
        let mail = Duplicates.requesterKey(of: ticket("mail", ["Pelapor": "siti@contoh.id"], "hp 081234567890"))
        #expect(web != nil && web == mail)
        let idHere = Duplicates.requesterKey(of: ticket("zendesk", ["Requester": "12345"]))
        let idThere = Duplicates.requesterKey(of: ticket("freshdesk", ["Requester": "12345"]))
        #expect(idHere != nil && idHere != idThere)
        #expect(Duplicates.requesterKey(of: ticket("web", [:], "akun saya terkunci")) == nil)
        #expect(Duplicates.requesterKey(of: ticket("web", [:], "WA +62 812 3456 7890")) != nil)
    }

    @Test func aForwardedHeaderAndAPhonesFooterAreNotPartOfTheRequest() {
        let first = TicketRecord(
            source: "s", externalID: "1", createdAt: 0, subject: "Tombol sinkron hilang",
            description: "Tombol sinkron PMM tidak tampil di e-Kinerja. No HP 0812-3456-7890.")
        var again = first
        again.description =
            "---------- Forwarded message ---------\nDari: Siti <siti@contoh.id>\nTanggal: 08/01/2024 14:01\n\n"
            + "Assalamualaikum. tombol sinkron pmm tdk tampil di e-kinerja. No HP +62 812 3456 7890.\n\nDikirim dari iPhone saya"
        // The body's phone number, not the header's address, names the requester.
        #expect(Duplicates.requesterKey(of: first) == Duplicates.requesterKey(of: again))
        let a = Duplicates.sketch(of: first)!
        let b = Duplicates.sketch(of: again)!
        #expect(Duplicates.overlap(a, b) >= Duplicates.minimumOverlap)
        var other = first
        other.description = "Akun belajar.id saya terkunci setelah salah memasukkan kata sandi."
        other.subject = "Akun terkunci"
        #expect(Duplicates.overlap(a, Duplicates.sketch(of: other)!) < Duplicates.minimumOverlap)
    }

    @Test func theOverlapIsTheShareOfSlotsThatAgreeAndASketchKeepsItsStoredForm() {
        var generator = SplitMix64(seed: 2026)
        for _ in 0..<2_000 {
            // Slots that differ in one bit, in the high or the low byte, or not at all.
            var a = [UInt16](repeating: 0, count: Duplicates.sketchSize)
            var b = a
            for slot in 0..<Duplicates.sketchSize {
                a[slot] = UInt16(truncatingIfNeeded: generator.next())
                let change = generator.next() % 4
                b[slot] = change == 0 ? a[slot] ^ (1 << (generator.next() % 16)) : a[slot]
            }
            let x = Duplicates.Sketch(data: a.withUnsafeBytes { Data($0) })!
            let y = Duplicates.Sketch(data: b.withUnsafeBytes { Data($0) })!
            let same = zip(a, b).filter { $0 == $1 }.count
            #expect(Duplicates.overlap(x, y) == Double(same) / Double(Duplicates.sketchSize))
            #expect(x.data == a.withUnsafeBytes { Data($0) })
        }
        #expect(Duplicates.Sketch(data: Data(count: 63)) == nil)
    }

    @Test func aFirstTicketFoundToRepeatAnEarlierOneHandsItsRepeatsOver() {
        let day: Int64 = 86_400
        let sketch = Duplicates.sketch(
            of: TicketRecord(
                source: "s", externalID: "x", createdAt: 0, subject: "Tombol sinkron hilang",
                description: "Tombol sinkron PMM tidak tampil di e-Kinerja BKN"))
        func entry(_ row: Int64, day number: Int64, first: Int64? = nil) -> Duplicates.Entry {
            Duplicates.Entry(rowID: row, requester: 7, createdAt: number * day, sketch: sketch, duplicateOf: first)
        }
        // 2 was stored first and 3 repeats it; then 1, written a day before 2, arrives.
        let changes = Duplicates.decide(
            [1, 2], stored: [entry(1, day: 1), entry(2, day: 2), entry(3, day: 3, first: 2)])
        #expect(changes.map(\.rowID) == [2, 3] && changes.allSatisfy { $0.duplicateOf == 1 })
        // Outside the window nothing repeats anything.
        #expect(Duplicates.decide([2], stored: [entry(1, day: 1), entry(2, day: 20)]).isEmpty)
        // A repeat changed so that nothing is left in its window is a first ticket again.
        let alone = Duplicates.decide([2], stored: [entry(2, day: 20, first: 1)])
        #expect(alone.map(\.rowID) == [2] && alone[0].duplicateOf == nil)
        // The same input again changes nothing.
        #expect(
            Duplicates.decide(
                [2, 3], stored: [entry(1, day: 1), entry(2, day: 2, first: 1), entry(3, day: 3, first: 1)]
            ).isEmpty)
    }
}
