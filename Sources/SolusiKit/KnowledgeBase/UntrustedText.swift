/// Guards for knowledge-base text that every command loads: one careless or hostile edit must
/// not make loading take minutes (YAML aliases multiplied, brackets the Markdown renderer
/// retries at every depth), or every command of the help desk stops with it.
enum UntrustedText {
    /// The first YAML anchor (`&name`) or alias (`*name`) in front matter, with its line (1 is
    /// the YAML's first). The knowledge base never needs them, and aliases are how a few lines
    /// of YAML expand to billions of nodes. A token counts only where a YAML node can start (at
    /// the start of a line or after `- `, `? `, `: `, `[`, `{` or `,`), outside quoted strings,
    /// block scalars and comments, so "Q&A" or a `*` bullet in a folded summary is text.
    static func anchorOrAlias(in yaml: String) -> (line: Int, token: String)? {
        // Most front matter has neither character anywhere: no need to read it character by character.
        guard yaml.utf8.contains(where: { $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "*") }) else { return nil }
        var quote: Character?
        var blockIndent: Int?
        for (number, line) in yaml.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let indent = line.prefix { $0 == " " }.count
            if let block = blockIndent {
                if line.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) || indent > block { continue }
                blockIndent = nil
            }
            var atNodeStart = quote == nil
            var previous: Character = " "
            var index = line.index(line.startIndex, offsetBy: indent)
            while index < line.endIndex {
                let character = line[index]
                defer {
                    previous = character
                    index = line.index(after: index)
                }
                if let open = quote {
                    if character == open, !(open == "\"" && previous == "\\") { quote = nil }
                    continue
                }
                if character == "#", previous == " " || previous == "\t" { break }
                if atNodeStart {
                    switch character {
                    case " ", "\t", "-", "?", "[", "{": continue
                    case "&", "*":
                        let token = line[index...].prefix { !" \t,[]{}".contains($0) }
                        return (number + 1, String(token))
                    case "\"", "'": quote = character
                    case "|", ">": blockIndent = indent
                    default: break
                    }
                    atNodeStart = false
                    continue
                }
                if ":[{,".contains(character) { atNodeStart = true }
            }
        }
        return nil
    }

    /// Markdown where a `[` can start a link only outside another open `[` of its paragraph: a
    /// nested or backslash-escaped `[` (and the `]` that closes it) becomes an HTML entity. The
    /// renderer (Ink) tries every `[`, escaped or not, as the start of a link, again for every way
    /// an outer one might end: 25 nested brackets took minutes, 10,000 crashed. A page shows the
    /// same brackets either way; nothing a reader needs is a link inside a link. Code (fenced
    /// blocks and `inline`) is left as written.
    static func boundingLinkNesting(_ markdown: String) -> String {
        guard markdown.contains("[") else { return markdown }
        var out = ""
        out.reserveCapacity(markdown.utf8.count)
        // Per open `[` of the paragraph: whether it was written as an entity (so is its `]`).
        var open: [Bool] = []
        var inFence = false
        for (number, line) in markdown.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if number > 0 { out += "\n" }
            let trimmed = line.drop { $0 == " " }
            let isFence = trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~")
            if isFence { inFence.toggle() }
            if inFence || isFence {
                out += line
                continue
            }
            if trimmed.isEmpty { open.removeAll() }
            var inCode = false
            var backslash = false
            for character in line {
                if inCode {
                    if character == "`" { inCode = false }
                    out.append(character)
                    continue
                }
                switch character {
                case "[":
                    let entity = backslash || !open.isEmpty
                    if backslash { out.removeLast() }
                    if !backslash { open.append(entity) }
                    out += entity ? "&#91;" : "["
                case "]" where !backslash:
                    out += open.popLast() == true ? "&#93;" : "]"
                case "`" where !backslash:
                    inCode = true
                    out.append(character)
                default:
                    out.append(character)
                }
                backslash = character == "\\" && !backslash
            }
        }
        return out
    }
}
