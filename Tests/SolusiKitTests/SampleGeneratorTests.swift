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

    @Test func anotherTopicsSubjectNamesTheProblemOfItsTextAndEveryTicketHasARequester() {
        let paired = SampleVocabulary.topics.filter(\.paired)
        #expect(paired.allSatisfy { $0.subjects.count == $0.bodies.count })
        var checked = 0
        for ticket in SampleGenerator(count: 3000, seed: 5) {
            #expect(ticket.requester?.hasSuffix("@guru.belajar.id") == true)
            #expect(ticket.requesterName.map(SampleVocabulary.names.contains) == true)
            for topic in paired {
                guard let index = topic.subjects.firstIndex(of: ticket.subject), !topic.bodies[index].contains("{")
                else { continue }
                #expect(ticket.description.contains(topic.bodies[index]), "\(ticket.subject): \(ticket.description)")
                checked += 1
            }
        }
        #expect(checked > 500)
    }
}
