/// Recursive-descent parser for the grammar of SPEC §4 (plus `a .. b` periods).
///
/// ```
/// expr     := or
/// or       := and ('or' and)*
/// and      := not ('and' not)*
/// not      := 'not' not | compare
/// compare  := range (('=='|'!='|'<'|'<='|'>'|'>='|'in'|'not in'|'contains') range)?
/// range    := sum ('..' sum)?
/// sum      := product (('+'|'-') product)*
/// product  := unary (('*'|'/') unary)*
/// unary    := '-' unary | postfix
/// postfix  := primary ('.' name | '[' expr ']')*
/// primary  := number | string | date | 'none' | 'true' | 'false' | list | name
///           | name '(' args ')' | '(' expr ')'
/// ```
public struct Parser {
    var tokens: [Token]
    var p = 0

    public struct ParseError: Error, Sendable {
        public var message: String
        public var offset: Int
        public var hint: String?
    }

    /// Parses one expression; the error is positioned at the offending token.
    public static func parse(_ source: ExpressionSource) -> Result<Expression, ParseError> {
        switch Lexer.tokenize(source) {
        case .failure(let e):
            return .failure(ParseError(message: e.message, offset: e.offset, hint: e.hint))
        case .success(let tokens):
            var parser = Parser(tokens: tokens)
            do {
                if case .end = parser.tokens[0].kind {
                    throw ParseError(message: "empty expression", offset: 0)
                }
                let root = try parser.expr()
                guard case .end = parser.current.kind else {
                    throw parser.unexpected("end of expression")
                }
                return .success(Expression(source: source, root: root))
            } catch let e as ParseError {
                return .failure(e)
            } catch {
                return .failure(ParseError(message: "\(error)", offset: 0))
            }
        }
    }

    var current: Token { tokens[min(p, tokens.count - 1)] }

    func describe(_ t: Token) -> String {
        switch t.kind {
        case .number(let n): return "number \(n)"
        case .string(let s): return "text '\(s)'"
        case .date(let d): return "date \(d)"
        case .name(let n): return "name '\(n)'"
        case .keyword(let k): return "'\(k.rawValue)'"
        case .symbol(let s): return "'\(s.rawValue)'"
        case .end: return "end of expression"
        }
    }

    func unexpected(_ wanted: String) -> ParseError {
        ParseError(message: "expected \(wanted), found \(describe(current))", offset: current.range.lowerBound)
    }

    mutating func advance() -> Token { let t = current; if p < tokens.count - 1 { p += 1 }; return t }

    func isSymbol(_ s: Token.Symbol) -> Bool { current.kind == .symbol(s) }
    func isKeyword(_ k: Token.Keyword) -> Bool { current.kind == .keyword(k) }

    mutating func expect(_ s: Token.Symbol) throws -> Token {
        guard isSymbol(s) else { throw unexpected("'\(s.rawValue)'") }
        return advance()
    }

    mutating func expr() throws -> Expr { try orExpr() }

    mutating func orExpr() throws -> Expr {
        var left = try andExpr()
        while isKeyword(.or) {
            _ = advance()
            let right = try andExpr()
            left = Expr(.binary(.or, left, right), left.range.lowerBound..<right.range.upperBound)
        }
        return left
    }

    mutating func andExpr() throws -> Expr {
        var left = try notExpr()
        while isKeyword(.and) {
            _ = advance()
            let right = try notExpr()
            left = Expr(.binary(.and, left, right), left.range.lowerBound..<right.range.upperBound)
        }
        return left
    }

    mutating func notExpr() throws -> Expr {
        if isKeyword(.not) {
            let t = advance()
            let operand = try notExpr()
            return Expr(.unary(.not, operand), t.range.lowerBound..<operand.range.upperBound)
        }
        return try compare()
    }

    mutating func compare() throws -> Expr {
        let left = try rangeExpr()
        var op: Expr.BinaryOp?
        switch current.kind {
        case .symbol(.eq): op = .eq
        case .symbol(.ne): op = .ne
        case .symbol(.lt): op = .lt
        case .symbol(.le): op = .le
        case .symbol(.gt): op = .gt
        case .symbol(.ge): op = .ge
        case .keyword(.in): op = .in
        case .keyword(.contains): op = .contains
        case .keyword(.not):
            if p + 1 < tokens.count, tokens[p + 1].kind == .keyword(.in) { _ = advance(); op = .notIn }
        default: break
        }
        guard let op else { return left }
        _ = advance()
        let right = try rangeExpr()
        return Expr(.binary(op, left, right), left.range.lowerBound..<right.range.upperBound)
    }

    mutating func rangeExpr() throws -> Expr {
        let left = try sum()
        guard isSymbol(.dotdot) else { return left }
        _ = advance()
        let right = try sum()
        return Expr(.range(left, right), left.range.lowerBound..<right.range.upperBound)
    }

    mutating func sum() throws -> Expr {
        var left = try product()
        while isSymbol(.plus) || isSymbol(.minus) {
            let op: Expr.BinaryOp = isSymbol(.plus) ? .add : .sub
            _ = advance()
            let right = try product()
            left = Expr(.binary(op, left, right), left.range.lowerBound..<right.range.upperBound)
        }
        return left
    }

    mutating func product() throws -> Expr {
        var left = try unary()
        while isSymbol(.star) || isSymbol(.slash) {
            let op: Expr.BinaryOp = isSymbol(.star) ? .mul : .div
            _ = advance()
            let right = try unary()
            left = Expr(.binary(op, left, right), left.range.lowerBound..<right.range.upperBound)
        }
        return left
    }

    mutating func unary() throws -> Expr {
        if isSymbol(.minus) {
            let t = advance()
            let operand = try unary()
            // Fold a negative literal so that `-3` is a literal, as written.
            if case .literal(.number(let n)) = operand.kind {
                return Expr(.literal(.number(-n)), t.range.lowerBound..<operand.range.upperBound)
            }
            return Expr(.unary(.negate, operand), t.range.lowerBound..<operand.range.upperBound)
        }
        return try postfix()
    }

    mutating func postfix() throws -> Expr {
        var base = try primary()
        while true {
            if isSymbol(.dot) {
                _ = advance()
                let t = current
                let field: String
                switch t.kind {
                case .name(let n): field = n
                case .keyword(let k): field = k.rawValue
                default: throw unexpected("a field name after '.'")
                }
                _ = advance()
                base = Expr(.member(base, field), base.range.lowerBound..<t.range.upperBound)
            } else if isSymbol(.lbracket) {
                _ = advance()
                let key = try expr()
                let close = try expect(.rbracket)
                base = Expr(.index(base, key), base.range.lowerBound..<close.range.upperBound)
            } else {
                return base
            }
        }
    }

    mutating func primary() throws -> Expr {
        let t = current
        switch t.kind {
        case .number(let n): _ = advance(); return Expr(.literal(.number(n)), t.range)
        case .string(let s): _ = advance(); return Expr(.literal(.text(s)), t.range)
        case .date(let d): _ = advance(); return Expr(.literal(.date(d)), t.range)
        case .keyword(.none): _ = advance(); return Expr(.literal(.none), t.range)
        case .keyword(.true): _ = advance(); return Expr(.literal(.bool(true)), t.range)
        case .keyword(.false): _ = advance(); return Expr(.literal(.bool(false)), t.range)
        case .name(let n):
            _ = advance()
            if isSymbol(.lparen) {
                _ = advance()
                var args: [Expr] = []
                if !isSymbol(.rparen) {
                    args.append(try expr())
                    while isSymbol(.comma) { _ = advance(); args.append(try expr()) }
                }
                let close = try expect(.rparen)
                return Expr(.call(n, args), t.range.lowerBound..<close.range.upperBound)
            }
            return Expr(.name(n), t.range)
        case .symbol(.lparen):
            _ = advance()
            let inner = try expr()
            let close = try expect(.rparen)
            return Expr(inner.kind, t.range.lowerBound..<close.range.upperBound)
        case .symbol(.lbracket):
            _ = advance()
            var items: [Expr] = []
            if !isSymbol(.rbracket) {
                items.append(try expr())
                while isSymbol(.comma) { _ = advance(); items.append(try expr()) }
            }
            let close = try expect(.rbracket)
            return Expr(.list(items), t.range.lowerBound..<close.range.upperBound)
        default:
            throw unexpected("a value")
        }
    }
}
