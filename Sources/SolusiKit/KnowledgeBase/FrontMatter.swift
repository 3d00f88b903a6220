/// A Markdown file split into its YAML front matter and its body.
struct FrontMatterDocument {
    /// The YAML between the `---` lines.
    var yaml: String
    /// The file line the YAML's first line is on.
    var yamlFirstLine: Int
    /// Lines of the front matter, including both `---` lines, as file line numbers.
    var frontMatterLines: ClosedRange<Int>
    var body: String

    /// Splits a file's text; nil with the line of the problem when there is no front matter.
    static func split(_ text: String) -> Result<FrontMatterDocument, KnowledgeBaseProblem.Detail> {
        // "\r\n" is one Character in Swift: lines end at either form (a file saved on Windows).
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map {
            $0.hasSuffix("\r") ? $0.dropLast() : $0
        }
        guard let first = lines.first, first.trimmingTrailingSpaces == "---" else {
            return .failure(.init(line: 1, message: "berkas harus diawali front matter YAML di antara dua baris ---"))
        }
        guard let close = lines.indices.dropFirst().first(where: { lines[$0].trimmingTrailingSpaces == "---" }) else {
            return .failure(.init(line: 1, message: "front matter tidak ditutup dengan baris ---"))
        }
        return .success(
            FrontMatterDocument(
                yaml: lines[1..<close].joined(separator: "\n"), yamlFirstLine: 2, frontMatterLines: 1...(close + 1),
                body: lines[(close + 1)...].joined(separator: "\n")))
    }
}

extension Substring {
    var trimmingTrailingSpaces: Substring {
        var copy = self
        while copy.last == " " || copy.last == "\t" { copy = copy.dropLast() }
        return copy
    }
}
