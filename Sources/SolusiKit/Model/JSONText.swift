import Foundation

/// A JSON string literal for a text: quotes, backslashes and control characters escaped.
public func jsonString(_ text: String) -> String {
    // Most texts (ids, issue ids, links) are printable ASCII with nothing to escape.
    if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != 0x22 && $0 != 0x5C }) { return "\"" + text + "\"" }
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        // C0 and C1 controls escaped, so JSON printed to a terminal cannot drive it either.
        case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value):
            let hex = String(scalar.value, radix: 16)
            out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}

/// A JSON object with its keys in the given order, from values already written as JSON.
public func jsonObject(_ members: [(key: String, json: String)]) -> String {
    "{" + members.map { "\(jsonString($0.key)):\($0.json)" }.joined(separator: ",") + "}"
}

/// A value in 0…1 with three decimals, `0.123` (clamped): confidences in JSON and CSV, without
/// Foundation's formatter, which is slow for a million lines.
public func threeDecimals(_ value: Double) -> String {
    let thousandths = Int((min(max(value, 0), 1) * 1000).rounded())
    let fraction = String(thousandths % 1000)
    return "\(thousandths / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
}

/// A value in 0…1 rounded to `places` decimals (clamped), for JSON a person reads.
public func rounded(_ value: Double, places: Int = 3) -> Double {
    let scale = pow(10, Double(places))
    return (min(max(value, 0), 1) * scale).rounded() / scale
}
