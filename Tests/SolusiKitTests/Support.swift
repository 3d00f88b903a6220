import Foundation
import GRDB
import Testing

@testable import SolusiKit
@testable import SolusiSQLite

/// A fresh temporary folder per test, removed when the test ends.
final class TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("solusi-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// Writes bytes to a file in the folder and returns its path.
    @discardableResult
    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let path = url.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try write(name, Array(text.utf8))
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
}

/// Reads every row of a CSV file.
func csvRows(_ path: String) throws -> [CSVRow] {
    let reader = try CSVReader(stream: ByteStream(path: path))
    var rows: [CSVRow] = []
    while let row = try reader.next() { rows.append(row) }
    return rows
}

extension CSVRow {
    var fields: [String]? {
        if case .fields(_, let fields) = self { return fields }
        return nil
    }

    var line: Int {
        switch self {
        case .fields(let line, _), .malformed(let line, _, _): return line
        }
    }

    var reason: String? {
        if case .malformed(_, let reason, _) = self { return reason }
        return nil
    }
}

let plainHeader = "id,created_at,subject,description,requester_role,province,channel,status,tags\n"

/// A store in a temporary folder with an ingester over it.
struct IngestFixture {
    let folder: TemporaryFolder
    let store: SQLiteStore

    init() throws {
        folder = try TemporaryFolder()
        store = try SQLiteStore(path: folder.path("test.sqlite"))
    }

    func ingest(
        _ name: String, _ text: String, format: ExportFormat = .auto, mapping: FieldMapping = .init(),
        adjust: (inout Ingester) -> Void = { _ in }
    ) throws -> (FileIngestResult, [RejectedRecord]) {
        try ingest(name, Array(text.utf8), format: format, mapping: mapping, adjust: adjust)
    }

    func ingest(
        _ name: String, _ bytes: [UInt8], format: ExportFormat = .auto, mapping: FieldMapping = .init(),
        adjust: (inout Ingester) -> Void = { _ in }
    ) throws -> (FileIngestResult, [RejectedRecord]) {
        let path = try folder.write(name, bytes)
        var rejects: [RejectedRecord] = []
        var ingester = Ingester(store: store, format: format, mapping: mapping)
        ingester.onReject = { rejects.append($0) }
        adjust(&ingester)
        let result = try ingester.ingest(file: path)
        let c = result.counts
        #expect(c.read == c.inserted + c.updated + c.unchanged + c.rejected)
        return (result, rejects)
    }
}

extension SQLiteStore {
    /// FTS5's own check that the full-text index matches the tickets; throws when it does not
    /// ("database disk image is malformed").
    func fullTextIndexIsWhole() throws -> Bool {
        try pool.write { try $0.execute(sql: "INSERT INTO ticket_fts (ticket_fts) VALUES ('integrity-check')") }
        return true
    }
}
