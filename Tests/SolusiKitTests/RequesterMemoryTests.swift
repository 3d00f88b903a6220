import Foundation
import Testing

@testable import SolusiKit

/// What a store's writer remembers of requesters between batches gives what the table would.
@Suite struct RequesterMemoryTests {
    static let hour: Int64 = 3600

    static func ticket(_ row: Int64, requester: Int64 = 1, at hours: Int64) -> Duplicates.Entry {
        Duplicates.Entry(rowID: row, requester: requester, createdAt: hours * hour, sketch: nil, duplicateOf: nil)
    }

    @Test func aTicketIsReadWithTheTwentyBeforeItWithinTheWindowLatestFirst() {
        var memory = RequesterMemory(version: 0, keys: [1])
        // Thirty tickets a day apart, held out of order; the last one 15 days after the 29th.
        var tickets = (1...29).map { Self.ticket(Int64($0), at: Int64($0) * 24) }
        tickets.append(Self.ticket(30, at: 29 * 24 + 15 * 24))
        memory.hold([1], tickets.reversed())
        let (latest, anyForLatest) = memory.before(tickets[29]) { _ in false }
        #expect(latest.isEmpty && !anyForLatest)
        let (found, any) = memory.before(tickets[28]) { _ in false }
        // Days 15 to 28: the window is fourteen days.
        #expect(any && found.map(\.rowID) == Array((15...28).reversed()))
        // Only the twenty just before; those already known are left out but still counted.
        memory.put(Self.ticket(31, at: 29 * 24), new: true)
        let (near, _) = memory.before(Self.ticket(32, at: 29 * 24 + 1)) { $0 == 31 }
        #expect(near.map(\.rowID) == Array((16...29).reversed()))
        var crowded = RequesterMemory(version: 0, keys: [2])
        crowded.hold([2], (1...40).map { Self.ticket(Int64($0), requester: 2, at: Int64($0)) })
        let (twenty, _) = crowded.before(Self.ticket(41, requester: 2, at: 41)) { $0 == 40 }
        #expect(twenty.map(\.rowID) == Array((21...39).reversed()))
    }

    @Test func pastItsLimitItForgetsTicketsButKeepsTheKeys() {
        var memory = RequesterMemory(version: 0, keys: [1, 2], limit: 3)
        memory.hold([1], [Self.ticket(1, at: 1), Self.ticket(2, at: 2)])
        #expect(memory.holds(1))
        memory.hold([2], [Self.ticket(3, requester: 2, at: 1), Self.ticket(4, requester: 2, at: 2)])
        #expect(!memory.holds(1) && memory.holds(2) && memory.keys == [1, 2])
        // A requester not held gives nothing: the writer reads it from the table again.
        #expect(memory.before(Self.ticket(5, at: 3)) { _ in false }.entries.isEmpty)
    }
    /// Both backends decide through `RequesterMemory.decide`: a requester alone so far is never
    /// looked up, the others are read once and then held, and a repeat is marked.
    @Test func aBatchReadsOnlyTheRequestersThatMayRepeatAndHoldsThem() throws {
        let sketch = try #require(Duplicates.Sketch(data: Data((0..<64).map { UInt8($0) })))
        func new(_ row: Int64, requester: Int64, at hours: Int64) -> RequesterMemory.Deciding {
            (
                Duplicates.Entry(
                    rowID: row, requester: requester, createdAt: hours * Self.hour, sketch: sketch, duplicateOf: nil),
                false
            )
        }
        // The table as the writer stores it: each batch's tickets are in it before deciding.
        var table: [Duplicates.Entry] = []
        var asked: [[Int64]] = []
        func decide(_ memory: inout RequesterMemory, _ batch: [RequesterMemory.Deciding]) -> [Int64: Int64?] {
            table += batch.map(\.ticket)
            let changes = memory.decide(
                batch, moved: [], newInBatch: RequesterMemory.newInBatch(batch),
                readRequesters: { keys in
                    asked.append(keys)
                    return table.filter { keys.contains($0.requester) }
                },
                readRepeats: { _ in [] })
            return Dictionary(uniqueKeysWithValues: changes.map { ($0.rowID, $0.duplicateOf) })
        }
        var memory = RequesterMemory.current(nil, version: 7, newInBatch: [:]) { [] }
        // Requester 1 writes twice in the batch, requester 2 once.
        let first = decide(
            &memory, [new(1, requester: 1, at: 0), new(2, requester: 1, at: 1), new(3, requester: 2, at: 0)])
        #expect(first == [2: 1])
        #expect(asked == [[1]])
        #expect(memory.keys == [1, 2] && memory.holds(1) && !memory.holds(2))
        // Next batch: requester 2 again (read now, once) and requester 1 again (held: not read).
        let second = decide(&memory, [new(4, requester: 2, at: 24), new(5, requester: 1, at: 48)])
        #expect(second == [4: 3, 5: 1])
        #expect(asked == [[1], [2]])
        // Someone else wrote meanwhile: the keys are read again, and no requester is held.
        let again = RequesterMemory.current(memory, version: 8, newInBatch: [:]) { [(key: 9, tickets: 1)] }
        #expect(again.keys == [9] && !again.holds(1))
        #expect(RequesterMemory.current(memory, version: 7, newInBatch: [:]) { [] }.holds(1))
    }
    /// Past its limit the memory forgets what it held; a requester this batch needs that was
    /// forgotten is read again, or its repeats would go unmarked.
    @Test func aRequesterForgottenPastTheLimitIsReadAgainForTheBatch() throws {
        let sketch = try #require(Duplicates.Sketch(data: Data((0..<64).map { UInt8($0) })))
        func entry(_ row: Int64, requester: Int64, at hours: Int64) -> Duplicates.Entry {
            Duplicates.Entry(
                rowID: row, requester: requester, createdAt: hours * Self.hour, sketch: sketch, duplicateOf: nil)
        }
        var memory = RequesterMemory(version: 0, keys: [1, 2], limit: 3)
        memory.hold([1], [entry(1, requester: 1, at: 0)])
        // Requester 2 has two tickets stored; reading them goes past the limit.
        var table = [entry(1, requester: 1, at: 0), entry(2, requester: 2, at: 0), entry(3, requester: 2, at: 1)]
        let batch: [RequesterMemory.Deciding] = [
            (entry(4, requester: 1, at: 2), false), (entry(5, requester: 2, at: 2), false),
        ]
        table += batch.map(\.ticket)
        let changes = memory.decide(
            batch, moved: [], newInBatch: RequesterMemory.newInBatch(batch),
            readRequesters: { keys in table.filter { keys.contains($0.requester) } }, readRepeats: { _ in [] })
        let marks = Dictionary(uniqueKeysWithValues: changes.map { ($0.rowID, $0.duplicateOf) })
        #expect(marks == [4: 1, 5: 2])
    }
}
