/// A mistake in the knowledge base, at a file and line.
public struct KnowledgeBaseProblem: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file, relative to the knowledge-base folder.
    public var file: String
    /// The 1-based line.
    public var line: Int
    /// What is wrong and how to fix it, in Bahasa Indonesia.
    public var message: String

    /// A problem.
    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    /// `path:line: message`, the form editors and CI logs link to.
    public var description: String { "\(file):\(line): \(message)" }

    /// A problem before its file is known.
    struct Detail: Error {
        var line: Int
        var message: String
    }
}

/// Why the knowledge base could not be used.
public enum KnowledgeBaseError: Error, Sendable, CustomStringConvertible {
    /// The folder does not exist.
    case missingFolder(String)
    /// The files have these problems.
    case invalid([KnowledgeBaseProblem])

    /// Every problem as `path:line: message`, one per line.
    public var description: String {
        switch self {
        case .missingFolder(let path):
            return "\(path): folder basis pengetahuan tidak ditemukan. Pilih dengan --articles atau SOLUSI_ARTICLES."
        case .invalid(let problems):
            return
                (problems.map(\.description)
                + ["Basis pengetahuan berisi \(problems.count) kesalahan; perbaiki lalu jalankan `solusi kb check`."])
                .joined(separator: "\n")
        }
    }
}
