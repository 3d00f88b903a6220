import Foundation

/// Reply drafts from the knowledge base's templates.
///
/// A template may use `{{sapaan}}` (the salutation), `{{nama}}` (the requester's name when the
/// export has a name column, else the salutation), `{{tiket}}` (the ticket's number),
/// `{{langkah}}` (the issue's solution steps, numbered), `{{artikel}}` (the issue's article
/// links) and `{{judul}}` (the issue's title). Besides the name and number, only knowledge-base
/// text goes into a reply, never the ticket's: whatever personal data a teacher wrote (NIK,
/// NIP, phone numbers, addresses) cannot be echoed back.
public struct ReplyDrafter: Sendable {
    /// Where the templates, steps and articles come from.
    public let knowledgeBase: KnowledgeBase

    /// A drafter over a knowledge base.
    public init(knowledgeBase: KnowledgeBase) {
        self.knowledgeBase = knowledgeBase
    }

    /// The placeholders an issue's reply template may use; the out-of-scope reply only `sapaan`.
    public static let issuePlaceholders: Set<String> = ["sapaan", "nama", "tiket", "langkah", "artikel", "judul"]
    /// The placeholders the out-of-scope reply may use.
    public static let unknownPlaceholders: Set<String> = ["sapaan", "nama", "tiket"]

    /// The placeholders a template uses (`{{name}}`), with the line of each (0-based), and
    /// whether a `{{` is left unclosed.
    public static func placeholders(in template: String) -> (names: [(name: String, line: Int)], unclosed: Int?) {
        var names: [(String, Int)] = []
        for (line, text) in template.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var rest = text[...]
            while let open = rest.range(of: "{{") {
                guard let close = rest[open.upperBound...].range(of: "}}") else { return (names, line) }
                names.append((String(rest[open.upperBound..<close.lowerBound]), line))
                rest = rest[close.upperBound...]
            }
        }
        return (names, nil)
    }

    /// The salutation: the ticket does not say who is writing, so both forms, as the help
    /// center writes.
    public static let salutation = "Bapak/Ibu"

    /// The reply to `ticket` (nil: a reply for no ticket in particular) about `issue` (nil: none
    /// of the known issues).
    ///
    /// An issue with a solution (or workaround) gets its own template; one still being worked on
    /// gets the "known, being handled" reply; an unknown ticket the "we are looking into it" reply.
    public func reply(for issue: KnownIssue?, to ticket: TicketRecord? = nil) -> String {
        let person: [(name: String, value: String)] = [
            ("sapaan", Self.salutation),
            ("nama", ticket?.requesterName.map { "\(Self.salutation) \($0)" } ?? Self.salutation),
            ("tiket", ticket.map { Self.ticketNumber($0.externalID) } ?? "Anda"),
        ]
        // A draft no lead has reviewed is a hypothesis: the teacher gets the "we are looking into
        // it" reply, never its machine-made title.
        guard let issue, issue.reviewed else {
            return Self.fill(knowledgeBase.unknownReply, person)
        }
        let articles = knowledgeBase.articles(for: issue).map(\.url)
        let template = issue.status.hasSolution ? issue.reply : Self.investigatingTemplate
        return Self.fill(
            template,
            person + [
                (
                    "langkah",
                    issue.solution.enumerated().map { "\($0.offset + 1). \($0.element)" }.joined(separator: "\n")
                ),
                ("artikel", articles.isEmpty ? "-" : articles.joined(separator: " dan ")),
                ("judul", issue.title),
            ])
    }

    /// A ticket number as a reply may show it: one line, printable, at most 40 characters.
    static func ticketNumber(_ id: String) -> String {
        String(
            id.unicodeScalars.filter { !$0.properties.isWhitespace || $0 == " " }.filter {
                $0.properties.generalCategory != .control && $0.properties.generalCategory != .format
            }.prefix(40).map(Character.init))
    }

    /// For a known issue without a solution yet.
    static let investigatingTemplate = """
        Halo {{nama}},

        Terima kasih sudah menghubungi Pusat Bantuan Platform Merdeka Mengajar. Kendala yang Anda
        alami ("{{judul}}") sudah kami ketahui dan sedang ditangani oleh tim teknis. Kami akan
        mengabari Anda segera setelah solusinya tersedia.

        Mohon tidak mengirimkan tiket yang sama berulang kali agar antrean dapat kami tangani lebih cepat.

        Salam hangat,
        Tim Pusat Bantuan PMM
        """

    /// The template with each `{{name}}` replaced; unknown names stay as written, so `kb check`
    /// and a reader can see them.
    static func fill(_ template: String, _ values: [(name: String, value: String)]) -> String {
        var text = unwrap(template)
        for (name, value) in values { text = text.replacingOccurrences(of: "{{\(name)}}", with: value) }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Joins the lines a template was wrapped at in its file, so a help desk's editor wraps the
    /// reply itself: a line break stays after punctuation ("Halo {{sapaan}},", "Salam hangat,"),
    /// before a blank line or a placeholder line, and before a list item.
    static func unwrap(_ template: String) -> String {
        var out = ""
        let lines = template.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        for (index, line) in lines.enumerated() {
            out += line
            guard index + 1 < lines.count else { break }
            let next = lines[index + 1]
            let continues =
                !line.isEmpty && !next.isEmpty && !line.hasPrefix("{{") && !next.hasPrefix("{{")
                && line.last.map { $0.isLetter || $0.isNumber } == true
                && next.first.map { !($0 == "-" || $0 == "*" || $0.isNumber) } == true
            out += continues ? " " : "\n"
        }
        return out
    }
}
