/// "Maksud Anda …?": the name nearest to a mistyped one.
public enum Spelling {
    /// The name among `names` nearest to `word`, when it is near enough to be a typing mistake
    /// (at most 2 edits, or a third of the name's length for a long one), or the only name that
    /// starts with the word (`tombol-sinkron` for `tombol-sinkron-pmm-tidak-ada`); nil otherwise.
    public static func nearest(to word: String, among names: [String]) -> String? {
        let best = names.map { ($0, editDistance(word, $0)) }.min { $0.1 < $1.1 }
        if let best, best.1 <= max(2, best.0.count / 3) { return best.0 }
        let holding = word.count >= 4 ? names.filter { $0.hasPrefix(word) } : []
        return holding.count == 1 ? holding[0] : nil
    }

    /// Levenshtein distance, counting a swap of two neighbouring letters as one edit.
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        guard !a.isEmpty, !b.isEmpty else { return max(a.count, b.count) }
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }
}

extension KnowledgeBase {
    /// The issue id nearest to a mistyped one (see `Spelling.nearest`).
    public func nearestIssueID(to id: String) -> String? {
        Spelling.nearest(to: id.lowercased(), among: issues.map(\.id))
    }

    /// The error for an issue id the knowledge base does not have, with the id it may have meant.
    public func unknownIssue(_ id: String) -> ServiceError {
        .unknownIssue(id, nearest: nearestIssueID(to: id))
    }
}
