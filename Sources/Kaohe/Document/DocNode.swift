/// A YAML document as the scheme compiler reads it: mappings, sequences and scalars with
/// their positions, independent of the YAML library that produced it.
///
/// Keeping this neutral tree in the engine lets `Kaohe` stay free of I/O and third-party
/// imports, and lets variants (`whatif`) merge trees before they are compiled.
public struct DocNode: Sendable, Hashable {
    public enum Content: Sendable, Hashable {
        case scalar(DocScalar)
        case mapping([DocPair])
        case sequence([DocNode])
        /// An empty value (`key:` with nothing after it, `~`, `null`).
        case null
    }

    public var content: Content
    public var location: SourceLocation
    /// Written in flow style (`{…}` or `[…]`), or inside such a collection.
    public var inFlow: Bool

    public init(_ content: Content, at location: SourceLocation, inFlow: Bool = false) {
        self.content = content
        self.location = location
        self.inFlow = inFlow
    }

    public var scalar: DocScalar? { if case .scalar(let s) = content { return s } else { return nil } }
    public var pairs: [DocPair]? { if case .mapping(let p) = content { return p } else { return nil } }
    public var elements: [DocNode]? { if case .sequence(let e) = content { return e } else { return nil } }
    public var isNull: Bool { if case .null = content { return true } else { return false } }

    /// The value of `key` in a mapping.
    public subscript(key: String) -> DocNode? { pairs?.first { $0.key.text == key }?.value }

    /// What kind of node this is, for messages ("expected a mapping, found a list").
    public var kindName: String {
        switch content {
        case .scalar: return "a value"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .null: return "nothing"
        }
    }
}

/// A scalar: its text (always text: YAML 1.2 words like `on`, `yes` stay words) and how to
/// find each of its characters in the file.
public struct DocScalar: Sendable, Hashable {
    public enum Style: Sendable, Hashable { case plain, singleQuoted, doubleQuoted, literal, folded }

    public var text: String
    public var style: Style
    /// Where each line of the text starts in the file (see ``ExpressionSource``).
    public var lineStarts: [SourceLocation]

    public init(text: String, style: Style, lineStarts: [SourceLocation]) {
        self.text = text
        self.style = style
        self.lineStarts = lineStarts
    }

    public var isQuoted: Bool { style == .singleQuoted || style == .doubleQuoted }

    public var source: ExpressionSource { ExpressionSource(text: text, lineStarts: lineStarts) }
}

/// One `key: value` entry of a mapping.
public struct DocPair: Sendable, Hashable {
    public var key: DocScalar
    public var keyLocation: SourceLocation
    public var value: DocNode

    public init(key: DocScalar, keyLocation: SourceLocation, value: DocNode) {
        self.key = key
        self.keyLocation = keyLocation
        self.value = value
    }
}
