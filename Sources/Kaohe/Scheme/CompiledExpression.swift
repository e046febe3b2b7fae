/// An expression that parsed and checked in its place: ready to evaluate.
public struct CompiledExpression: Sendable, Hashable, CustomStringConvertible {
    public let expression: Expression
    public let type: ValueType
    public let level: Level
    /// Items it reads (unit level), for dependency order.
    public let references: Set<String>

    public init(expression: Expression, type: ValueType, level: Level, references: Set<String>) {
        self.expression = expression
        self.type = type
        self.level = level
        self.references = references
    }

    public var description: String { expression.source.text }
    public var location: SourceLocation { expression.location }
}
