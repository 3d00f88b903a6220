import Yams

/// Finds the line of a key or element in a composed YAML node, for messages that point at it.
struct NodeLocator {
    let root: Node
    let firstLine: Int

    /// The file line of the value at a coding path (keys and array indices), or of the nearest
    /// ancestor that exists.
    func line(of path: [any CodingKey]) -> Int {
        var node = root
        var line = (root.mark?.line ?? 1)
        for key in path {
            if let index = key.intValue, let sequence = node.sequence, index < sequence.count {
                node = sequence[index]
                line = node.mark?.line ?? line
            } else if let mapping = node.mapping,
                let pair = mapping.first(where: { $0.key.string == key.stringValue })
            {
                line = pair.key.mark?.line ?? line
                node = pair.value
                if node.sequence == nil && node.mapping == nil { line = node.mark?.line ?? line }
            } else {
                break
            }
        }
        return firstLine + line - 1
    }

    func line(_ keys: String...) -> Int {
        line(of: keys.map { PathKey($0) })
    }

    func line(_ key: String, _ index: Int, _ inner: String? = nil) -> Int {
        line(of: [PathKey(key), PathKey(index)] + (inner.map { [PathKey($0)] } ?? []))
    }
}

/// A coding key built from a name or an index, to walk a node.
struct PathKey: CodingKey {
    var stringValue: String
    var intValue: Int?

    init(_ name: String) {
        stringValue = name
        intValue = nil
    }

    init(_ index: Int) {
        stringValue = String(index)
        intValue = index
    }

    init?(stringValue: String) { self.init(stringValue) }
    init?(intValue: Int) { self.init(intValue) }
}

/// A YAML double-quoted scalar for any text. A JSON string literal is one (YAML's double-quoted
/// style has the same escapes), so this is `jsonString` under the name front matter reads by.
public func yamlQuoted(_ text: String) -> String { jsonString(text) }
