/// Text for a page Hugo renders, shared by the announcement and the status page.
enum HugoText {
    /// The text with its braces as HTML entities: Markdown shows them as braces, but Hugo never
    /// sees `{{< … >}}` or `{{% … %}}`, so a shortcode written into the knowledge base (an embed, a
    /// `param`, one the site lacks and that would stop its build) is shown, not run.
    static func inert(_ text: String) -> String {
        guard text.contains(where: { $0 == "{" || $0 == "}" }) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "{": out += "&#123;"
            case "}": out += "&#125;"
            default: out.append(character)
            }
        }
        return out
    }
}
