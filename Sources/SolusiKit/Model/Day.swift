/// A day in WIB, as days since 1970-01-01.
public struct Day: Hashable, Comparable, Sendable {
    /// Days since 1970-01-01.
    public var number: Int64

    /// The day with this number.
    public init(number: Int64) { self.number = number }

    /// The WIB day a moment falls on (seconds since 1970 UTC).
    public init(seconds: Int64) {
        number = (seconds + TicketDate.defaultOffsetSeconds).floorDivided(by: 86_400)
    }

    /// `YYYY-MM-DD`, or nil when the text is not one.
    public init?(_ text: String) {
        guard text.utf8.count == 10, let seconds = TicketDate.parse(text) else { return nil }
        self.init(seconds: seconds)
        guard self.text == text else { return nil }
    }

    /// Why `text` is not a day, in Bahasa Indonesia: not written `YYYY-MM-DD`, or written so but
    /// not on the calendar (`2024-13-45`). nil when it is a day. `what` names it (`--date`).
    public static func problem(with text: String, option what: String = "tanggal") -> String? {
        guard Day(text) == nil else { return nil }
        guard text.wholeMatch(of: /\d{4}-\d{2}-\d{2}/) != nil else {
            return "\(what) harus berbentuk YYYY-MM-DD (diberikan \"\(text)\")."
        }
        return "\(what) \(text) tidak ada di kalender: bulan 01–12, dan tanggal harus ada di bulan itu."
    }

    /// The first second of the day (WIB), seconds since 1970 UTC.
    public var startSeconds: Int64 { number * 86_400 - TicketDate.defaultOffsetSeconds }
    /// `YYYY-MM-DD`.
    public var text: String { TicketDate.dayString(startSeconds) }

    /// The day as Indonesian readers write it: "7 Desember 2026".
    public var spelledOut: String {
        let (year, month, day) = TicketDate.civil(fromDays: number)
        return "\(day) \(Self.monthNames[month - 1]) \(year)"
    }

    /// The months in Indonesian.
    public static let monthNames = [
        "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November",
        "Desember",
    ]

    /// Earlier days first.
    public static func < (lhs: Day, rhs: Day) -> Bool { lhs.number < rhs.number }
    /// The day `days` later (earlier when negative).
    public func adding(_ days: Int64) -> Day { Day(number: number + days) }
}

extension Int64 {
    func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
