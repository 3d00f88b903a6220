/// Splits text into lowercased words: runs of letters and digits.
///
/// This is the plain word splitter that search queries use. It keeps no
/// punctuation, so a query made only of symbols yields no words.
public func words(in text: String) -> [String] {
    var result: [String] = []
    var current = ""
    for scalar in text.unicodeScalars {
        if isWordScalar(scalar) {
            current.unicodeScalars.append(scalar)
        } else if !current.isEmpty {
            result.append(current.lowercased())
            current = ""
        }
    }
    if !current.isEmpty { result.append(current.lowercased()) }
    return result
}

/// Letters and digits make words. ASCII is answered without Unicode's property tables (the same
/// answer, many times faster: most tickets are ASCII throughout).
@inline(__always)
private func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
    let value = scalar.value
    guard value >= 0x80 else {
        let lower = value | 0x20
        return (lower >= 0x61 && lower <= 0x7A) || (value >= 0x30 && value <= 0x39)
    }
    return scalar.properties.isAlphabetic || scalar.properties.numericType != nil
}
