#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file read in large chunks into one growable buffer.
///
/// Readers keep the bytes of the record they are working on (from `mark`) and let go of
/// everything before it, so memory stays at the size of the largest record plus a chunk.
final class ByteStream {
    let path: String
    private let descriptor: Int32
    private(set) var storage: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// Valid bytes are `storage[0..<end]`.
    private(set) var end = 0
    /// Bytes before `mark` may be discarded on the next refill.
    var mark = 0
    private(set) var isAtEOF = false
    /// How many bytes of the file lie before `storage[0]`.
    private(set) var base = 0
    /// Bytes consumed from the file so far, for progress lines.
    private(set) var bytesFromFile = 0

    /// Whether the file is a regular file, which can be read twice; a pipe, a FIFO or a
    /// terminal gives its bytes once, to whoever reads them first.
    let isRegularFile: Bool
    /// The regular file's size when it was opened.
    private let size: Int

    static let chunkSize = 1 << 20

    /// Opens a file; `-` is standard input.
    init(path: String) throws(IngestError) {
        self.path = path
        let fd = path == "-" ? dup(STDIN_FILENO) : open(path, O_RDONLY)
        guard fd >= 0 else {
            throw .cannotOpen(file: path, reason: Platform.lastError)
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let reason = Platform.lastError
            close(fd)
            throw .cannotOpen(file: path, reason: reason)
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw .cannotOpen(file: path, reason: "ini sebuah folder, bukan berkas")
        }
        isRegularFile = (info.st_mode & S_IFMT) == S_IFREG
        size = Int(info.st_size)
        descriptor = fd
        capacity = Self.chunkSize * 2
        storage = .allocate(capacity: capacity)
    }

    deinit {
        close(descriptor)
        storage.deallocate()
    }

    /// Reads more bytes. Bytes before `mark` are dropped and the rest moved to the front;
    /// the returned shift must be subtracted from every index the caller holds.
    /// Returns nil at end of file.
    func refill() throws(IngestError) -> Int? {
        if isAtEOF { return nil }
        let shift = mark
        if shift > 0 {
            let live = end - shift
            if live > 0 { storage.update(from: storage + shift, count: live) }
            end = live
            mark = 0
            base += shift
        }
        if capacity - end < Self.chunkSize {
            let newCapacity = max(capacity * 2, end + Self.chunkSize)
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
            bigger.update(from: storage, count: end)
            storage.deallocate()
            storage = bigger
            capacity = newCapacity
        }
        while true {
            let count = Platform.read(descriptor, storage + end, capacity - end)
            if count < 0 { throw .readFailed(file: path, reason: Platform.lastError) }
            if count == 0 {
                isAtEOF = true
                return shift == 0 ? nil : shift
            }
            end += count
            bytesFromFile += count
            return shift
        }
    }

    /// The byte at a file offset, reading on as needed; nil past the end of the file.
    /// The offset must not lie before `base + mark`.
    @inline(__always)
    func byte(atOffset offset: Int) throws(IngestError) -> UInt8? {
        while offset - base >= end {
            if try refill() == nil, offset - base >= end { return nil }
        }
        return storage[offset - base]
    }

    /// Tells the same export apart from another, wherever it lies and however often it was
    /// downloaded: its size and its first and last 64 KiB, read with `pread`, which leaves the
    /// reading position alone. Nil for anything but a regular file: reading a pipe's bytes here
    /// would take them from the reader.
    func identity() -> Int64? {
        guard isRegularFile else { return nil }
        var hasher = StableHasher()
        hasher.combine(String(size))
        let window = 64 << 10
        var bytes = [UInt8](repeating: 0, count: window)
        for offset in [0, max(size - window, 0)] {
            var count = 0
            while count < window {
                let got = bytes.withUnsafeMutableBytes {
                    Platform.read(descriptor, $0.baseAddress! + count, window - count, at: offset + count)
                }
                if got <= 0 { break }
                count += got
            }
            hasher.combine(String(decoding: bytes[..<count], as: UTF8.self))
        }
        return hasher.value
    }

    /// Lets go of the bytes before a file offset.
    func release(before offset: Int) {
        mark = max(mark, min(offset - base, end))
    }

    /// Makes sure at least `count` bytes from `index` are loaded, or as many as the file has.
    /// Returns the (possibly shifted) index.
    func ensure(_ count: Int, from index: Int) throws(IngestError) -> Int {
        var index = index
        while end - index < count, !isAtEOF {
            if let shift = try refill() { index -= shift }
        }
        return index
    }
}
