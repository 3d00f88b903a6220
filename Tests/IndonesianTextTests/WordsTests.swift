import IndonesianText
import Testing

@Test func wordsAreLowercasedRunsOfLettersAndDigits() {
    #expect(words(in: "Tombol Sinkron-PMM tidak ada (2024)!") == ["tombol", "sinkron", "pmm", "tidak", "ada", "2024"])
}

@Test(arguments: ["", "!!!", "  \n\t", "🙏🙏", "\"*\" - ()"])
func textWithoutLettersHasNoWords(_ text: String) {
    #expect(words(in: text).isEmpty)
}

@Test func accentedLettersStayInTheWord() {
    #expect(words(in: "Crème brûlée") == ["crème", "brûlée"])
}
