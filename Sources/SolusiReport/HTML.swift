/// A piece of HTML, escaped by construction.
///
/// Text interpolated into an `HTML` literal is escaped: `"<td>\(ticket.subject)</td>"` can hold
/// any ticket text safely. Only string literals written in this module, other `HTML` values and
/// `HTML.raw(_:)` go in as markup — `raw` is the one way to insert markup made elsewhere (such as
/// the knowledge base's Markdown rendered by Ink), and it is easy to find.
public struct HTML: Sendable, Hashable, ExpressibleByStringInterpolation, CustomStringConvertible {
    /// The markup.
    public private(set) var markup: String

    /// Markup written as a literal in the code.
    public init(stringLiteral literal: String) { markup = literal }

    /// Markup with escaped interpolations.
    public init(stringInterpolation: StringInterpolation) { markup = stringInterpolation.markup }

    private init(markup: String) { self.markup = markup }

    /// Markup made elsewhere, inserted as it is. Never pass ticket text here.
    public static func raw(_ markup: String) -> HTML { HTML(markup: markup) }

    /// A text, escaped.
    public static func text(_ text: String) -> HTML { HTML(markup: htmlEscape(text)) }

    /// The markup.
    public var description: String { markup }

    /// Both pieces, one after the other.
    public static func + (lhs: HTML, rhs: HTML) -> HTML { HTML(markup: lhs.markup + rhs.markup) }

    /// Appends a piece.
    public static func += (lhs: inout HTML, rhs: HTML) { lhs.markup += rhs.markup }

    /// Builds markup from literals (kept), texts (escaped) and other HTML (kept).
    public struct StringInterpolation: StringInterpolationProtocol {
        var markup = ""

        /// Room for the literal parts.
        public init(literalCapacity: Int, interpolationCount: Int) {
            markup.reserveCapacity(literalCapacity + interpolationCount * 16)
        }

        /// A literal part: markup.
        public mutating func appendLiteral(_ literal: String) { markup += literal }

        /// A text: escaped.
        public mutating func appendInterpolation(_ text: some StringProtocol) { markup += htmlEscape(String(text)) }

        /// Other HTML: kept.
        public mutating func appendInterpolation(_ html: HTML) { markup += html.markup }

        /// A number, as Swift writes it.
        public mutating func appendInterpolation(_ number: Int) { markup += String(number) }

        /// A number, as Swift writes it.
        public mutating func appendInterpolation(_ number: Int64) { markup += String(number) }

        /// A number, as Swift writes it.
        public mutating func appendInterpolation(_ number: Double) { markup += String(number) }
    }
}

extension Sequence<HTML> {
    /// The pieces with `separator` between them.
    public func joined(separator: HTML = "") -> HTML {
        var out: HTML = ""
        for (index, piece) in enumerated() {
            if index > 0 { out += separator }
            out += piece
        }
        return out
    }
}

/// Escapes text for HTML element content and quoted attribute values.
func htmlEscape(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for character in text {
        switch character {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default: out.append(character)
        }
    }
    return out
}

extension HTML {
    /// Markup rendered from the knowledge base's Markdown, kept only as far as it is plain
    /// document structure: paragraphs, headings (moved down one level, from `h3` on), lists, emphasis,
    /// code, quotes and links to http(s) addresses. Any other tag, every attribute but a link's
    /// address, and any `<` that starts no allowed tag is shown as text.
    public static func document(_ markup: String) -> HTML {
        let allowed: Set<String> = ["p", "ul", "ol", "li", "strong", "em", "code", "pre", "blockquote", "br", "a"]
        var out = ""
        var rest = Substring(markup)
        while let open = rest.firstIndex(of: "<") {
            out += rest[..<open]
            rest = rest[open...]
            guard let match = rest.prefixMatch(of: /<(\/?)([a-zA-Z][a-zA-Z0-9]*)([^<>]*)>/) else {
                out += "&lt;"
                rest = rest.dropFirst()
                continue
            }
            let closing = !match.1.isEmpty
            var name = match.2.lowercased()
            let level = name.wholeMatch(of: /h([1-6])/).flatMap { Int($0.1) }
            if let level { name = "h\(min(max(level + 1, 3), 6))" }
            if allowed.contains(name) || level != nil {
                if name == "a", !closing {
                    let href = match.3.firstMatch(of: /href="(https?:\/\/[^"]*)"/).map { String($0.1) }
                    out += href.map { "<a href=\"\(htmlEscape($0))\">" } ?? "<a>"
                } else {
                    out += "<\(closing ? "/" : "")\(name)>"
                }
            } else {
                out += htmlEscape(String(match.0))
            }
            rest = rest[match.range.upperBound...]
        }
        out += rest
        return HTML.raw(out)
    }
}
