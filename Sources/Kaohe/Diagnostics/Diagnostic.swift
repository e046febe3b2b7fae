/// One message about a user's input: an error, a warning or a note, with where it is.
public struct Diagnostic: Hashable, Sendable, Error, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable {
        case error, warning, note
    }

    public var severity: Severity
    public var location: SourceLocation?
    public var message: String
    /// An extra line printed under the message (`  hint: …`), e.g. a suggestion.
    public var hint: String?

    public init(_ severity: Severity, _ message: String, at location: SourceLocation?, hint: String? = nil) {
        self.severity = severity
        self.location = location
        self.message = message
        self.hint = hint
    }

    public static func error(_ message: String, at location: SourceLocation?, hint: String? = nil) -> Diagnostic {
        Diagnostic(.error, message, at: location, hint: hint)
    }

    public static func warning(_ message: String, at location: SourceLocation?, hint: String? = nil) -> Diagnostic {
        Diagnostic(.warning, message, at: location, hint: hint)
    }

    /// `FILE:LINE:COLUMN: error: MESSAGE`, and the hint on a line of its own.
    public var description: String {
        var text = ""
        if let location { text += "\(location): " }
        text += "\(severity.rawValue): \(message)"
        if let hint { text += "\n  hint: \(hint)" }
        return text
    }
}

/// The diagnostics of one run, gathered rather than thrown so that every error is reported.
public struct Diagnostics: Sendable, Error, CustomStringConvertible {
    public private(set) var items: [Diagnostic] = []

    public init(_ items: [Diagnostic] = []) { self.items = items }

    public var hasErrors: Bool { items.contains { $0.severity == .error } }
    public var errors: [Diagnostic] { items.filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { items.filter { $0.severity == .warning } }
    public var isEmpty: Bool { items.isEmpty }

    public mutating func append(_ d: Diagnostic) { items.append(d) }
    public mutating func append(contentsOf other: Diagnostics) { items.append(contentsOf: other.items) }
    public mutating func append(contentsOf other: [Diagnostic]) { items.append(contentsOf: other) }

    public mutating func error(_ message: String, at location: SourceLocation?, hint: String? = nil) {
        items.append(.error(message, at: location, hint: hint))
    }

    public mutating func warning(_ message: String, at location: SourceLocation?, hint: String? = nil) {
        items.append(.warning(message, at: location, hint: hint))
    }

    /// Sorted by position (diagnostics without one last), duplicates removed, stable otherwise.
    public var sorted: [Diagnostic] {
        var seen = Set<Diagnostic>()
        let unique = items.filter { seen.insert($0).inserted }
        return unique.enumerated().sorted { x, y in
            switch (x.element.location, y.element.location) {
            case let (a?, b?): return a == b ? x.offset < y.offset : a < b
            case (.some, .none): return true
            case (.none, .some): return false
            case (.none, .none): return x.offset < y.offset
            }
        }.map(\.element)
    }

    public var description: String { sorted.map(\.description).joined(separator: "\n") }
}
