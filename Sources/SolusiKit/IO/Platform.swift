#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The system calls Solusi makes, in one place and under one name on every platform (as
/// swift-nio's `System.swift` and argument-parser's `Platform.swift` do): reads and writes
/// retried after an interrupted call, the last error in words, file sizes, the terminal. The rest
/// of the code calls these, never the C functions.
public enum Platform {
    /// Reads up to `count` bytes; the number read (0 at the end), or -1 with `errno` set. A read
    /// interrupted by a signal is retried.
    public static func read(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
        retryingInterrupted { systemRead(descriptor, buffer, count) }
    }

    /// Reads up to `count` bytes at `offset` without moving the reading position; as `read`.
    public static func read(
        _ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int, at offset: Int
    ) -> Int {
        retryingInterrupted { pread(descriptor, buffer, count, off_t(offset)) }
    }

    /// Writes up to `count` bytes; the number written, or -1 with `errno` set. A write
    /// interrupted by a signal is retried.
    public static func write(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
        retryingInterrupted { systemWrite(descriptor, bytes, count) }
    }

    /// Closes a descriptor; 0, or -1 with `errno` set.
    @discardableResult
    public static func close(_ descriptor: Int32) -> Int32 {
        #if canImport(Glibc)
            Glibc.close(descriptor)
        #elseif canImport(Musl)
            Musl.close(descriptor)
        #elseif canImport(Darwin)
            Darwin.close(descriptor)
        #endif
    }

    /// The last failed call's reason, in Bahasa Indonesia (see `errorText`).
    public static var lastError: String { errorText(errno) }

    /// An error number's reason in Bahasa Indonesia for the ones a user meets with files and
    /// folders; the system's own words (`strerror`) for the rest.
    public static func errorText(_ number: Int32) -> String {
        switch number {
        case ENOENT: "tidak ada berkas atau folder dengan nama itu"
        case EACCES, EPERM: "tidak ada izin"
        case EISDIR: "ini sebuah folder, bukan berkas"
        case ENOTDIR: "sebagian jalurnya bukan folder"
        case ENOSPC: "disk penuh"
        case EDQUOT: "kuota disk habis"
        case EROFS: "sistem berkasnya hanya bisa dibaca"
        case EEXIST: "sudah ada"
        case ENAMETOOLONG: "nama terlalu panjang"
        case ELOOP: "tautan simbolis berputar"
        case EMFILE, ENFILE: "terlalu banyak berkas terbuka"
        case EIO: "galat masukan/keluaran pada perangkat"
        case EBUSY: "sedang dipakai"
        default: String(cString: strerror(number))
        }
    }

    /// The size of a regular file; nil for anything else (standard input, a pipe, a folder), or
    /// when it cannot be read.
    public static func regularFileSize(_ path: String) -> Int64? {
        var status = stat()
        guard stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int64(status.st_size)
    }

    /// Waits this long (another process's turn, say).
    public static func sleep(microseconds: UInt32) { usleep(microseconds) }

    // MARK: Memory

    /// Blocks of 128 KiB and more are always mapped on their own and unmapped when freed. glibc
    /// otherwise raises that threshold each time such a block is freed, and an ingest's batches
    /// (megabytes each, made on one thread and freed on another) then stay in the heap: a
    /// million-ticket ingest peaked at 161 MB instead of 144, no faster. Classify, search and the
    /// report measured no slower with it.
    public static func mapLargeBlocks() {
        #if canImport(Glibc)
            // `mallopt` is in <malloc.h>, which the Glibc module does not bring; -3 is its
            // M_MMAP_THRESHOLD.
            typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
            _ = unsafeBitCast(symbol, to: Mallopt.self)(-3, 128 * 1024)
        #endif
    }

    // MARK: The terminal

    /// Standard input.
    public static let standardInput = STDIN_FILENO
    /// Standard output.
    public static let standardOutput = STDOUT_FILENO
    /// Standard error.
    public static let standardError = STDERR_FILENO

    /// Whether the descriptor is a terminal.
    public static func isTerminal(_ descriptor: Int32) -> Bool { isatty(descriptor) != 0 }

    /// The width of the terminal at `descriptor` in columns; nil when it is no terminal or does
    /// not say.
    public static func terminalWidth(_ descriptor: Int32) -> Int? {
        guard isTerminal(descriptor) else { return nil }
        var size = winsize()
        guard ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }

    /// Runs `body` with the terminal at `descriptor` not echoing what is typed (a password);
    /// when it is no terminal, just runs it.
    public static func withoutEcho<T>(_ descriptor: Int32, _ body: () throws -> T) rethrows -> T {
        var saved = termios()
        guard isTerminal(descriptor), tcgetattr(descriptor, &saved) == 0 else { return try body() }
        var settings = saved
        settings.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(descriptor, TCSANOW, &settings)
        defer { tcsetattr(descriptor, TCSANOW, &saved) }
        return try body()
    }

    /// A terminal read a key at a time: not echoed, and Ctrl-C read as a key rather than a signal.
    /// Nil when the descriptor is no terminal; `restore()` puts the terminal back as it was.
    public final class RawMode {
        private let descriptor: Int32
        private var saved = termios()
        private var active = false

        /// Switches the terminal at `descriptor` to raw input; nil when it is no terminal.
        public init?(_ descriptor: Int32) {
            self.descriptor = descriptor
            guard Platform.isTerminal(descriptor), tcgetattr(descriptor, &saved) == 0 else { return nil }
            var settings = saved
            settings.c_lflag &= ~tcflag_t(ICANON | ECHO | ISIG)
            withUnsafeMutableBytes(of: &settings.c_cc) { cc in
                cc[Int(VMIN)] = 1
                cc[Int(VTIME)] = 0
            }
            guard tcsetattr(descriptor, TCSANOW, &settings) == 0 else { return nil }
            active = true
        }

        /// Puts the terminal back as it was (once; later calls do nothing).
        public func restore() {
            if active { tcsetattr(descriptor, TCSANOW, &saved) }
            active = false
        }

        /// One byte typed; nil at the end of the input.
        public func key() -> UInt8? {
            var byte: UInt8 = 0
            return Platform.read(descriptor, &byte, 1) == 1 ? byte : nil
        }

        /// One byte typed within `milliseconds`; nil when none came (or the input ended).
        public func key(within milliseconds: Int32) -> UInt8? {
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, milliseconds) == 1, poller.revents & Int16(POLLIN) != 0 else { return nil }
            return key()
        }

        deinit { restore() }
    }

    // MARK: Helpers

    /// `call` again for as long as it fails with EINTR.
    private static func retryingInterrupted(_ call: () -> Int) -> Int {
        while true {
            let result = call()
            if result >= 0 || errno != EINTR { return result }
        }
    }

    private static func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
            Glibc.read(descriptor, buffer, count)
        #elseif canImport(Musl)
            Musl.read(descriptor, buffer, count)
        #elseif canImport(Darwin)
            Darwin.read(descriptor, buffer, count)
        #endif
    }

    private static func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
            Glibc.write(descriptor, bytes, count)
        #elseif canImport(Musl)
            Musl.write(descriptor, bytes, count)
        #elseif canImport(Darwin)
            Darwin.write(descriptor, bytes, count)
        #endif
    }
}
