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
}
