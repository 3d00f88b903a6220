import Foundation
import SolusiKit

/// A folder Solusi writes a set of files into (the report, the status page), listing them in a
/// manifest: a later run removes what it wrote before and no longer writes (a page for a retired
/// issue, one written with personal data shown), and never writes over, or removes, a file it did
/// not write (unless `force`, for writing over).
struct ManagedFolder {
    /// The folder.
    var root: URL
    /// The manifest's file name in the folder.
    var manifestName: String
    /// Which manifest entries are trusted: a changed manifest cannot make Solusi remove anything else.
    var isOurs: (String) -> Bool
    /// Write over files Solusi did not write.
    var force = false
    /// Whether the command has `--force` (the refusal says so).
    var canForce = false
    /// Files that mark the folder as another program's (a Hugo site's own configuration): the
    /// folder is refused while one is there that Solusi did not write.
    var foreignMarks: [String] = []

    /// What `write` did, with paths relative to the folder.
    struct Outcome {
        /// Every file written.
        var written: [String]
        /// Files an earlier run wrote that this one did not, removed.
        var removed: [String]
    }

    /// Writes the files (paths relative to the folder, subfolders made as needed).
    func write(_ files: [(path: String, text: String)]) throws -> Outcome {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: root.path, isDirectory: &isFolder), !isFolder.boolValue {
            throw OutputError.cannotWrite(path: root.path, reason: "ini sebuah berkas, bukan folder")
        }
        let manifest = root.appendingPathComponent(manifestName).path
        let ours = Set(
            ((try? String(contentsOfFile: manifest, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
                .filter(isOurs))
        if !force {
            for name in files.map(\.path) + foreignMarks where !ours.contains(name) {
                let path = root.appendingPathComponent(name).path
                if FileManager.default.fileExists(atPath: path) {
                    throw FolderError.notWrittenBySolusi(path, canForce: canForce)
                }
            }
        }
        // The files about to be written are listed first, so that a run stopped half-way leaves
        // them Solusi's for the next run, which finishes the job instead of refusing them.
        let written = Set(files.map(\.path))
        try Self.makeFolder(root)
        try Self.list(ours.union(written), in: manifest)
        for file in files {
            let url = root.appendingPathComponent(file.path)
            try Self.makeFolder(url.deletingLastPathComponent())
            let sink = try ByteSink(path: url.path, replacing: true)
            try sink.write(file.text)
            try sink.close()
        }
        var removed: [String] = []
        for path in ours.subtracting(written).sorted() {
            let url = root.appendingPathComponent(path)
            if (try? FileManager.default.removeItem(at: url)) != nil { removed.append(path) }
        }
        try Self.list(written, in: manifest)
        return Outcome(written: files.map(\.path), removed: removed)
    }

    private static func makeFolder(_ url: URL) throws {
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            let posix = ((error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError)?.code
            let reason = posix.map { Platform.errorText(Int32($0)) } ?? "folder tidak dapat dibuat"
            throw OutputError.cannotWrite(path: url.path, reason: reason)
        }
    }

    /// Writes the manifest: the paths, one a line.
    private static func list(_ paths: Set<String>, in manifest: String) throws {
        let sink = try ByteSink(path: manifest, replacing: true)
        try sink.write(paths.sorted().joined(separator: "\n") + "\n")
        try sink.close()
    }
}

/// Why a site was not written.
public enum FolderError: Error, CustomStringConvertible {
    /// A file the site needs is there, and Solusi did not write it.
    case notWrittenBySolusi(String, canForce: Bool)

    /// The message, in Bahasa Indonesia.
    public var description: String {
        switch self {
        case .notWrittenBySolusi(let path, let canForce):
            "\(path) sudah ada dan bukan tulisan Solusi, jadi tidak ditimpa. Pindahkan berkas itu\(canForce ? ", pilih --out lain, atau pakai --force untuk menimpanya" : " atau pilih --out lain")."
        }
    }
}
