/// One lexical token of the expression language (SPEC §4).
public struct Token: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case number(Fixed)
        case string(String)
        case date(Day)
        case name(String)
        case keyword(Keyword)
        case symbol(Symbol)
        case end
    }

    public enum Keyword: String, Sendable, CaseIterable {
        case and, or, not, `in`, contains, none, `true`, `false`
    }

    public enum Symbol: String, Sendable {
        case eq = "==", ne = "!=", lt = "<", le = "<=", gt = ">", ge = ">="
        case plus = "+", minus = "-", star = "*", slash = "/"
        case lparen = "(", rparen = ")", lbracket = "[", rbracket = "]"
        case comma = ",", dot = ".", dotdot = ".."
    }

    public var kind: Kind
    /// Offsets in Unicode scalars within the expression text.
    public var range: Range<Int>
}
