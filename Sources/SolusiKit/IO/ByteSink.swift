import Foundation

/// A buffered byte writer to a file or standard output.
///
/// A file is written beside its destination under a temporary name and put in place by `close()`,
/// so a run that fails or is killed leaves no half-written file and replaces nothing. Unless
/// `replacing`, an existing file is never overwritten; a symbolic link at the destination is never
/// followed (it is refused, or replaced by the file itself). Only regular files and links are ever
/// replaced: a character device or a FIFO at the destination (`/dev/null`, a pipe to another
/// program) is written through, and anything else (a folder, a disk, a socket) is refused.
public final class ByteSink {
    private var descriptor: Int32
    private var buffer: [UInt8] = []
    /// Where the file goes; "stdout" for standard output.
    public let path: String
    /// The temporary file being written, until `close()` puts it at `path`.
    private var temporary: String?
    private let replacing: Bool
    /// Whether `descriptor` is a device or a FIFO opened at `path` itself, closed by `close()`.
    private var isWrittenThrough = false

    /// A file at `path`, or standard output for `-`. Without `replacing`, a path that exists
    /// already is refused before anything is written.
    public init(path: String, replacing: Bool = false) throws {
        self.replacing = replacing
        guard path != "-" else {
            descriptor = STDOUT_FILENO
            self.path = "stdout"
            return
        }
        self.path = path
        var status = stat()
        if lstat(path, &status) == 0 {
            switch status.st_mode & S_IFMT {
            case S_IFREG, S_IFLNK:
                if !replacing { throw OutputError.exists(path: path) }
            case S_IFCHR, S_IFIFO:
                let fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC)
                guard fd >= 0 else {
                    throw OutputError.cannotWrite(path: path, reason: Platform.lastError)
                }
                descriptor = fd
                isWrittenThrough = true
                buffer.reserveCapacity(1 << 16)
                return
            case S_IFDIR:
                throw OutputError.cannotWrite(path: path, reason: "ini sebuah folder, bukan berkas")
            default:
                throw OutputError.cannotWrite(path: path, reason: "bukan berkas biasa; tidak ditimpa")
            }
        }
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(
            ".\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        ).path
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw OutputError.cannotWrite(path: path, reason: Platform.lastError) }
        descriptor = fd
        self.temporary = temporary
        buffer.reserveCapacity(1 << 16)
    }

    /// Writes to standard output.
    public init() {
        descriptor = STDOUT_FILENO
        path = "stdout"
        replacing = true
        buffer.reserveCapacity(1 << 16)
    }

    /// Appends text (buffered).
    public func write(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { try flush() }
    }

    /// Writes what is buffered.
    public func flush() throws {
        var offset = 0
        while offset < buffer.count {
            let written = buffer.withUnsafeBytes {
                Platform.write(descriptor, $0.baseAddress! + offset, $0.count - offset)
            }
            if written < 0 { throw OutputError.cannotWrite(path: path, reason: Platform.lastError) }
            offset += written
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes what is buffered and puts the file in place (standard output: flushes).
    public func close() throws {
        try flush()
        if isWrittenThrough {
            isWrittenThrough = false
            defer { descriptor = -1 }
            guard Platform.close(descriptor) == 0 else {
                throw OutputError.cannotWrite(path: path, reason: Platform.lastError)
            }
            return
        }
        guard let temporary else { return }
        self.temporary = nil
        defer { unlink(temporary) }
        guard fsync(descriptor) == 0, Platform.close(descriptor) == 0 else {
            throw OutputError.cannotWrite(path: path, reason: Platform.lastError)
        }
        descriptor = -1
        if replacing {
            // rename replaces a file or a symbolic link at `path` itself, never what a link points to.
            guard rename(temporary, path) == 0 else {
                throw OutputError.cannotWrite(path: path, reason: Platform.lastError)
            }
        } else {
            // link fails when `path` exists (a file or a link, even one made since the check).
            guard link(temporary, path) == 0 else {
                if errno == EEXIST { throw OutputError.exists(path: path) }
                throw OutputError.cannotWrite(path: path, reason: Platform.lastError)
            }
        }
    }

    deinit {
        if let temporary {
            // Never closed: the run failed; nothing is put in place.
            Platform.close(descriptor)
            unlink(temporary)
        } else if descriptor == STDOUT_FILENO {
            try? flush()
        } else if isWrittenThrough {
            try? flush()
            Platform.close(descriptor)
        }
    }
}

/// A failure to write output.
public enum OutputError: Error, CustomStringConvertible {
    case cannotWrite(path: String, reason: String)
    case exists(path: String)

    /// The message, in Bahasa Indonesia.
    public var description: String {
        switch self {
        case .cannotWrite(let path, let reason): return "\(path): tidak dapat menulis (\(reason))."
        case .exists(let path):
            return
                "\(path) sudah ada dan tidak ditimpa; pakai --force untuk menimpanya, atau --out lain (- untuk keluaran standar)."
        }
    }
}
