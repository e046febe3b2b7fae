/// Reads one YAML mapping of the scheme: known keys are taken one by one; any other key is
/// reported at once, with the nearest known key suggested.
struct Fields {
    let node: DocNode
    let pairs: [DocPair]

    /// nil (and an error) when `node` is not a mapping.
    init?(_ node: DocNode, known: [String], what: String, _ d: inout Diagnostics) {
        guard let pairs = node.pairs else {
            if node.isNull { self.node = node; self.pairs = []; return }
            d.error("\(what) must be a mapping (key: value), found \(node.kindName)", at: node.location)
            return nil
        }
        self.node = node
        self.pairs = pairs
        for p in pairs where !known.contains(p.key.text) {
            let fragment = p.key.text.contains { "()[]'\"".contains($0) }
            let hint = node.inFlow && fragment
                ? "this looks like part of an expression cut at a comma: inside a flow mapping {…} an expression with , [ ] { } must be quoted or written in block style"
                : Suggest.nearest(p.key.text, in: known).map { "did you mean '\($0)'?" }
                    ?? "known keys here: \(known.joined(separator: ", "))"
            d.error("unknown key '\(p.key.text)' in \(what)", at: p.keyLocation, hint: hint)
        }
    }

    subscript(_ key: String) -> DocNode? {
        guard let v = pairs.first(where: { $0.key.text == key })?.value, !v.isNull else { return nil }
        return v
    }

    func keyLocation(_ key: String) -> SourceLocation? { pairs.first { $0.key.text == key }?.keyLocation }

    func has(_ key: String) -> Bool { self[key] != nil }
}
