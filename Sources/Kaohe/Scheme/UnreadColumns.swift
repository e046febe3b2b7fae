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
        var out: [String: Set<String>] = [:]
        for spec in scheme.data.datasets where spec.kind == .regular && spec.name != scheme.deposits?.dataset {
            let named: Set<String?> = [spec.key, spec.unitColumn, spec.dateColumn]
            let unread = spec.columns.filter { c in
                c.type != .unit && !named.contains(c.name) && !text.contains(c.name)
            }.map(\.name)
            if !unread.isEmpty { out[spec.name] = Set(unread) }
        }
        return out
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
