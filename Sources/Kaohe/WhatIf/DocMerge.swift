/// Variants of a scheme (SPEC §8): a variant file's tree merged over the scheme's, and
/// `--set PATH=VALUE` edits; both on the neutral document tree, before compiling, so a
/// variant is validated exactly like a scheme and its errors point where the change came from.
public enum DocMerge {
    /// Maps merge key by key (recursively); everything else (lists, scalars) replaces.
    public static func merge(_ base: DocNode, _ overlay: DocNode) -> DocNode {
        guard let b = base.pairs, let o = overlay.pairs else { return overlay }
        var pairs = b
        for p in o {
            if let i = pairs.firstIndex(where: { $0.key.text == p.key.text }) {
                // A value replaced whole (not a map merged into a map) is the variant's: errors
                // about the key (an item with no value) point there too.
                let replaced = pairs[i].value.pairs == nil || p.value.pairs == nil
                pairs[i] = DocPair(key: pairs[i].key, keyLocation: replaced ? p.keyLocation : pairs[i].keyLocation,
                                   value: merge(pairs[i].value, p.value))
            } else {
                pairs.append(p)
            }
        }
        return DocNode(.mapping(pairs), at: base.location, inFlow: base.inFlow)
    }

    /// Sets the node at `path` (keys joined by `.`; a number indexes a list) to `value`.
    /// A missing last key is added; a missing key on the way is an error with a suggestion.
    public static func set(_ root: DocNode, path: [String], to value: DocNode) -> Result<DocNode, SetError> {
        guard let head = path.first else { return .success(value) }
        let rest = Array(path.dropFirst())
        switch root.content {
        case .mapping(var pairs):
            if let i = pairs.firstIndex(where: { $0.key.text == head }) {
                switch set(pairs[i].value, path: rest, to: value) {
                case .failure(var e): e.path.insert(head, at: 0); return .failure(e)
                case .success(let n): pairs[i].value = n
                }
                // The key's value set whole: errors about the key point at the `--set`.
                if rest.isEmpty { pairs[i].keyLocation = value.location }
            } else if rest.isEmpty {
                let key = DocScalar(text: head, style: .plain, lineStarts: [value.location])
                pairs.append(DocPair(key: key, keyLocation: value.location, value: value))
            } else {
                return .failure(SetError(path: [head], message: "no key '\(head)' here",
                                         suggestion: Suggest.nearest(head, in: pairs.map(\.key.text))))
            }
            return .success(DocNode(.mapping(pairs), at: root.location, inFlow: root.inFlow))
        case .sequence(var items):
            guard let i = Int(head), i >= 0, i < items.count else {
                return .failure(SetError(path: [head], message: "'\(head)' is not an index of this list (0 … \(items.count - 1))", suggestion: nil))
            }
            switch set(items[i], path: rest, to: value) {
            case .failure(var e): e.path.insert(head, at: 0); return .failure(e)
            case .success(let n): items[i] = n
            }
            return .success(DocNode(.sequence(items), at: root.location, inFlow: root.inFlow))
        case .null:
            // An empty mapping (`total:` with nothing) becomes one.
            let empty = DocNode(.mapping([]), at: root.location)
            return set(empty, path: path, to: value)
        case .scalar:
            return .failure(SetError(path: [head], message: "'\(head)' is inside a single value, not a mapping", suggestion: nil))
        }
    }

    public struct SetError: Error, Sendable {
        public var path: [String]
        public var message: String
        public var suggestion: String?
    }

    /// The node at `path`, if any.
    public static func node(_ root: DocNode, at path: [String]) -> DocNode? {
        var n = root
        for k in path {
            if let pairs = n.pairs, let v = pairs.first(where: { $0.key.text == k })?.value { n = v; continue }
            if let items = n.elements, let i = Int(k), i >= 0, i < items.count { n = items[i]; continue }
            return nil
        }
        return n
    }

    /// Every leaf that differs between two trees: (path, before, after) in document order.
    public static func differences(_ a: DocNode?, _ b: DocNode?) -> [(path: String, before: String?, after: String?)] {
        differencePaths(a, b).map { p in
            (p.joined(separator: "."), a.flatMap { node($0, at: p) }.map(text), b.flatMap { node($0, at: p) }.map(text))
        }
    }

    /// The paths of the leaves that differ between two trees, in document order (the keys
    /// kept apart, so that a key with a dot in it is one step).
    public static func differencePaths(_ a: DocNode?, _ b: DocNode?, path: [String] = []) -> [[String]] {
        switch (a?.content, b?.content) {
        case (.mapping(let x)?, .mapping(let y)?):
            // A mapping the variant kept as it was shares the base's storage (``set(_:path:to:)``
            // copies only the mappings on the way to the key it sets): nothing in it differs.
            // A sweep compares a thousand variants with the base.
            if sameStorage(x, y) { return [] }
            var out: [[String]] = []
            for p in y {
                out += differencePaths(x.first { $0.key.text == p.key.text }?.value, p.value, path: path + [p.key.text])
            }
            for p in x where !y.contains(where: { $0.key.text == p.key.text }) {
                out += differencePaths(p.value, nil, path: path + [p.key.text])
            }
            return out
        case (.sequence(let x)?, .sequence(let y)?) where sameStorage(x, y):
            return []
        case (.scalar(let x)?, .scalar(let y)?):
            // (A scalar's text is what ``text(_:)`` gives for it.)
            return x.text == y.text ? [] : [path]
        default:
            return a.map(text) == b.map(text) ? [] : [path]
        }
    }

    /// Whether two arrays are one storage (the same elements, without comparing them).
    static func sameStorage<T>(_ x: [T], _ y: [T]) -> Bool {
        x.count == y.count && x.withUnsafeBufferPointer { a in y.withUnsafeBufferPointer { b in a.baseAddress == b.baseAddress } }
    }

    /// A node as compact YAML flow text: `40`, `[[50%, 0], [100%, 10]]`, `{each: 2, max: 10}`.
    public static func text(_ n: DocNode) -> String {
        switch n.content {
        case .null: return "~"
        case .scalar(let s): return s.text
        case .sequence(let xs): return "[" + xs.map(text).joined(separator: ", ") + "]"
        case .mapping(let ps): return "{" + ps.map { "\($0.key.text): \(text($0.value))" }.joined(separator: ", ") + "}"
        }
    }
}
