import Foundation
import IndonesianText
import Ink
import Yams

/// The known issues, their solution articles and the out-of-scope examples, read from a folder:
///
/// ```
/// issues/<id>.md       one known issue: front matter with its status history, solution,
///                      signals, example tickets and reply template; a Markdown body
/// articles/<id>.md     one solution article: Hugo-style front matter with its public url
/// out-of-scope.md      tickets about none of the known issues, and the reply for them
/// concepts.md          the names people use for the platform's parts (optional)
/// ```
///
/// Loading validates everything and reports every mistake with its file and line; a knowledge
/// base with mistakes is never returned.
public struct KnowledgeBase: Sendable {
    /// The folder it was read from.
    public var folder: String
    /// Sorted by id.
    public var issues: [KnownIssue]
    /// Sorted by id.
    public var articles: [Article]
    /// Tickets about none of the known issues, trained as `other`.
    public var outOfScopeExamples: [String]
    /// Sorted by id.
    public var concepts: [Concept]
    /// The reply template for tickets about no known issue.
    public var unknownReply: String
    /// Changes whenever any file of the knowledge base changes.
    public var contentHash: Int64
    /// The files it was read from.
    public var files: [KnowledgeBaseFile] = []

    /// The known issue with this id.
    public func issue(_ id: String) -> KnownIssue? { issues.first { $0.id == id } }
    /// The article with this id.
    public func article(_ id: String) -> Article? { articles.first { $0.id == id } }

    /// An issue's articles, in its order.
    public func articles(for issue: KnownIssue) -> [Article] { issue.articleIDs.compactMap(article) }

    /// The issues that link to an article.
    public func issues(answeredBy article: Article) -> [KnownIssue] {
        issues.filter { $0.articleIDs.contains(article.id) }
    }

    /// Every example with its label, issues first, then the issues' counter-examples and the
    /// out-of-scope ones as `other`.
    public var examples: [TrainingExample] {
        issues.flatMap { issue in issue.examples.map { TrainingExample(text: $0, issue: issue.id) } }
            + (issues.flatMap(\.counterexamples) + outOfScopeExamples).map {
                TrainingExample(text: $0, issue: TrainingExample.outOfScope)
            }
    }

    /// The subfolder of known issues.
    public static let issuesFolder = "issues"
    /// The subfolder of solution articles.
    public static let articlesFolder = "articles"
    /// The known issues and articles, as the store keeps a copy of them.
    public var catalog: IssueCatalog {
        IssueCatalog(issues: issues, articles: articles, contentHash: contentHash, files: files)
    }

    /// The file of out-of-scope examples and the reply for them.
    public static let outOfScopeFile = "out-of-scope.md"
    /// The file of concepts.
    public static let conceptsFile = "concepts.md"

    /// How much training material the checks demand.
    public struct Rules: Sendable {
        /// Examples each known issue needs at least.
        public var minimumIssueExamples: Int
        /// For an issue still investigating or identified, often drafted from a cluster of new
        /// tickets (`kb draft`): fewer examples are enough to start recognising it.
        public var minimumNewIssueExamples: Int
        /// Out-of-scope examples needed at least.
        public var minimumOutOfScopeExamples: Int

        /// Rules with these minimums.
        public init(
            minimumIssueExamples: Int = 40, minimumNewIssueExamples: Int = 10, minimumOutOfScopeExamples: Int = 80
        ) {
            self.minimumIssueExamples = minimumIssueExamples
            self.minimumNewIssueExamples = min(minimumNewIssueExamples, minimumIssueExamples)
            self.minimumOutOfScopeExamples = minimumOutOfScopeExamples
        }
    }

    /// Reads and validates the knowledge base in a folder.
    public static func load(from folder: String, rules: Rules = Rules()) throws(KnowledgeBaseError) -> KnowledgeBase {
        try load(files: files(in: folder), folder: folder, rules: rules)
    }

    /// The knowledge base's files (relative path and text), in a stable order.
    public static func files(in folder: String) throws(KnowledgeBaseError) -> [(path: String, text: String)] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .missingFolder(folder)
        }
        var files: [(String, String)] = []
        var problems: [KnowledgeBaseProblem] = []
        let root = URL(fileURLWithPath: folder)
        var paths = [outOfScopeFile]
        for sub in [issuesFolder, articlesFolder] {
            let names =
                (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(sub).path)) ?? []
            paths += names.filter { $0.hasSuffix(".md") }.sorted().map { "\(sub)/\($0)" }
        }
        if FileManager.default.fileExists(atPath: root.appendingPathComponent(conceptsFile).path) {
            paths.append(conceptsFile)
        }
        for path in paths {
            let url = root.appendingPathComponent(path)
            guard FileManager.default.fileExists(atPath: url.path) else {
                problems.append(.init(file: url.path, line: 1, message: "berkas wajib ini tidak ada"))
                continue
            }
            guard let data = try? Data(contentsOf: url), let text = String(data: data, encoding: .utf8) else {
                problems.append(.init(file: url.path, line: 1, message: "bukan teks UTF-8 yang dapat dibaca"))
                continue
            }
            files.append((path, text))
        }
        if !problems.isEmpty { throw .invalid(problems) }
        return files
    }

    /// Validates files given as text (so an edit can be checked before it is written).
    public static func load(files: [(path: String, text: String)], folder: String, rules: Rules = Rules())
        throws(KnowledgeBaseError) -> KnowledgeBase
    {
        var reader = Reader(rules: rules)
        for (path, text) in files {
            if path.hasPrefix(issuesFolder + "/") {
                reader.readIssue(path, text)
            } else if path.hasPrefix(articlesFolder + "/") {
                reader.readArticle(path, text)
            } else if path == outOfScopeFile {
                reader.readOutOfScope(path, text)
            } else if path == conceptsFile {
                reader.readConcepts(path, text)
            }
        }
        reader.crossCheck()
        if !reader.problems.isEmpty {
            // Paths as the user can open them: below the folder they named.
            let prefix = folder.hasSuffix("/") ? folder : folder + "/"
            throw .invalid(
                reader.problems.map { KnowledgeBaseProblem(file: prefix + $0.file, line: $0.line, message: $0.message) }
            )
        }
        var hasher = StableHasher()
        for (path, text) in files {
            hasher.combine(path)
            hasher.combine(text)
        }
        return KnowledgeBase(
            folder: folder, issues: reader.issues.sorted { $0.id < $1.id },
            articles: reader.articles.sorted { $0.id < $1.id },
            outOfScopeExamples: reader.outOfScope?.examples ?? [], concepts: reader.concepts.sorted { $0.id < $1.id },
            unknownReply: reader.outOfScope?.reply ?? "", contentHash: hasher.value,
            files: files.map { KnowledgeBaseFile(path: $0.path, text: $0.text) })
    }
}

// MARK: - Reading and checking

private struct IssueFields: Decodable {
    var id: String
    var title: String
    var topic: String?
    var status: String
    var summary: String
    var roles: [String]
    var area: String
    var articles: [String]?
    var history: [HistoryFields]
    var solution: [String]
    var signals: [String]?
    var examples: [String]
    var counterexamples: [String]?
    var reply: String
    var reviewed: Bool?
}

private struct HistoryFields: Decodable {
    var date: String
    var status: String
    var note: String
}

private struct ArticleFields: Decodable {
    var id: String
    var title: String
    var description: String?
    var url: String
    var date: String?
    var author: String?
    var keywords: [String]?
}

private struct OutOfScopeFields: Decodable {
    var examples: [String]
    var reply: String
}

private struct ConceptsFields: Decodable {
    struct Entry: Decodable {
        var id: String
        var label: String
        var phrases: [String]
    }
    var concepts: [Entry]
}

/// Where a value was found, for the cross-file checks.
private struct Place {
    var file: String
    var line: Int
}

private struct Reader {
    let rules: KnowledgeBase.Rules
    var problems: [KnowledgeBaseProblem] = []
    var issues: [KnownIssue] = []
    var articles: [Article] = []
    var outOfScope: OutOfScopeFields?
    var concepts: [Concept] = []
    /// Places to point at in the checks that need every file.
    var issuePlaces: [String: Place] = [:]
    var articlePlaces: [String: Place] = [:]
    var articleLinks: [(issue: String, article: String, place: Place)] = []
    /// Each example's label and where it is; its line is worked out only for a message.
    var examplePlaces: [String: (label: String, file: String, at: NodeLocator, field: String, index: Int)] = [:]

    init(rules: KnowledgeBase.Rules) { self.rules = rules }

    /// Lower-case letters and digits in words joined by single hyphens.
    static func isValidID(_ id: String) -> Bool {
        !id.isEmpty && !id.hasPrefix("-") && !id.hasSuffix("-") && !id.contains("--")
            && id.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 }
    }

    mutating func problem(_ file: String, _ line: Int, _ message: String) {
        problems.append(KnowledgeBaseProblem(file: file, line: line, message: message))
    }

    /// Splits, composes and decodes a file's front matter, reporting what goes wrong.
    mutating func decode<Fields: Decodable>(_ type: Fields.Type, _ path: String, _ text: String)
        -> (Fields, NodeLocator, FrontMatterDocument)?
    {
        let document: FrontMatterDocument
        switch FrontMatterDocument.split(text) {
        case .success(let value): document = value
        case .failure(let detail):
            problem(path, detail.line, detail.message)
            return nil
        }
        if let (line, token) = UntrustedText.anchorOrAlias(in: document.yaml) {
            problem(
                path, document.yamlFirstLine + line - 1,
                "YAML anchor atau alias (\(token.prefix(40))) tidak dipakai di basis pengetahuan; tulis nilainya langsung"
            )
            return nil
        }
        let node: Node
        do {
            guard let composed = try Yams.compose(yaml: document.yaml) else {
                problem(path, 1, "front matter kosong")
                return nil
            }
            node = composed
        } catch let error as YamlError {
            let (line, message) = Self.describe(error)
            problem(path, document.yamlFirstLine + line - 1, "YAML tidak sah: \(message)")
            return nil
        } catch {
            problem(path, 1, "YAML tidak sah: \(error)")
            return nil
        }
        let locator = NodeLocator(root: node, firstLine: document.yamlFirstLine)
        do {
            return (try YAMLDecoder().decode(Fields.self, from: node), locator, document)
        } catch let error as DecodingError {
            let (path2, message) = Self.describe(error)
            problem(path, locator.line(of: path2), message)
            return nil
        } catch {
            problem(path, 1, "front matter tidak dapat dibaca: \(error)")
            return nil
        }
    }

    static func describe(_ error: YamlError) -> (Int, String) {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return (mark.line, problem)
        case .duplicatedKeysInMapping(let duplicates, _):
            return (1, "kunci ganda: \(duplicates.joined(separator: ", "))")
        default:
            return (1, String(describing: error))
        }
    }

    static func describe(_ error: DecodingError) -> ([any CodingKey], String) {
        func name(_ path: [any CodingKey]) -> String {
            path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let field = name(context.codingPath + [key])
            return (context.codingPath, "kolom wajib \"\(field)\" tidak ada")
        case .typeMismatch(let type, let context):
            return (context.codingPath, "kolom \"\(name(context.codingPath))\" harus berupa \(Self.kind(type))")
        case .valueNotFound(let type, let context):
            return (context.codingPath, "kolom \"\(name(context.codingPath))\" kosong; harus berupa \(Self.kind(type))")
        case .dataCorrupted(let context):
            return (context.codingPath, "kolom \"\(name(context.codingPath))\" tidak dapat dibaca")
        @unknown default:
            return ([], String(describing: error))
        }
    }

    static func kind(_ type: Any.Type) -> String {
        let name = "\(type)"
        if type == String.self { return "teks" }
        if name.hasPrefix("Array") || name.contains("Sequence") { return "daftar (baris-baris \"- …\")" }
        if name.hasPrefix("Dictionary") || name.contains("Mapping") { return "pasangan kunci: nilai" }
        return name
    }

    mutating func readIssue(_ path: String, _ text: String) {
        guard let (fields, at, document) = decode(IssueFields.self, path, text) else { return }
        var valid = true
        func fail(_ line: Int, _ message: String) {
            problem(path, line, message)
            valid = false
        }
        if !Self.isValidID(fields.id) {
            fail(
                at.line("id"),
                "id \"\(fields.id)\" harus huruf kecil, angka dan tanda hubung (mis. tombol-sinkron-pmm-tidak-ada)")
        }
        if let earlier = issuePlaces[fields.id] {
            fail(at.line("id"), "id \"\(fields.id)\" sudah dipakai di \(earlier.file):\(earlier.line)")
        } else {
            issuePlaces[fields.id] = Place(file: path, line: at.line("id"))
        }
        let status = IssueStatus(rawValue: fields.status)
        if status == nil { fail(at.line("status"), Self.unknownStatus(fields.status)) }
        for (name, value) in [
            ("title", fields.title), ("summary", fields.summary), ("area", fields.area), ("reply", fields.reply),
        ]
        where value.trimmed.isEmpty {
            fail(at.line(name), "kolom \"\(name)\" kosong")
        }
        // An issue still being worked on may have no steps yet; one with a solution must.
        if fields.solution.isEmpty, status?.hasSolution ?? true {
            fail(at.line("solution"), "solusi belum berisi langkah (wajib untuk status workaround dan solved)")
        }
        var history: [StatusChange] = []
        var previousDate: Int64?
        for (index, entry) in fields.history.enumerated() {
            guard let entryStatus = IssueStatus(rawValue: entry.status) else {
                fail(at.line("history", index, "status"), Self.unknownStatus(entry.status))
                continue
            }
            guard let day = Day(entry.date)?.startSeconds else {
                fail(at.line("history", index, "date"), Day.problem(with: entry.date) ?? entry.date)
                continue
            }
            if let previousDate, day < previousDate {
                fail(
                    at.line("history", index, "date"), "riwayat mundur: \(entry.date) lebih awal dari entri sebelumnya")
            }
            previousDate = day
            history.append(StatusChange(date: entry.date, status: entryStatus, note: entry.note))
        }
        if fields.history.isEmpty { fail(at.line("history"), "riwayat status kosong; tambahkan minimal satu entri") }
        if let status, let last = history.last, last.status != status, history.count == fields.history.count {
            fail(
                at.line("status"),
                "status \"\(status.rawValue)\" berbeda dari entri terakhir riwayat (\"\(last.status.rawValue)\")")
        }
        let minimum =
            status == .investigating || status == .identified
            ? rules.minimumNewIssueExamples : rules.minimumIssueExamples
        if fields.examples.count < minimum {
            fail(
                at.line("examples"),
                "hanya \(fields.examples.count) contoh tiket; dibutuhkan minimal \(minimum) untuk status \(fields.status)"
            )
        }
        for (index, article) in (fields.articles ?? []).enumerated() {
            articleLinks.append((fields.id, article, Place(file: path, line: at.line("articles", index))))
        }
        checkPlaceholders(fields.reply, allowed: ReplyDrafter.issuePlaceholders, path: path, text: text, at: at) {
            valid = false
        }
        noteExamples(fields.examples, label: fields.id, path: path, at: at)
        noteExamples(
            fields.counterexamples ?? [], label: TrainingExample.outOfScope, path: path, at: at, key: "counterexamples")
        guard valid, let status else { return }
        issues.append(
            KnownIssue(
                id: fields.id, title: fields.title, status: status, summary: fields.summary, roles: fields.roles,
                area: fields.area, articleIDs: fields.articles ?? [], history: history, solution: fields.solution,
                signals: fields.signals ?? [], examples: fields.examples,
                counterexamples: fields.counterexamples ?? [], reply: fields.reply,
                bodyHTML: MarkdownParser().html(from: UntrustedText.boundingLinkNesting(document.body)), file: path,
                topic: fields.topic.map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 },
                reviewed: fields.reviewed ?? true))
    }

    mutating func readArticle(_ path: String, _ text: String) {
        guard let (fields, at, document) = decode(ArticleFields.self, path, text) else { return }
        var valid = true
        if !Self.isValidID(fields.id) {
            problem(path, at.line("id"), "id \"\(fields.id)\" harus huruf kecil, angka dan tanda hubung")
            valid = false
        }
        if let earlier = articlePlaces[fields.id] {
            problem(path, at.line("id"), "id artikel \"\(fields.id)\" sudah dipakai di \(earlier.file):\(earlier.line)")
            valid = false
        } else {
            articlePlaces[fields.id] = Place(file: path, line: at.line("id"))
        }
        if !Self.isPublicURL(fields.url) {
            problem(
                path, at.line("url"),
                "url \"\(fields.url)\" tidak sah: harus alamat https:// (atau http://) lengkap, tanpa spasi, tanda kutip atau markup"
            )
            valid = false
        }
        guard valid else { return }
        articles.append(
            Article(
                id: fields.id, title: fields.title, description: fields.description ?? "", url: fields.url,
                date: fields.date ?? "", author: fields.author ?? "", keywords: fields.keywords ?? [],
                bodyHTML: MarkdownParser().html(from: UntrustedText.boundingLinkNesting(document.body)), file: path))
    }

    mutating func readOutOfScope(_ path: String, _ text: String) {
        guard let (fields, at, _) = decode(OutOfScopeFields.self, path, text) else { return }
        if fields.examples.count < rules.minimumOutOfScopeExamples {
            problem(
                path, at.line("examples"),
                "hanya \(fields.examples.count) contoh di luar cakupan; dibutuhkan minimal \(rules.minimumOutOfScopeExamples)"
            )
        }
        if fields.reply.trimmed.isEmpty { problem(path, at.line("reply"), "kolom \"reply\" kosong") }
        checkPlaceholders(fields.reply, allowed: ReplyDrafter.unknownPlaceholders, path: path, text: text, at: at) {}
        noteExamples(fields.examples, label: TrainingExample.outOfScope, path: path, at: at)
        outOfScope = fields
    }

    /// An article's address as a page may link it: http(s), a host, and nothing a page or a
    /// Markdown link would read as markup.
    static func isPublicURL(_ text: String) -> Bool {
        guard text.hasPrefix("https://") || text.hasPrefix("http://"),
            !text.contains(where: { $0.isWhitespace || "\"'<>`{}|\\^[]".contains($0) }),
            let url = URL(string: text), let host = url.host, host.contains(".")
        else { return false }
        return true
    }

    /// Every `{{placeholder}}` of a reply template must be one the reply drafter fills; otherwise
    /// it would be sent to teachers as written.
    mutating func checkPlaceholders(
        _ template: String, allowed: Set<String>, path: String, text: String, at: NodeLocator, invalid: () -> Void
    ) {
        // A block scalar (`reply: |`) starts on the line after its key; a quoted one on it.
        let keyLine = at.line("reply")
        let key =
            text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
            .dropFirst(keyLine - 1).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        let first = ["|", ">", "|-", ">-", "|+", ">+"].contains { key.hasSuffix($0) } ? keyLine + 1 : keyLine
        let (names, unclosed) = ReplyDrafter.placeholders(in: template)
        for (name, line) in names where !allowed.contains(name) {
            problem(
                path, first + line,
                "placeholder {{\(name)}} tidak dikenal; yang boleh dipakai: "
                    + allowed.sorted().map { "{{\($0)}}" }.joined(separator: ", "))
            invalid()
        }
        if let unclosed {
            problem(path, first + unclosed, "placeholder dibuka dengan {{ tetapi tidak ditutup dengan }}")
            invalid()
        }
    }

    /// Reads the concepts: each with a valid, unique id, a label and phrasings that normalise to
    /// words; a phrasing may belong to one concept only.
    mutating func readConcepts(_ path: String, _ text: String) {
        guard let (fields, at, _) = decode(ConceptsFields.self, path, text) else { return }
        let pipeline = TextPipeline.shared
        var ids: [String: Int] = [:]
        // Each phrase's concept and place (concept, phrase); lines are worked out only for a message.
        var phrasePlaces: [String: (concept: String, index: Int, number: Int)] = [:]
        func line(_ index: Int, _ number: Int) -> Int {
            at.line(of: [PathKey("concepts"), PathKey(index), PathKey("phrases"), PathKey(number)])
        }
        for (index, entry) in fields.concepts.enumerated() {
            var valid = true
            let idLine = at.line("concepts", index, "id")
            if !Self.isValidID(entry.id) {
                problem(path, idLine, "id konsep \"\(entry.id)\" harus huruf kecil, angka dan tanda hubung")
                valid = false
            } else if let earlier = ids[entry.id] {
                problem(path, idLine, "id konsep \"\(entry.id)\" sudah dipakai di baris \(earlier)")
                valid = false
            } else {
                ids[entry.id] = idLine
            }
            if entry.label.trimmed.isEmpty {
                problem(path, at.line("concepts", index, "label"), "label konsep \"\(entry.id)\" kosong")
                valid = false
            }
            if entry.phrases.isEmpty {
                problem(path, at.line("concepts", index, "phrases"), "konsep \"\(entry.id)\" belum punya frasa")
                valid = false
            }
            // Forms of one phrasing ("observasi", "diobservasi") may stand side by side for the
            // reader; the classifier gets each normalised phrasing once.
            var phrases: [String] = []
            for (number, phrase) in entry.phrases.enumerated() {
                let key = pipeline.analyze(phrase).map(\.text).joined(separator: " ")
                if key.isEmpty {
                    problem(path, line(index, number), "frasa \"\(phrase)\" tidak berisi kata setelah dinormalkan")
                    valid = false
                } else if let earlier = phrasePlaces[key] {
                    guard earlier.concept != entry.id else { continue }
                    problem(
                        path, line(index, number),
                        "frasa \"\(phrase)\" juga milik konsep \"\(earlier.concept)\" (baris \(line(earlier.index, earlier.number))); sebuah frasa hanya boleh milik satu konsep"
                    )
                    valid = false
                } else {
                    phrasePlaces[key] = (entry.id, index, number)
                    phrases.append(phrase)
                }
            }
            if valid { concepts.append(Concept(id: entry.id, label: entry.label, phrases: phrases)) }
        }
    }

    /// The same text may not teach two different answers.
    mutating func noteExamples(
        _ examples: [String], label: String, path: String, at: NodeLocator, key field: String = "examples"
    ) {
        for (index, example) in examples.enumerated() {
            let key = example.lowercased().trimmed
            if key.isEmpty {
                problem(path, at.line(field, index), "contoh tiket kosong")
            } else if let earlier = examplePlaces[key] {
                let what =
                    earlier.label == label ? "contoh ganda" : "contoh yang sama juga berlabel \"\(earlier.label)\""
                let earlierLine = earlier.at.line(earlier.field, earlier.index)
                problem(path, at.line(field, index), "\(what) (\(earlier.file):\(earlierLine))")
            } else {
                examplePlaces[key] = (label, path, at, field, index)
            }
        }
    }

    mutating func crossCheck() {
        for link in articleLinks where articlePlaces[link.article] == nil {
            problem(link.place.file, link.place.line, "artikel \"\(link.article)\" tidak ada di articles/")
        }
    }

    static func unknownStatus(_ value: String) -> String {
        "status \"\(value)\" tidak dikenal; pilih salah satu: \(IssueStatus.allCases.map(\.rawValue).joined(separator: ", "))"
    }
}
