// libFuzzer targets for every parser of outside input, built by Scripts/fuzz together with the
// sources they test (swiftc -sanitize=fuzzer,address). One binary; FUZZ_TARGET picks the target.

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The targets, by name: each takes one input and must neither crash nor break its promise.
let targets: [String: (UnsafeBufferPointer<UInt8>) -> Void] = [
    "csv": { bytes in
        readAll(bytes) { stream throws(IngestError) in
            let reader = try CSVReader(stream: stream)
            while try reader.next() != nil {}
        }
    },
    "jsonl": { bytes in
        readAll(bytes) { stream throws(IngestError) in
            let reader = try JSONLinesReader(stream: stream)
            while try reader.next() != nil {}
        }
    },
    "json-document": { bytes in
        _ = try? JSONParser.parse(bytes)
        readAll(bytes) { stream throws(IngestError) in
            let reader = try JSONDocumentReader(stream: stream)
            while try reader.next() != nil {}
        }
    },
    "date": { bytes in
        _ = TicketDate.parse(String(decoding: bytes, as: UTF8.self))
        // The promise: a date read without an order reads the same with the order it revealed
        // (or either order, when it revealed none).
        if case .instant(let seconds, let revealed) = TicketDate.read(bytes: bytes, order: nil) {
            for order in revealed.map({ [$0] }) ?? DateOrder.allCases {
                guard TicketDate.read(bytes: bytes, order: order) == .instant(seconds, reveals: nil) else {
                    fatalError("a date read differently with the order \(order)")
                }
            }
        }
    },
    "mask": { bytes in
        let text = String(decoding: bytes, as: UTF8.self)
        let masked = PersonalData.mask(text)
        _ = PersonalData.strip(text)
        _ = terminalSafe(masked)
        // The promise: no run of eight digits (in any script) survives.
        var run = 0
        for character in masked.unicodeScalars {
            run = PersonalData.digit(character) != nil ? run + 1 : 0
            if run >= 8 { fatalError("eight digits survived masking: \(masked.debugDescription)") }
        }
    },
    "normalize": { bytes in
        let text = String(decoding: bytes, as: UTF8.self)
        let normalizer = TextNormalizer()
        let once = normalizer.normalize(text)
        // The promise: normalising is idempotent.
        if normalizer.normalize(once) != once {
            fatalError("not idempotent: \(text.debugDescription) → \(once.debugDescription)")
        }
        _ = TextPipeline().analyze(text)
    },
    "front-matter": { bytes in
        let text = String(decoding: bytes, as: UTF8.self)
        _ = FrontMatterDocument.split(text)
        _ = UntrustedText.anchorOrAlias(in: text)
    },
    "markdown-brackets": { bytes in
        let text = String(decoding: bytes, as: UTF8.self)
        let bounded = UntrustedText.boundingLinkNesting(text)
        // The promise: what is bounded stays as it is (no `[` is left nested in another).
        if UntrustedText.boundingLinkNesting(bounded) != bounded {
            fatalError("bounding twice changed it: \(text.debugDescription) → \(bounded.debugDescription)")
        }
    },
    "passages": { bytes in
        let text = String(decoding: bytes, as: UTF8.self)
        // The promises: a ticket is read as passages exactly when it has more than
        // `Passages.shortText` words; its parts stand in order, apart, within the text, each with
        // a letter or digit; leaving out a form's chosen fields twice leaves out no more.
        let words = text.utf8.split(whereSeparator: { $0 <= 0x20 }).count
        if Passages.isLong(text) != (words > Passages.shortText) {
            fatalError("isLong disagrees with \(words) words: \(text.debugDescription)")
        }
        var end = text.startIndex
        for part in Passages.parts(of: text) {
            guard part.startIndex >= end, part.endIndex <= text.endIndex, part.startIndex < part.endIndex else {
                fatalError("parts out of order or outside the text: \(text.debugDescription)")
            }
            guard
                part.unicodeScalars.contains(where: {
                    !$0.isASCII || $0.properties.isAlphabetic || ("0"..."9").contains($0)
                })
            else { fatalError("a part without a word: \(part.debugDescription)") }
            end = part.endIndex
        }
        let kept = FormChoices.removed(from: text)
        if FormChoices.removed(from: kept) != kept {
            fatalError("leaving out chosen fields twice changed it: \(text.debugDescription)")
        }
    },
]

nonisolated(unsafe) var selected: ((UnsafeBufferPointer<UInt8>) -> Void)?

/// Gives the input to a reader as a file, the way `ingest` reads one.
func readAll(_ bytes: UnsafeBufferPointer<UInt8>, _ read: (ByteStream) throws(IngestError) -> Void) {
    let path = "/dev/shm/solusi-fuzz-\(getpid())"
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    guard fd >= 0 else { fatalError("cannot write \(path)") }
    if let base = bytes.baseAddress, bytes.count > 0 { _ = write(fd, base, bytes.count) }
    close(fd)
    defer { unlink(path) }
    // A fatal ingest error (a file it cannot read as tickets) is an answer, not a crash.
    do throws(IngestError) { try read(try ByteStream(path: path)) } catch {}
}

/// libFuzzer calls this once: picks the target named by `$FUZZ_TARGET`.
@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>>)
    -> CInt
{
    guard let name = getenv("FUZZ_TARGET").map({ String(cString: $0) }), let target = targets[name] else {
        fputs("FUZZ_TARGET must be one of: \(targets.keys.sorted().joined(separator: ", "))\n", stderr)
        exit(2)
    }
    selected = target
    return 0
}

/// libFuzzer calls this with each input.
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    selected!(UnsafeBufferPointer(start: data, count: size))
    return 0
}
