import Foundation

/// Where messages and progress go: standard error, with a live progress line only on a terminal.
enum Terminal {
    static let isInteractive = isatty(STDERR_FILENO) != 0
    static let usesColor = isInteractive && ProcessInfo.processInfo.environment["NO_COLOR"] == nil

    /// A message line on stderr.
    static func message(_ text: String) {
        clearProgress()
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// A warning: the text in yellow when colour is allowed.
    static func warning(_ text: String) {
        message(usesColor ? "\u{1B}[33m\(text)\u{1B}[0m" : text)
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
