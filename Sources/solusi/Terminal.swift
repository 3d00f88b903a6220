import Foundation
import SolusiKit

/// Where messages and progress go: standard error, with a live progress line only on a terminal.
enum Terminal {
    static let isInteractive = isatty(STDERR_FILENO) != 0
    static let usesColor = isInteractive && ProcessInfo.processInfo.environment["NO_COLOR"] == nil

    /// A message line on stderr; control characters (from tickets) are shown, not obeyed.
    static func message(_ text: String) {
        clearProgress()
        FileHandle.standardError.write(Data((terminalSafe(text) + "\n").utf8))
    }

    /// A line on stdout with text from tickets: control characters are shown, not obeyed (and
    /// with `oneLine`, line breaks too, so one ticket stays on one line).
    static func output(_ text: String, oneLine: Bool = false) {
        print(terminalSafe(text, keepingLineBreaks: !oneLine))
    }

    /// A warning: the text in yellow when colour is allowed.
    static func warning(_ text: String) {
        let text = terminalSafe(text)
        clearProgress()
        FileHandle.standardError.write(Data(((usesColor ? "\u{1B}[33m\(text)\u{1B}[0m" : text) + "\n").utf8))
    }

    nonisolated(unsafe) private static var progressShown = false

    /// Replaces the progress line; does nothing when stderr is not a terminal.
    static func progress(_ text: String) {
        guard isInteractive else { return }
        FileHandle.standardError.write(Data(("\r\u{1B}[2K" + text).utf8))
        progressShown = true
    }

    static func clearProgress() {
        guard progressShown else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
        progressShown = false
    }
}
