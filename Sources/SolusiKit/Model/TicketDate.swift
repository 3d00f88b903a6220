/// Parses the dates help-desk exports write, without Foundation's formatters (too slow for a
/// million rows).
///
/// Accepted: `2024-07-11`, `2024-07-11T08:15`, `2024-07-11 08:15:00`, with optional fractional
/// seconds and a zone `Z`, `+07:00`, `+0700` or `+07`; `/` may stand for `-` in the date;
/// a plain number is seconds since 1970. A time without a zone is WIB (Asia/Jakarta, UTC+7).
public enum TicketDate {
    /// 2000-01-01T00:00:00+07:00: no help-desk ticket is older; an earlier date is a mistake
    /// (year 1, epoch 0) that would stretch every per-day series over centuries.
    public static let earliest: Int64 = 946_659_600
    /// WIB, the zone of a time written without one.
    public static let defaultOffsetSeconds: Int64 = 7 * 3600

    /// Seconds since 1970-01-01 UTC, or nil when the text is not a date this reader understands.
    public static func parse(_ text: String) -> Int64? {
        var text = text
        return text.withUTF8 { parse(bytes: $0) }
    }

    static func parse(bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        var i = 0
        var n = bytes.count
        while i < n, bytes[i] == 0x20 { i += 1 }
        while n > i, bytes[n - 1] == 0x20 { n -= 1 }
        guard i < n else { return nil }

        func digits(_ count: Int) -> Int? {
            guard i + count <= n else { return nil }
            var value = 0
            for k in i..<(i + count) {
                let d = Int(bytes[k]) - 48
                guard d >= 0, d <= 9 else { return nil }
                value = value * 10 + d
            }
            i += count
            return value
        }
        func accept(_ byte: UInt8) -> Bool {
            if i < n, bytes[i] == byte {
                i += 1
                return true
            }
            return false
        }

        // Epoch seconds.
        if n - i >= 9, n - i <= 11, bytes[i..<n].allSatisfy({ $0 >= 48 && $0 <= 57 }) {
            return digits(n - i).map(Int64.init)
        }

        guard let year = digits(4) else { return nil }
        let separator: UInt8 = i < n && bytes[i] == UInt8(ascii: "/") ? UInt8(ascii: "/") : UInt8(ascii: "-")
        guard accept(separator), let month = digits(2), accept(separator), let day = digits(2) else { return nil }
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year) else { return nil }
        var hour = 0
        var minute = 0
        var second = 0
        var offset = defaultOffsetSeconds
        if i < n {
            guard accept(UInt8(ascii: "T")) || accept(0x20) else { return nil }
            guard let h = digits(2), accept(UInt8(ascii: ":")), let m = digits(2) else { return nil }
            hour = h
            minute = m
            if accept(UInt8(ascii: ":")) {
                guard let s = digits(2) else { return nil }
                second = s
                if accept(UInt8(ascii: ".")) || accept(UInt8(ascii: ",")) {
                    let before = i
                    while i < n, bytes[i] >= 48, bytes[i] <= 57 { i += 1 }
                    guard i > before else { return nil }
                }
            }
            guard hour < 24, minute < 60, second < 61 else { return nil }
            _ = accept(0x20)
            if i < n {
                if accept(UInt8(ascii: "Z")) {
                    offset = 0
                } else {
                    let sign: Int64
                    if accept(UInt8(ascii: "+")) {
                        sign = 1
                    } else if accept(UInt8(ascii: "-")) {
                        sign = -1
                    } else {
                        return nil
                    }
                    guard let oh = digits(2), oh <= 14 else { return nil }
                    var om = 0
                    if accept(UInt8(ascii: ":")) {
                        guard let m = digits(2) else { return nil }
                        om = m
                    } else if i < n {
                        guard let m = digits(2) else { return nil }
                        om = m
                    }
                    guard om < 60 else { return nil }
                    offset = sign * Int64(oh * 3600 + om * 60)
                }
            }
        }
        guard i == n else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        return days * 86400 + Int64(hour * 3600 + minute * 60 + second) - offset
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
