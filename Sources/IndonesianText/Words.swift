/// Splits text into lowercased words: runs of letters and digits.
///
/// This is the plain word splitter that search queries use. It keeps no
/// punctuation, so a query made only of symbols yields no words.
public func words(in text: String) -> [String] {
    var result: [String] = []
    var current = ""
    for scalar in text.unicodeScalars {
        if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
            current.unicodeScalars.append(scalar)
        } else if !current.isEmpty {
            result.append(current.lowercased())
            current = ""
        }
    }
    if !current.isEmpty { result.append(current.lowercased()) }
    return result
}
