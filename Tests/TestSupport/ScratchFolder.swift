import Foundation
import Synchronization

/// A new folder under the system's temporary one, removed when the test process ends: Swift
/// Testing's suites are structs, with no deinit to clean up after them.
public func scratchFolder(_ prefix: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    scratchFolders.withLock { folders in
        if folders.isEmpty {
            atexit { scratchFolders.withLock { for url in $0 { try? FileManager.default.removeItem(at: url) } } }
        }
        folders.append(url)
    }
    return url
}

private let scratchFolders = Mutex<[URL]>([])
