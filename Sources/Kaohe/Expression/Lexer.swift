/// Splits an expression into tokens.
///
/// Beyond the ASCII spelling of SPEC §4 it accepts what Chinese input methods type: full-width
/// `（ ） ， ［ ］`, `≥ ≤ ≠ × ÷`, the ideographic space, and “…” ‘…’ quotes. A name that is not
/// an identifier (`到位资金（省外）`) can be written in backquotes.
public struct Lexer {
    let source: ExpressionSource
    var s: [Unicode.Scalar] { source.scalars }
    var i = 0

    public init(_ source: ExpressionSource) { self.source = source }

    public struct LexError: Error, Sendable {
        public var message: String
        public var offset: Int
        public var hint: String?
    }

    public static func tokenize(_ source: ExpressionSource) -> Result<[Token], LexError> {
        var lexer = Lexer(source)
        var tokens: [Token] = []
        do {
            while true {
                let t = try lexer.next()
                tokens.append(t)
                if t.kind == .end { break }
            }
        } catch let e as LexError {
            return .failure(e)
        } catch {
            return .failure(LexError(message: "\(error)", offset: lexer.i))
        }
        return .success(tokens)
    }

    static func isSpace(_ c: Unicode.Scalar) -> Bool {
        c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{3000}"
    }

    static func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 48 && c.value <= 57 }

    static func isNameStart(_ c: Unicode.Scalar) -> Bool {
        if c == "_" { return true }
        if c.value < 128 { return (c.value >= 65 && c.value <= 90) || (c.value >= 97 && c.value <= 122) }
        return c.properties.isAlphabetic || c.properties.generalCategory == .otherLetter
    }

    static func isNameContinue(_ c: Unicode.Scalar) -> Bool {
        isNameStart(c) || isDigit(c) || c.properties.generalCategory == .decimalNumber
    }

    func peek(_ k: Int = 0) -> Unicode.Scalar? { i + k < s.count ? s[i + k] : nil }

    mutating func next() throws -> Token {
        while let c = peek(), Lexer.isSpace(c) { i += 1 }
        let start = i
        guard let c = peek() else { return Token(kind: .end, range: i..<i) }
        if Lexer.isDigit(c) { return try number(start) }
        if c == "'" || c == "\"" || c == "“" || c == "‘" { return try string(start) }
        if c == "`" {
            i += 1
            var name = ""
            while let d = peek(), d != "`" { name.unicodeScalars.append(d); i += 1 }
            guard peek() == "`" else {
                throw LexError(message: "unclosed backquoted name", offset: start)
            }
            i += 1
            return Token(kind: .name(name), range: start..<i)
        }
        if Lexer.isNameStart(c) {
            var name = ""
            while let d = peek(), Lexer.isNameContinue(d) { name.unicodeScalars.append(d); i += 1 }
            if let k = Token.Keyword(rawValue: name) { return Token(kind: .keyword(k), range: start..<i) }
            return Token(kind: .name(name), range: start..<i)
        }
        i += 1
        func sym(_ s: Token.Symbol) -> Token { Token(kind: .symbol(s), range: start..<i) }
        switch c {
        case "=":
            if peek() == "=" { i += 1; return sym(.eq) }
            throw LexError(message: "'=' is not an operator", offset: start, hint: "compare with '=='")
        case "!":
            if peek() == "=" { i += 1; return sym(.ne) }
            throw LexError(message: "'!' is not an operator", offset: start, hint: "use 'not' or '!='")
        case "<": if peek() == "=" { i += 1; return sym(.le) }; return sym(.lt)
        case ">": if peek() == "=" { i += 1; return sym(.ge) }; return sym(.gt)
        case "≤": return sym(.le)
        case "≥": return sym(.ge)
        case "≠": return sym(.ne)
        case "+": return sym(.plus)
        case "-", "−": return sym(.minus)
        case "*", "×": return sym(.star)
        case "/", "÷": return sym(.slash)
        case "(", "（": return sym(.lparen)
        case ")", "）": return sym(.rparen)
        case "[", "［": return sym(.lbracket)
        case "]", "］": return sym(.rbracket)
        case ",", "，": return sym(.comma)
        case ".":
            if peek() == "." { i += 1; return sym(.dotdot) }
            return sym(.dot)
        default:
            throw LexError(message: "unexpected character '\(c)'", offset: start)
        }
    }

    mutating func digits() -> String {
        var t = ""
        while let d = peek(), Lexer.isDigit(d) { t.unicodeScalars.append(d); i += 1 }
        return t
    }

    mutating func number(_ start: Int) throws -> Token {
        // A date literal: YYYY-M(M)-D(D).
        if let d = tryDate(start) { return d }
        var text = digits()
        if peek() == ".", let n = peek(1), Lexer.isDigit(n) {
            i += 1
            text += "." + digits()
        }
        let suffixStart = i
        var suffix = ""
        if let c = peek(), c == "%" || c == "‰" || c == "万" || c == "亿" {
            suffix.unicodeScalars.append(c); i += 1
        }
        if peek() == "元", !(suffix == "%" || suffix == "‰") { suffix += "元"; i += 1 }
        if let c = peek(), Lexer.isNameContinue(c) || c == "%" || c == "‰" {
            var bad = suffix
            while let d = peek(), Lexer.isNameContinue(d) || d == "%" || d == "‰" { bad.unicodeScalars.append(d); i += 1 }
            throw LexError(message: "unknown number suffix '\(bad)'", offset: suffixStart,
                           hint: "a number may end in %, ‰, 万 or 亿, optionally followed by 元")
        }
        guard let v = Fixed(parsing: text + suffix) else {
            throw LexError(message: "number '\(text + suffix)' is out of range", offset: start)
        }
        return Token(kind: .number(v), range: start..<i)
    }

    mutating func tryDate(_ start: Int) -> Token? {
        var j = start
        func run() -> Int { var n = 0; while j < s.count, Lexer.isDigit(s[j]) { n += 1; j += 1 }; return n }
        guard run() == 4, j < s.count, s[j] == "-" else { return nil }
        j += 1
        let m = run()
        guard (1...2).contains(m), j < s.count, s[j] == "-" else { return nil }
        j += 1
        let d = run()
        guard (1...2).contains(d) else { return nil }
        let text = source.slice(start..<j)
        guard let day = Day(parsing: text, dataSpellings: false) else { return nil }
        i = j
        return Token(kind: .date(day), range: start..<j)
    }

    mutating func string(_ start: Int) throws -> Token {
        let open = s[i]
        let close: Unicode.Scalar = open == "“" ? "”" : open == "‘" ? "’" : open
        i += 1
        var text = ""
        while let c = peek() {
            if c == close { i += 1; return Token(kind: .string(text), range: start..<i) }
            if c == "\n" { break }
            text.unicodeScalars.append(c); i += 1
        }
        throw LexError(message: "unclosed string", offset: start, hint: "end the text with \(close)")
    }
}
