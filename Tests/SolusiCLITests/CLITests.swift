import Foundation
import Testing

/// Runs the built `solusi` binary and captures what it prints.
struct Run {
    var status: Int32
    var stdout: String
    var stderr: String
}

let solusiBinary: URL = {
    // The test bundle sits beside the products it was built with.
    let candidates = [
        Bundle.main.bundleURL, URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
    ] + Bundle.allBundles.map { $0.bundleURL.deletingLastPathComponent() }
    for folder in candidates {
        let url = folder.appendingPathComponent("solusi")
        if FileManager.default.isExecutableFile(atPath: url.path) { return url }
    }
    fatalError("solusi binary not found beside \(candidates)")
}()

func solusi(_ arguments: [String], in folder: URL, environment: [String: String] = [:]) throws -> Run {
    let process = Process()
    process.executableURL = solusiBinary
    process.arguments = arguments
    process.currentDirectoryURL = folder
    var env = ProcessInfo.processInfo.environment
    env["SOLUSI_DB"] = nil
    env.merge(environment) { $1 }
    process.environment = env
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    // Read both pipes while the process runs, so a full pipe cannot stall it.
    nonisolated(unsafe) var errData = Data()
    let errReader = Thread { errData = err.fileHandleForReading.readDataToEndOfFile() }
    errReader.start()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    while !errReader.isFinished { usleep(1000) }
    return Run(
        status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
        stderr: String(decoding: errData, as: UTF8.self))
}

func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("solusi-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

func json(_ text: String) throws -> [String: Int] {
    try JSONDecoder().decode([String: Int].self, from: Data(text.utf8))
}

@Suite struct IngestCommandTests {
    let folder: URL
    init() throws { folder = try temporaryFolder() }

    func write(_ name: String, _ bytes: [UInt8]) throws {
        try Data(bytes).write(to: folder.appendingPathComponent(name))
    }

    @Test func everyKindOfBadInputIsRejectedWithFileLineAndReasonAndTheRestStored() throws {
        var bytes: [UInt8] = [0xEF, 0xBB, 0xBF]
        bytes += Array("id,created_at,subject,description,requester_role,province,channel,status,tags\r\n".utf8)
        bytes += Array("1,2024-07-01 08:00,ok,\"baris\r\nbaru \"\"kutip\"\"\",Guru,Aceh,web,open,a\r\n".utf8)  // 2-3
        bytes += Array("2,2024-07-01,kurang\r\n".utf8)  // 4 wrong column count
        bytes += Array("3,31/31/2024,tanggal,x,,,,,\r\n".utf8)  // 5 bad date
        bytes += Array("4,2024-07-01,\"tidak ditutup,x,,,,,\r\n".utf8)  // 6 unterminated quote
        bytes += Array("5,2024-07-01,lima,ok,,,,,\r\n".utf8)  // 7
        bytes += Array("6,2024-07-01,nul".utf8) + [0] + Array(",x,,,,,\r\n".utf8)  // 8 NUL
        bytes += Array("7,2024-07-01,utf".utf8) + [0xC3, 0x28] + Array(",x,,,,,\r\n".utf8)  // 9 invalid UTF-8
        bytes += Array("1,2024-07-01 08:00,ok lagi,x,,,,,\r\n".utf8)  // 10 duplicate id: newer version
        bytes += Array("8,2024-07-01,\"".utf8) + Array(repeating: UInt8(ascii: "k"), count: 10 << 20) + Array("\",x,,,,,\r\n".utf8)  // 11 10 MB field
        try write("bad.csv", bytes)

        let run = try solusi(["ingest", "bad.csv", "--json", "--db", "t.sqlite"], in: folder)
        #expect(run.status == 3)
        let summary = try json(run.stdout)
        #expect(summary == ["read": 9, "inserted": 3, "updated": 1, "unchanged": 0, "rejected": 5])
        for expected in ["bad.csv:4: jumlah kolom", "bad.csv:5: tanggal", "bad.csv:6:", "bad.csv:8: kolom 3 berisi byte NUL", "bad.csv:9: kolom 3 bukan teks UTF-8"] {
            #expect(run.stderr.contains(expected), "stderr lacks \(expected): \(run.stderr)")
        }

        let rejects = try solusi(["rejects", "--json", "--db", "t.sqlite"], in: folder)
        let list = try JSONSerialization.jsonObject(with: Data(rejects.stdout.utf8)) as! [[String: Any]]
        #expect(list.map { $0["line"] as! Int } == [4, 5, 6, 8, 9])
        let status = try json(try solusi(["status", "--json", "--db", "t.sqlite"], in: folder).stdout)
        #expect(status["tickets"] == 3 && status["rejected"] == 5)
        let show = try solusi(["tickets", "show", "8", "--json", "--db", "t.sqlite"], in: folder)
        #expect(show.stdout.utf8.count > 10 << 20)
    }
}
