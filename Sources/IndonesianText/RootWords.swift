/// Root-word lists for the stemmer.
public enum RootWords {
    /// The built-in list: everyday Indonesian and the vocabulary of the PMM help center.
    public static let standard: Set<String> = parse(builtInList)

    /// Words from a list with one word per line (or separated by any white space); `#` starts a comment.
    public static func parse(_ text: String) -> Set<String> {
        var words = Set<String>()
        for line in text.split(whereSeparator: \.isNewline) {
            let content = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            for word in content.split(whereSeparator: \.isWhitespace) { words.insert(word.lowercased()) }
        }
        return words
    }
}
