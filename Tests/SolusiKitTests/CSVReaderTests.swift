import Foundation
import Testing

@testable import SolusiKit

@Suite struct CSVReaderTests {
    let folder: TemporaryFolder
    init() throws { folder = try TemporaryFolder() }

    @Test func quotedFieldsHoldDelimitersNewlinesAndDoubledQuotes() throws {
        let path = try folder.write("a.csv", "a,b,c\n1,\"x, y\",\"line one\nline \"\"two\"\"\"\n2,p,q\n")
        let rows = try csvRows(path)
        #expect(rows.map(\.fields) == [["a", "b", "c"], ["1", "x, y", "line one\nline \"two\""], ["2", "p", "q"]])
        #expect(rows.map(\.line) == [1, 2, 4])
    }

    @Test func crlfAndByteOrderMarkAreAccepted() throws {
        let path = try folder.write("b.csv", [0xEF, 0xBB, 0xBF] + Array("id,x\r\n1,\"q\"\r\n2,plain\r\n".utf8))
        #expect(try csvRows(path).map(\.fields) == [["id", "x"], ["1", "q"], ["2", "plain"]])
    }

    @Test func classicMacLineEndingsAreReadAsLines() throws {
        let path = try folder.write("mac.csv", "id,x\r1,\"baris\rdua\"\r2,polos\r\r3,akhir")
        let rows = try csvRows(path)
        #expect(rows.map(\.fields) == [["id", "x"], ["1", "baris\rdua"], ["2", "polos"], ["3", "akhir"]])
        #expect(rows.map(\.line) == [1, 2, 4, 6])
    }

    @Test func aLoneCRAfterAClosingQuoteEndsTheRecordInsteadOfJoiningTheNext() throws {
        let path = try folder.write("mixed.csv", "id,x\n1,\"a\"\r2,b\n3,\"c\"\r\n4,d\n")
        #expect(try csvRows(path).map(\.fields) == [["id", "x"], ["1", "a"], ["2", "b"], ["3", "c"], ["4", "d"]])
    }

    @Test func lastRecordWithoutNewlineAndBlankLinesBetween() throws {
        let path = try folder.write("c.csv", "a,b\n\n1,2\n\n3,4")
        let rows = try csvRows(path)
        #expect(rows.map(\.fields) == [["a", "b"], ["1", "2"], ["3", "4"]])
        #expect(rows.map(\.line) == [1, 3, 5])
    }

    @Test func semicolonFilesFromIndonesianSpreadsheetsAreDetected() throws {
        let path = try folder.write("d.csv", "id;subjek;nilai\n1;\"a;b\";3,5\n")
        #expect(try csvRows(path).map(\.fields) == [["id", "subjek", "nilai"], ["1", "a;b", "3,5"]])
    }

    @Test func aQuoteInsideAnUnquotedFieldIsText() throws {
        let path = try folder.write("e.csv", "a,b\n1,tombol \"sinkron\" hilang\n")
        #expect(try csvRows(path)[1].fields == ["1", "tombol \"sinkron\" hilang"])
    }

    @Test func anUnterminatedQuoteRejectsOneLineAndKeepsTheRecordsAfterIt() throws {
        let path = try folder.write("f.csv", "a,b,c\n1,\"open,x\n2,ok,\"fine\"\n3,also,ok\n")
        let rows = try csvRows(path)
        #expect(rows[1].line == 2)
        #expect(rows[1].reason?.contains("tanda kutip") == true)
        #expect(rows[2].fields == ["2", "ok", "fine"])
        #expect(rows[3].fields == ["3", "also", "ok"])
    }

    @Test func aQuoteOpenUntilTheEndOfTheFileRejectsOnlyItsLine() throws {
        let path = try folder.write("g.csv", "a,b\n1,\"never closed\n2,fine\n")
        let rows = try csvRows(path)
        #expect(rows[1].reason?.contains("akhir berkas") == true)
        #expect(rows[2].fields == ["2", "fine"])
    }

    @Test func nulBytesAndInvalidUTF8AreRejectedPerRecord() throws {
        let bytes = Array("a,b\n1,nul".utf8) + [0] + Array("x\n2,bad".utf8) + [0xFF, 0x8D] + Array("\n3,good\n".utf8)
        let rows = try csvRows(try folder.write("h.csv", bytes))
        #expect(rows[1].reason?.contains("NUL") == true)
        #expect(rows[2].reason?.contains("UTF-8") == true)
        #expect(rows[3].fields == ["3", "good"])
    }

    @Test func aTenMegabyteFieldAndRecordsAcrossChunkBoundaries() throws {
        let big = String(repeating: "kinerja ", count: 10 * 1024 * 1024 / 8)
        var text = "id,text\n1,\"\(big)\"\n"
        for i in 2...60_000 { text += "\(i),\"baris \(i), dengan koma\"\n" }
        let rows = try csvRows(try folder.write("i.csv", text))
        #expect(rows.count == 60_001)
        #expect(rows[1].fields?[1].utf8.count == big.utf8.count)
        #expect(rows.last?.fields == ["60000", "baris 60000, dengan koma"])
        #expect(rows.last?.line == 60_001)
    }

    @Test func aRecordLargerThanTheLimitIsRejectedAndReadingGoesOn() throws {
        let path = try folder.write("j.csv", "a,b\n1,\"" + String(repeating: "x", count: 5000) + "\n2,after\n")
        let reader = try CSVReader(stream: ByteStream(path: path), maxRecordBytes: 1000)
        var rows: [CSVRow] = []
        while let row = try reader.next() { rows.append(row) }
        #expect(rows[1].reason != nil)
        #expect(rows[2].fields == ["2", "after"])
    }
}
