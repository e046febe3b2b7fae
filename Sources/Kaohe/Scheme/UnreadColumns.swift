/// The columns of a scheme's datasets that nothing in the scheme reads.
///
/// `kaohe score` needs a record's columns only through the scheme's expressions and its
/// datasets' key, unit and date columns; a column named nowhere else (a project's name, its
/// industry, an amount only declared) is checked as it is read but not kept: on a province's
/// two million projects that spares the widest column of all, and 32 MB per amount. The test
/// is deliberately generous: a column counts as read when its name appears anywhere in the
/// scheme's YAML — in any value or key — other than as its own declaration, so an expression
/// that reads it can never be missed (at worst a column whose name is inside another word is
/// kept for nothing).
public enum UnreadColumns {
    /// - Parameter also: further words that may name columns (a variant's, a sweep's values).
    public static func find(_ scheme: Scheme, document: DocNode, also: [String] = []) -> [String: Set<String>] {
        let text = (words(document) + also).joined(separator: "\n")
        let bytes = Array(text.utf8)
        // A name found among the bytes is named (at worst a column is kept for nothing). One not
        // found is looked for as `String.contains` does, by canonical equivalence, which is slow
        // on Chinese text (a tenth of scoring the county sample, done for every column), unless
        // the text and the name are made only of characters that have no other spelling and are
        // each a character of their own (``isPlain(_:)``): then the bytes have said it all.
        let plainText = isPlain(text)
        func mentioned(_ name: String) -> Bool {
            if containsBytes(bytes, Array(name.utf8)) { return true }
            return !(plainText && isPlain(name)) && text.contains(name)
        }
        var out: [String: Set<String>] = [:]
        for spec in scheme.data.datasets where spec.kind == .regular && spec.name != scheme.deposits?.dataset {
            let named: Set<String?> = [spec.key, spec.unitColumn, spec.dateColumn]
            let unread = spec.columns.filter { c in
                c.type != .unit && !named.contains(c.name) && !mentioned(c.name)
            }.map(\.name)
            if !unread.isEmpty { out[spec.name] = Set(unread) }
        }
        return out
    }

    /// Whether every scalar of `s` is one that no other sequence of scalars is canonically
    /// equivalent to, that composes with nothing, and that is a grapheme of its own: ASCII
    /// but CR (CR LF is one grapheme), `×` `÷`, the punctuation of U+2010–U+2027 and
    /// U+2030–U+205E (`‰`, `※`), CJK symbols and punctuation (U+3000–U+3029, U+3030–U+303F:
    /// not the tone marks between, which combine), CJK ideographs (U+3400–U+4DBF,
    /// U+4E00–U+9FFF; not the compatibility ideographs, which decompose) and the full-width
    /// forms of ASCII and of `￠￡￢￣￤￥` (U+FF01–U+FF5E, U+FFE0–U+FFE6: compatibility forms
    /// only). For such texts a byte search gives what `String.contains` gives.
    static func isPlain(_ s: String) -> Bool {
        s.unicodeScalars.allSatisfy { c in
            switch c.value {
            case 0x0D: return false
            case 0x00...0x7F, 0xD7, 0xF7: return true
            case 0x2010...0x2027, 0x2030...0x205E: return true
            case 0x3000...0x3029, 0x3030...0x303F, 0x3400...0x4DBF, 0x4E00...0x9FFF: return true
            case 0xFF01...0xFF5E, 0xFFE0...0xFFE6: return true
            default: return false
            }
        }
    }

    /// Whether `needle` occurs in `haystack`, byte for byte.
    static func containsBytes(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard let first = needle.first else { return true }
        guard haystack.count >= needle.count else { return false }
        return haystack.withUnsafeBufferPointer { h in
            needle.withUnsafeBufferPointer { n in
                guard let hb = h.baseAddress, let nb = n.baseAddress else { return false }
                for i in 0...(h.count - n.count) where h[i] == first {
                    if memcmpBytes(hb + i, nb, n.count) { return true }
                }
                return false
            }
        }
    }

    /// Every scalar and key of a scheme's (or a variant's) document, but the keys of its
    /// datasets' `columns:` mappings.
    public static func words(_ document: DocNode) -> [String] {
        var words: [String] = []
        collect(document, declarations: false, into: &words)
        return words
    }

    /// Every scalar and key of `node`, but the keys of a dataset's `columns:` mapping
    /// (`declarations`: `node` is such a mapping).
    static func collect(_ node: DocNode, declarations: Bool, into words: inout [String]) {
        switch node.content {
        case .scalar(let s):
            words.append(s.text)
        case .mapping(let pairs):
            for p in pairs {
                if !declarations { words.append(p.key.text) }
                collect(p.value, declarations: !declarations && p.key.text == "columns", into: &words)
            }
        case .sequence(let items):
            for i in items { collect(i, declarations: false, into: &words) }
        case .null:
            break
        }
    }
}
