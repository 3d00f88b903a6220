import Testing

@testable import SolusiKit

@Suite struct TicketDateTests {
    // 2024-07-11T01:15:00Z
    static let instant: Int64 = 1_720_660_500

    @Test(arguments: [
        "2024-07-11T08:15:00+07:00", "2024-07-11T01:15:00Z", "2024-07-11 08:15:00", "2024-07-11T08:15",
        "2024-07-11 08:15:00.250", "2024-07-11T03:15:00+0200", "2024/07/11 08:15:00", " 2024-07-11T08:15:00 +07 ",
        "1720660500",
    ])
    func acceptedForms(_ text: String) {
        #expect(TicketDate.parse(text) == Self.instant)
    }

    @Test func aDateAloneIsMidnightInJakarta() {
        #expect(TicketDate.parse("2024-07-11") == Self.instant - (8 * 3600 + 15 * 60))
    }

    @Test(arguments: [
        "", "kemarin", "2024-13-01", "2024-02-30", "2024-07-11T25:00", "11/07/2024", "2024-07-11T08:15:00+07:00x",
    ])
    func rejectedForms(_ text: String) {
        #expect(TicketDate.parse(text) == nil)
    }

    @Test func leapDayAndIsoStringRoundTrip() {
        let leap = TicketDate.parse("2024-02-29T23:59:59+07:00")!
        #expect(TicketDate.isoString(leap) == "2024-02-29T23:59:59+07:00")
        #expect(TicketDate.isoString(Self.instant) == "2024-07-11T08:15:00+07:00")
        #expect(TicketDate.dayString(TicketDate.parse("2024-07-10T20:00:00Z")!) == "2024-07-11")
    }

    // Spreadsheets and people: day-first numbers, month names, Indonesian times and zones.
    @Test(arguments: [
        "25/07/2024 08:15", "25-07-2024 08.15", "25.07.2024 8:15:00", "25 Juli 2024 08.15", "25 Jul 2024 8:15 WIB",
        "Kamis, 25 Juli 2024 pukul 08.15 WIB", "25-Jul-24 08:15", "Jul 25, 2024 8:15 AM", "July 25, 2024 08:15",
        "25 Juli 2024 09.15 WITA", "25 Juli 2024 10:15 WIT", "7/25/2024 8:15:00 AM", "25/07/2024 01:15 UTC",
        "2024-07-25 8.15",
    ])
    func spreadsheetForms(_ text: String) {
        // 2024-07-25T08:15:00+07:00
        #expect(TicketDate.parse(text) == 1_721_870_100)
    }

    @Test func aDayOver12TellsTheOrderAndTwoSmallNumbersDoNot() {
        #expect(TicketDate.read("25/07/2024") == .instant(1_721_840_400, reveals: .dmy))
        #expect(TicketDate.read("07/25/2024") == .instant(1_721_840_400, reveals: .mdy))
        #expect(TicketDate.read("11/07/2024 08:15") == .ambiguous)
        #expect(TicketDate.read("07/07/2024") == .instant(1_720_285_200, reveals: nil))
        #expect(TicketDate.read("11/07/2024", order: .dmy) == .instant(1_720_630_800, reveals: nil))
        #expect(TicketDate.read("07/11/2024", order: .mdy) == .instant(1_720_630_800, reveals: nil))
        #expect(TicketDate.read("25/07/2024", order: .mdy) == .invalid)
        #expect(TicketDate.read("11/07/2024 kemarin") == .invalid)
        #expect(TicketDate.read("31/31/2024") == .invalid)
    }

    @Test(arguments: [
        "11 Juli", "Juli 2024", "32 Juli 2024", "11 Julia 2024", "11 Juli 2024 25.00", "Kamis", "11/07/24",
        "8:15 11/07/2024", "11 Juli 2024 13:15 PM",
    ])
    func notDates(_ text: String) {
        #expect(TicketDate.read(text) == .invalid)
    }
}
