import Foundation
import Testing

/// Files a command writes: never overwritten without --force, never through a symbolic link, `-`
/// for standard output; and notification claims that two runs at once never share.
@Suite struct OutputFileTests {
    let folder: URL
    init() throws { folder = try temporaryFolder() }

    func run(_ arguments: [String]) throws -> Run {
        try solusi(arguments + ["--articles", ClassifyCommandTests.articles], in: folder)
    }

    /// The ticket ids of a notification CSV (a row starts with the id, then an empty requester).
    func notifiedIDs(_ name: String) throws -> [String] {
        let csv = try text(name)
        return csv.matches(of: /(?m)^(\d+),,"/).map { String($0.output.1) }
    }

    func text(_ name: String) throws -> String {
        try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
    }

    /// Stores `count` tickets about the failed predicate send and classifies them.
    func prepare(count: Int) throws {
        let rows = (1...count).map {
            "\($0),2024-07-0\($0 % 9 + 1),Predikat gagal dikirim,predikat kinerja guru gagal terkirim terus,Kepala Sekolah,Aceh,email,open,"
        }
        let csv = "id,created_at,subject,description,requester_role,province,channel,status,tags\n"
        try Data((csv + rows.joined(separator: "\n") + "\n").utf8).write(to: folder.appendingPathComponent("t.csv"))
        #expect(try run(["ingest", "t.csv"]).status == 0)
        #expect(try run(["classify"]).status == 0)
    }

    /// The review list and the file to send are two files: one path for both is a usage mistake.
    @Test func notifyRefusesOneFileForSendingAndReview() throws {
        let same = try run(["notify", "predikat-kinerja-gagal-kirim", "--out", "n.csv", "--review", "n.csv"])
        #expect(same.status == 64 && same.stderr.contains("--review"), "\(same.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("n.csv").path))
    }

    @Test func aSecondNotifyIntoTheSameFileIsRefusedAndTheRepliesKept() throws {
        try prepare(count: 3)
        let issue = "predikat-kinerja-gagal-kirim"
        #expect(try run(["notify", issue, "--out", "n.csv"]).status == 0)
        let first = try text("n.csv")
        #expect(try notifiedIDs("n.csv").sorted() == ["1", "2", "3"])
        let second = try run(["notify", issue, "--out", "n.csv", "--again"])
        #expect(second.status == 1 && second.stderr.contains("--force"), "\(second.stderr)")
        #expect(try text("n.csv") == first)
        // Nothing was marked by the refused run; --force replaces the file on purpose.
        #expect(try run(["notify", issue, "--out", "n.csv", "--again", "--force"]).status == 0)
        #expect(try text("n.csv") == first)
        let toStdout = try run(["notify", issue, "--out", "-", "--again"])
        #expect(toStdout.status == 0 && toStdout.stdout == first)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }

    @Test func twoNotifyRunsAtOnceNeverListTheSameTicket() throws {
        try prepare(count: 60)
        let issue = "predikat-kinerja-gagal-kirim"
        nonisolated(unsafe) var results: [Run?] = [nil, nil]
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            results[index] = try? run(["notify", issue, "--out", "n\(index).csv"])
        }
        #expect(results.allSatisfy { $0?.status == 0 }, "\(results.map { $0?.stderr ?? "" })")
        let ids = try (0..<2).flatMap { try notifiedIDs("n\($0).csv") }
        #expect(ids.count == 60 && Set(ids).count == 60)
    }

    @Test func aSymbolicLinkAtTheOutputIsNeverFollowed() throws {
        try prepare(count: 1)
        let outside = folder.appendingPathComponent("outside.txt")
        try Data("tetap".utf8).write(to: outside)
        try FileManager.default.createSymbolicLink(
            at: folder.appendingPathComponent("link.md"), withDestinationURL: outside)
        let refused = try run(["announce", "--out", "link.md"])
        #expect(refused.status == 1 && refused.stderr.contains("sudah ada"))
        #expect(try run(["announce", "--out", "link.md", "--force"]).status == 0)
        #expect(try text("outside.txt") == "tetap")
        let attributes = try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent("link.md").path)
        #expect(attributes[.type] as? FileAttributeType == .typeRegular)
        #expect(try text("link.md").hasPrefix("---"))
    }

    @Test func exportAndSampleRefuseAnExistingFileToo() throws {
        try prepare(count: 1)
        try Data("lama".utf8).write(to: folder.appendingPathComponent("x.csv"))
        #expect(try run(["export", "--format", "csv", "--out", "x.csv"]).status == 1)
        #expect(try solusi(["sample", "--count", "2", "--out", "x.csv"], in: folder).status == 1)
        #expect(try text("x.csv") == "lama")
        #expect(try run(["export", "--format", "csv", "--out", "x.csv", "--force"]).status == 0)
        #expect(try text("x.csv").hasPrefix("id,"))
    }

    @Test func aDeviceOrAFIFOAtTheOutputIsWrittenThroughNeverReplaced() throws {
        try prepare(count: 2)
        // /dev/null stays the device, with or without --force (as root, replacing it broke the machine).
        for force in [[], ["--force"]] {
            let run = try run(["export", "--format", "csv", "--out", "/dev/null"] + force)
            #expect(run.status == 0, "\(run.stderr)")
            #expect(Self.kind(of: "/dev/null") == S_IFCHR)
        }
        // A FIFO gets the whole export, and stays a FIFO.
        let fifo = folder.appendingPathComponent("pipa").path
        #expect(mkfifo(fifo, 0o600) == 0)
        nonisolated(unsafe) var received = Data()
        let reader = Thread { received = FileHandle(forReadingAtPath: fifo)?.readDataToEndOfFile() ?? Data() }
        reader.start()
        #expect(try run(["export", "--format", "csv", "--out", fifo, "--force"]).status == 0)
        while !reader.isFinished { usleep(1000) }
        #expect(String(decoding: received, as: UTF8.self).split(separator: "\n").count == 3)
        #expect(Self.kind(of: fifo) == S_IFIFO)
        // A folder is refused, and stays a folder.
        let refused = try run(["export", "--format", "csv", "--out", folder.path, "--force"])
        #expect(refused.status == 1 && refused.stderr.contains("folder"), "\(refused.stderr)")
        #expect(Self.kind(of: folder.path) == S_IFDIR)
    }

    /// What a path is (`S_IFREG`, `S_IFIFO`…), its link not followed.
    static func kind(of path: String) -> mode_t? {
        var status = stat()
        return lstat(path, &status) == 0 ? status.st_mode & S_IFMT : nil
    }
}
