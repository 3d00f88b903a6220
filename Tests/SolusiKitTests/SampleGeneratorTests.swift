import Testing

@testable import SolusiKit

@Suite struct SampleGeneratorTests {
    @Test func theSameSeedGivesTheSameTickets() {
        #expect(Array(SampleGenerator(count: 300, seed: 42)) == Array(SampleGenerator(count: 300, seed: 42)))
        #expect(Array(SampleGenerator(count: 300, seed: 42)) != Array(SampleGenerator(count: 300, seed: 43)))
    }

    @Test func ticketsAreValidAndCoverTheKnownIssuesAndOtherTopics() {
        let tickets = Array(SampleGenerator(count: 2000, seed: 1))
        #expect(Set(tickets.map(\.externalID)).count == 2000)
        let first = SampleGenerator.firstDay * 86400 - TicketDate.defaultOffsetSeconds
        #expect(
            tickets.allSatisfy { $0.createdAt >= first && $0.createdAt < first + Int64(SampleGenerator.days) * 86400 })
        let text = tickets.map { ($0.subject + " " + $0.description).lowercased() }
        #expect(text.contains { $0.contains("predikat") })
        #expect(text.contains { $0.contains("dukcapil") })
        #expect(text.contains { $0.contains("kata sandi") })
        // Chat spelling and personal data appear, as in real tickets.
        #expect(
            text.contains { $0.contains(" yg ") || $0.contains(" tdk ") || $0.contains(" gk ") || $0.contains(" blm ") }
        )
        #expect(text.contains { $0.contains("nip saya") })
        #expect(Set(tickets.compactMap(\.province)).count > 30)
    }
}
