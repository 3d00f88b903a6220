import Foundation

// Numbers as Indonesian readers write them, in every text people read (terminal, report, status
// page, console); JSON and data attributes keep the plain form.

/// A count with a dot between thousands: `12.345`.
public func formatCount(_ value: Int) -> String {
    let digits = String(value.magnitude)
    var out = ""
    for (index, digit) in digits.enumerated() {
        if index > 0, (digits.count - index) % 3 == 0 { out += "." }
        out.append(digit)
    }
    return value < 0 ? "-" + out : out
}

/// A decimal with a comma: `8,6`.
public func decimal(_ value: Double, places: Int) -> String {
    String(format: "%.\(places)f", value).replacingOccurrences(of: ".", with: ",")
}
