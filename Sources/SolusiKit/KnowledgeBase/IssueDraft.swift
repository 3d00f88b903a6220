import Foundation
import IndonesianText

/// A new known-issue file drafted from a cluster of unknown tickets, for the team to edit: status
/// `investigating`, the cluster's distinctive words in the title, its tickets (masked) as the
/// examples, so the classifier can recognise the issue from the next `train` on.
public struct IssueDraft {
    /// The new issue's id, made from the cluster's words.
    public var id: String
    /// The issue file's text.
    public var text: String
    /// Its example tickets, masked.
    public var examples: [String]

    /// At most this many of the cluster's tickets become examples.
    public static let exampleLimit = 60
    /// The examples a new issue needs to pass `kb check`.
    public static var examplesNeeded: Int { KnowledgeBase.Rules().minimumNewIssueExamples }

    /// Whether it has the examples `kb check` asks of a new issue.
    public var hasEnoughExamples: Bool { examples.count >= Self.examplesNeeded }

    /// `texts`: the cluster's ticket texts, closest to its centre first; `today`: `YYYY-MM-DD`.
    public init(cluster: EmergingIssues.Cluster, texts: [String], knowledgeBase: KnowledgeBase, today: String) {
        let words = cluster.terms.prefix(3).map { Self.slugWord($0) }.filter { !$0.isEmpty }
        var id = "isu-baru-" + (words.isEmpty ? cluster.id.lowercased() : words.joined(separator: "-"))
        var suffix = 2
        let base = id
        while knowledgeBase.issue(id) != nil {
            id = "\(base)-\(suffix)"
            suffix += 1
        }
        self.id = id

        examples = Self.examples(from: texts, terms: cluster.terms, knowledgeBase: knowledgeBase)
        let examples = self.examples
        let roles = cluster.roles.filter { !$0.key.isEmpty }.sorted { ($0.value, $1.key) > ($1.value, $0.key) }
            .prefix(4).map(\.key)
        let terms = cluster.terms.joined(separator: ", ")
        text = """
            ---
            # Draf dari klaster \(cluster.id) (solusi kb draft, \(today)): periksa judul, ringkasan, area dan
            # contoh; tambahkan langkah solusi dan artikel bila sudah ada, lalu ubah status dengan kb set-status.
            # Sampai `solusi kb review \(id)`, isu ini tidak tampil di halaman status, pengumuman dan balasan.
            id: \(id)
            reviewed: false
            title: \(yamlQuoted(Self.titleMark + cluster.terms.prefix(3).joined(separator: ", ")))
            status: investigating
            summary: \(yamlQuoted("Kendala baru dari \(cluster.size) tiket tidak dikenal (\(TicketDate.dayString(cluster.firstSeen)) sampai \(TicketDate.dayString(cluster.lastSeen))). Kata khas: \(terms). \(Self.summaryMark)"))
            roles: [\(roles.map(yamlQuoted).joined(separator: ", "))]
            area: \(yamlQuoted(Self.areaMark))
            articles: []
            history:
              - date: \(today)
                status: investigating
                note: \(yamlQuoted("Dibuat dari klaster \(cluster.id) dengan solusi kb draft."))
            solution: []
            signals: []
            examples:
            \(examples.map { "  - " + yamlQuoted($0) }.joined(separator: "\n"))
            reply: |
              Halo {{sapaan}},

              Terima kasih sudah menghubungi Pusat Bantuan Platform Merdeka Mengajar. Kendala yang Anda
              alami sudah kami ketahui dan sedang ditelusuri oleh tim teknis. Kami akan mengabari Anda
              segera setelah solusinya tersedia.

              Salam hangat,
              Tim Pusat Bantuan PMM
            ---
            Draf isu baru dari klaster \(cluster.id). \(Self.bodyMark)

            """
    }

    /// What a draft writes where a person has to: the marks `placeholders(of:)` looks for.
    static let titleMark = "Isu baru: "
    static let summaryMark = "Ringkas kendalanya di sini."
    static let areaMark = "Belum ditentukan"
    static let bodyMark = "Tulis penjelasan kendala di sini."

    /// The fields `placeholders(of:)` names, as a message to the team says them.
    public static func describe(_ fields: [String]) -> String {
        let names = [
            "title": "judul (title)", "summary": "ringkasan (summary)", "area": "area",
            "body": "penjelasan (isi berkas)",
        ]
        return fields.map { names[$0] ?? $0 }.joined(separator: ", ")
    }

    /// The fields of an issue still as a draft wrote them (title, summary, area, body), by
    /// their front-matter names; empty when a person has written them all.
    public static func placeholders(of issue: KnownIssue) -> [String] {
        [
            ("title", issue.title.hasPrefix(titleMark)), ("summary", issue.summary.contains(summaryMark)),
            ("area", issue.area == areaMark), ("body", issue.bodyHTML.contains(bodyMark)),
        ].filter(\.1).map(\.0)
    }

    /// Examples for the new issue, compared as `kb check` compares them (without case) and none
    /// the knowledge base already has: the tickets' whole texts, closest to the centre first;
    /// when they are too few for `kb check` (a small cluster, tickets written alike), also the
    /// sentences of those tickets that use one of the cluster's distinctive words.
    static func examples(from texts: [String], terms: [String], knowledgeBase: KnowledgeBase) -> [String] {
        func key(_ text: String) -> String { text.lowercased().trimmingCharacters(in: .whitespacesAndNewlines) }
        var seen = Set(knowledgeBase.examples.map { key($0.text) })
        var examples: [String] = []
        let masked = texts.map { PersonalData.mask($0) }
        for text in masked.map({ $0.split(whereSeparator: \.isNewline).joined(separator: " ") })
        where examples.count < exampleLimit && !key(text).isEmpty && seen.insert(key(text)).inserted {
            examples.append(text)
        }
        guard examples.count < examplesNeeded else { return examples }
        let words = Set(terms.map { $0.lowercased() })
        for text in masked {
            for sentence in Self.sentences(of: text) where examples.count < exampleLimit {
                let sentenceWords = sentence.lowercased().split { !$0.isLetter && $0 != "-" }.map(String.init)
                guard sentenceWords.count >= 3, sentenceWords.contains(where: words.contains),
                    seen.insert(key(sentence)).inserted
                else { continue }
                examples.append(sentence)
            }
        }
        return examples
    }

    /// A text's sentences (`Passages.sentences`), without the white space around them.
    static func sentences(of text: String) -> [String] {
        Passages.sentences(of: text).map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// A word as it may appear in an id: lower-case letters and digits.
    static func slugWord(_ word: String) -> String {
        String(
            word.lowercased().unicodeScalars.filter { ("a"..."z").contains($0) || ("0"..."9").contains($0) }.map(
                Character.init))
    }

    /// What `kb check` would say with this draft at `path` in the knowledge base in `folder`
    /// (nil when it would pass), so a draft that would break the knowledge base is never written.
    public func problems(in folder: String, at path: String) -> String? {
        do {
            var files = try KnowledgeBase.files(in: folder)
            let name = URL(fileURLWithPath: path).lastPathComponent
            files.append((KnowledgeBase.issuesFolder + "/" + (name.hasSuffix(".md") ? name : id + ".md"), text))
            _ = try KnowledgeBase.load(files: files, folder: folder)
            return nil
        } catch {
            return error.description
        }
    }
}
