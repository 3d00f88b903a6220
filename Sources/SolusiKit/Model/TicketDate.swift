/// Which of a numeric date's first two numbers is the day: `dmy` (11/07/2024 is 11 July, as
/// Indonesian spreadsheets write) or `mdy` (7/11/2024 is 11 July, as American ones do).
public enum DateOrder: String, Sendable, CaseIterable {
    case dmy, mdy
}

/// What a date's text says.
public enum DateReading: Equatable, Sendable {
    /// A moment; `reveals` is the order a numeric date proves by a day over 12 (`25/07/2024`).
    case instant(Int64, reveals: DateOrder?)
    /// A numeric date whose day and month could swap (`01/02/2024`), read without an order.
    case ambiguous
    /// Not a date this reader understands.
    case invalid
}

/// Parses the dates help-desk exports and spreadsheets write, without Foundation's formatters
/// (too slow for a million rows).
///
/// Accepted:
/// - ISO 8601: `2024-07-11`, `2024-07-11T08:15`, `2024-07-11 08:15:00`, with optional
///   fractional seconds; `/` may stand for `-`; a plain number is seconds since 1970;
/// - numeric day and month before the year, as spreadsheets save them: `11/07/2024 08:15`,
///   `11-07-2024`, `11.07.2024`, `7/11/2024 8:15 AM`: which number is the day is told by a day
///   over 12, or by the order given;
/// - month names, Indonesian or English, full or short: `11 Juli 2024`, `Kamis, 11 Juli 2024
///   pukul 08.15 WIB`, `11-Jul-24`, `Jul 11, 2024`.
///
/// A time is `08:15`, `8.15` or `08:15:00`, with `AM`/`PM`, and a zone `Z`, `+07:00`, `+0700`,
/// `+07`, `WIB`, `WITA` or `WIT`. A time without a zone is WIB (Asia/Jakarta, UTC+7).
public enum TicketDate {
    /// 2000-01-01T00:00:00+07:00: no help-desk ticket is older; an earlier date is a mistake
    /// (year 1, epoch 0) that would stretch every per-day series over centuries.
    public static let earliest: Int64 = 946_659_600
    /// WIB, the zone of a time written without one.
    public static let defaultOffsetSeconds: Int64 = 7 * 3600

    /// Seconds since 1970-01-01 UTC, or nil when the text is not a date this reader understands
    /// or could be read two ways.
    public static func parse(_ text: String) -> Int64? {
        if case .instant(let seconds, _) = read(text) { return seconds }
        return nil
    }

    /// What the text says, reading a numeric day and month in `order` when one is given.
    public static func read(_ text: String, order: DateOrder? = nil) -> DateReading {
        var text = text
        return text.withUTF8 { read(bytes: $0, order: order) }
    }

    static func read(bytes: UnsafeBufferPointer<UInt8>, order: DateOrder?) -> DateReading {
        var cursor = DateCursor(bytes: bytes)
        guard cursor.i < cursor.n else { return .invalid }

        // Epoch seconds.
        let length = cursor.n - cursor.i
        if length >= 9, length <= 11, bytes[cursor.i..<cursor.n].allSatisfy({ $0 >= 48 && $0 <= 57 }) {
            return cursor.number(maxDigits: length).map { .instant(Int64($0), reveals: nil) } ?? .invalid
        }

        var year: Int
        var month: Int
        var day: Int
        var reveals: DateOrder?
        if let y = cursor.digits(4) {
            // ISO 8601: year first.
            let separator: UInt8 = cursor.peek == UInt8(ascii: "/") ? UInt8(ascii: "/") : UInt8(ascii: "-")
            guard cursor.accept(separator), let m = cursor.digits(2), cursor.accept(separator),
                let d = cursor.digits(2)
            else { return .invalid }
            (year, month, day) = (y, m, d)
        } else if let first = cursor.number(maxDigits: 2) {
            if let separator = cursor.peek,
                [UInt8(ascii: "/"), UInt8(ascii: "-"), UInt8(ascii: ".")].contains(separator),
                cursor.accept(separator), let second = cursor.number(maxDigits: 2)
            {
                // Numeric: 11/07/2024.
                guard cursor.accept(separator), let y = cursor.digits(4) else { return .invalid }
                year = y
                switch order {
                case .dmy: (day, month) = (first, second)
                case .mdy: (day, month) = (second, first)
                case nil:
                    if first == second || (first > 12 && second <= 12) {
                        (day, month, reveals) = (first, second, first == second ? nil : .dmy)
                    } else if second > 12 && first <= 12 {
                        (day, month, reveals) = (second, first, .mdy)
                    } else if first > 12 {
                        return .invalid
                    } else {
                        // Both could be the month; still read to the end, so that text which
                        // is no date at all is not called ambiguous.
                        (day, month) = (first, second)
                        guard cursor.readTime() != nil, cursor.atEnd else { return .invalid }
                        return .ambiguous
                    }
                }
            } else {
                // 11 Juli 2024, 11-Jul-24.
                day = first
                _ = cursor.accept(UInt8(ascii: "-")) || cursor.skipSpaces()
                guard let m = cursor.monthName() else { return .invalid }
                month = m
                _ = cursor.accept(UInt8(ascii: "-")) || cursor.skipSpaces()
                guard let y = cursor.year() else { return .invalid }
                year = y
            }
        } else {
            // Kamis, 11 Juli 2024 or Jul 11, 2024: a word first.
            if let m = cursor.monthName() {
                cursor.skipSpaces()
                guard let d = cursor.number(maxDigits: 2) else { return .invalid }
                _ = cursor.accept(UInt8(ascii: ","))
                cursor.skipSpaces()
                guard let y = cursor.year() else { return .invalid }
                (year, month, day) = (y, m, d)
            } else {
                guard cursor.skipWord() else { return .invalid }
                _ = cursor.accept(UInt8(ascii: ","))
                cursor.skipSpaces()
                guard let d = cursor.number(maxDigits: 2) else { return .invalid }
                cursor.skipSpaces()
                guard let m = cursor.monthName() else { return .invalid }
                cursor.skipSpaces()
                guard let y = cursor.year() else { return .invalid }
                (year, month, day) = (y, m, d)
            }
        }
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year) else { return .invalid }
        guard let (secondOfDay, offset) = cursor.readTime(), cursor.atEnd else { return .invalid }
        let days = daysFromCivil(year: year, month: month, day: day)
        return .instant(days * 86400 + Int64(secondOfDay) - offset, reveals: reveals)
    }

    /// The date and time in WIB as ISO 8601, e.g. `2024-07-11T08:15:00+07:00`.
    public static func isoString(_ seconds: Int64) -> String {
        let local = seconds + defaultOffsetSeconds
        let days = local >= 0 ? local / 86400 : (local - 86399) / 86400
        let rest = Int(local - days * 86400)
        let (y, m, d) = civil(fromDays: days)
        return
            "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(rest / 3600, 2)):\(pad(rest / 60 % 60, 2)):\(pad(rest % 60, 2))+07:00"
    }

    /// The calendar day in WIB, `YYYY-MM-DD`.
    public static func dayString(_ seconds: Int64) -> String {
        String(isoString(seconds).prefix(10))
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // Howard Hinnant's days-from-civil algorithm.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = Int64((month + 9) % 12)
        let doy = (153 * mp + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func civil(fromDays days: Int64) -> (Int, Int, Int) {
        let z = days + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        return (Int(y), Int(m), Int(d))
    }
}

/// A position in a date's bytes, with the small readers the forms share.
private struct DateCursor {
    let bytes: UnsafeBufferPointer<UInt8>
    var i = 0
    var n: Int

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        n = bytes.count
        while i < n, bytes[i] == 0x20 { i += 1 }
        while n > i, bytes[n - 1] == 0x20 { n -= 1 }
    }

    var atEnd: Bool { i == n }
    var peek: UInt8? { i < n ? bytes[i] : nil }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }
    static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 97 && (byte | 0x20) <= 122 }

    /// Exactly `count` digits.
    mutating func digits(_ count: Int) -> Int? {
        guard i + count <= n else { return nil }
        var value = 0
        for k in i..<(i + count) {
            guard Self.isDigit(bytes[k]) else { return nil }
            value = value * 10 + Int(bytes[k]) - 48
        }
        i += count
        return value
    }

    /// One to `maxDigits` digits, and no more.
    mutating func number(maxDigits: Int) -> Int? {
        var k = i
        var value = 0
        while k < n, Self.isDigit(bytes[k]) {
            guard k - i < maxDigits else { return nil }
            value = value * 10 + Int(bytes[k]) - 48
            k += 1
        }
        guard k > i else { return nil }
        i = k
        return value
    }

    /// Four digits, or two taken as 20YY (`11-Jul-24`).
    mutating func year() -> Int? {
        let start = i
        guard let value = number(maxDigits: 4) else { return nil }
        switch i - start {
        case 4: return value
        case 2: return 2000 + value
        default: return nil
        }
    }

    mutating func accept(_ byte: UInt8) -> Bool {
        guard i < n, bytes[i] == byte else { return false }
        i += 1
        return true
    }

    @discardableResult
    mutating func skipSpaces() -> Bool {
        let start = i
        while i < n, bytes[i] == 0x20 { i += 1 }
        return i > start
    }

    /// A word of letters (a weekday such as `Kamis`).
    mutating func skipWord() -> Bool {
        let start = i
        while i < n, Self.isLetter(bytes[i]) { i += 1 }
        return i > start
    }

    /// The lowercase letters of the word here, without moving.
    func word() -> (String, Int) {
        var k = i
        while k < n, Self.isLetter(bytes[k]), k - i < 12 { k += 1 }
        // Most dates have no word where one may stand: no string is made for them.
        guard k > i else { return ("", i) }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[i..<k]), as: UTF8.self).lowercased()
        return (text, k)
    }

    /// Zones written by name, with their offsets in hours.
    static let namedZones: [String: Int64] = ["wib": 7, "wita": 8, "wit": 9, "z": 0, "utc": 0, "gmt": 0]

    /// Month names, Indonesian and English, full, short or with a period (`Agt.`).
    static let months: [String: Int] = {
        let names: [[String]] = [
            ["januari", "january", "jan"], ["februari", "pebruari", "february", "feb", "peb"],
            ["maret", "march", "mar"], ["april", "apr"], ["mei", "may"], ["juni", "june", "jun"],
            ["juli", "july", "jul"], ["agustus", "august", "agu", "ags", "agt", "agst", "aug"],
            ["september", "sep", "sept"], ["oktober", "october", "okt", "oct"],
            ["november", "nopember", "nov", "nop"], ["desember", "december", "des", "dec"],
        ]
        var table: [String: Int] = [:]
        for (index, words) in names.enumerated() { for word in words { table[word] = index + 1 } }
        return table
    }()

    mutating func monthName() -> Int? {
        let (text, end) = word()
        guard let month = Self.months[text] else { return nil }
        i = end
        _ = accept(UInt8(ascii: "."))
        return month
    }

    /// An optional time of day and zone after the date: the second of the day and the zone's
    /// offset; nil when something is there that is not a time.
    mutating func readTime() -> (Int, Int64)? {
        var offset = TicketDate.defaultOffsetSeconds
        guard i < n else { return (0, offset) }
        guard accept(UInt8(ascii: "T")) || accept(UInt8(ascii: ",")) || skipSpaces() else { return nil }
        skipSpaces()
        let (lead, leadEnd) = word()
        if lead == "pukul" || lead == "jam" || lead == "at" {
            i = leadEnd
            skipSpaces()
        }
        guard var hour = number(maxDigits: 2) else { return nil }
        let separator = peek
        guard separator == UInt8(ascii: ":") || separator == UInt8(ascii: "."), accept(separator!),
            let minute = digits(2)
        else { return nil }
        var second = 0
        if accept(separator!) {
            guard let s = digits(2) else { return nil }
            second = s
            if accept(UInt8(ascii: ".")) || accept(UInt8(ascii: ",")) {
                guard number(maxDigits: 9) != nil else { return nil }
            }
        }
        skipSpaces()
        let (meridiem, meridiemEnd) = word()
        if meridiem == "am" || meridiem == "pm" {
            guard (1...12).contains(hour) else { return nil }
            hour = hour % 12 + (meridiem == "pm" ? 12 : 0)
            i = meridiemEnd
            skipSpaces()
        }
        guard hour < 24, minute < 60, second < 61 else { return nil }
        if i < n {
            let (zone, zoneEnd) = word()
            if let hours = Self.namedZones[zone] {
                offset = hours * 3600
                i = zoneEnd
                if zone == "utc" || zone == "gmt", i < n {
                    guard let o = numericZone() else { return nil }
                    offset = o
                }
            } else {
                guard let o = numericZone() else { return nil }
                offset = o
            }
        }
        return (hour * 3600 + minute * 60 + second, offset)
    }

    /// `+07:00`, `+0700`, `+07` or `-03:30`.
    mutating func numericZone() -> Int64? {
        let sign: Int64
        if accept(UInt8(ascii: "+")) {
            sign = 1
        } else if accept(UInt8(ascii: "-")) {
            sign = -1
        } else {
            return nil
        }
        guard let hours = digits(2) ?? number(maxDigits: 1), hours <= 14 else { return nil }
        var minutes = 0
        if accept(UInt8(ascii: ":")) {
            guard let m = digits(2) else { return nil }
            minutes = m
        } else if i < n {
            guard let m = digits(2) else { return nil }
            minutes = m
        }
        guard minutes < 60 else { return nil }
        return sign * Int64(hours * 3600 + minutes * 60)
    }
}
