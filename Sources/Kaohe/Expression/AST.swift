/// A parsed expression: a tree of nodes, each with its range in the expression text.
public struct Expr: Sendable, Hashable {
    public enum UnaryOp: String, Sendable { case negate = "-", not = "not" }

    public enum BinaryOp: String, Sendable {
        case or, and
        case eq = "==", ne = "!=", lt = "<", le = "<=", gt = ">", ge = ">="
        case `in` = "in", notIn = "not in", contains
        case add = "+", sub = "-", mul = "*", div = "/"

        public var isComparison: Bool {
            switch self {
            case .eq, .ne, .lt, .le, .gt, .ge, .in, .notIn, .contains: return true
            default: return false
            }
        }
    }

    public indirect enum Kind: Sendable, Hashable {
        case literal(Value)
        case list([Expr])
        case name(String)
        /// `base.field`: `省外到位资金.rate`, `unit.乡镇类型`.
        case member(Expr, String)
        /// `T[key]`.
        case index(Expr, Expr)
        case call(String, [Expr])
        case unary(UnaryOp, Expr)
        case binary(BinaryOp, Expr, Expr)
        /// `a .. b`, a period.
        case range(Expr, Expr)
    }

    public var kind: Kind
    public var range: Range<Int>

    public init(_ kind: Kind, _ range: Range<Int>) {
        self.kind = kind
        self.range = range
    }

    /// Every sub-expression, depth first (self included).
    public func walk(_ visit: (Expr) -> Void) {
        visit(self)
        switch kind {
        case .literal, .name: break
        case .list(let xs): xs.forEach { $0.walk(visit) }
        case .member(let b, _): b.walk(visit)
        case .index(let a, let b), .binary(_, let a, let b), .range(let a, let b):
            a.walk(visit); b.walk(visit)
        case .call(_, let args): args.forEach { $0.walk(visit) }
        case .unary(_, let a): a.walk(visit)
        }
    }

    /// When the node is a plain name, that name.
    public var nameValue: String? { if case .name(let n) = kind { return n } else { return nil } }
}

/// A parsed expression together with its source text, ready to check and evaluate.
public struct Expression: Sendable, Hashable, CustomStringConvertible {
    public let source: ExpressionSource
    public let root: Expr

    public init(source: ExpressionSource, root: Expr) {
        self.source = source
        self.root = root
    }

    /// The text as the user wrote it.
    public var description: String { source.text }

    /// The text of a sub-expression as the user wrote it.
    public func text(of e: Expr) -> String { source.slice(e.range) }

    public func location(of e: Expr) -> SourceLocation { source.location(at: e.range.lowerBound) }

    /// The file position of the expression's start.
    public var location: SourceLocation { source.location(at: 0) }
}
