import Kaohe

/// Renders a unit's explanation as a tree for the terminal (and, with `markdown`, as nested
/// Markdown lists): every number, its formula with the numbers put in, the rule's line, the
/// records counted and left out, and what it would take to score more.
public enum ExplanationText {
    public struct Options: Sendable {
        /// Only this item (nil: all).
        public var item: String?
        /// At most this many records listed per kind (counted, left out) per item.
        public var recordLimit: Int
        /// Lines longer than this many columns are cut with … (nil: never).
        public var maxWidth: Int?
        public var places: Int
        public init(item: String? = nil, recordLimit: Int = 50, maxWidth: Int? = nil, places: Int = 2) {
            self.item = item
            self.recordLimit = recordLimit
            self.maxWidth = maxWidth
            self.places = places
        }
    }

    /// A node of the printed tree.
    struct Node {
        var text: String
        var children: [Node] = []
    }

    public static func render(_ e: UnitExplanation, _ o: Options) -> String {
        var lines: [String] = []
        print(root(e, o), prefix: "", childPrefix: "", into: &lines)
        return lines.map { line in
            guard let w = o.maxWidth, displayWidth(line) > w else { return line }
            return truncated(line, toWidth: w)
        }.joined(separator: "\n") + "\n"
    }

    public static func markdown(_ e: UnitExplanation, _ o: Options) -> String {
        let r = root(e, o)
        var out = "## \(MarkdownTable.escape(r.text))\n\n"
        func walk(_ n: Node, _ depth: Int) {
            out += String(repeating: "  ", count: depth) + "- " + MarkdownTable.escape(n.text) + "\n"
            for c in n.children { walk(c, depth + 1) }
        }
        for c in r.children { walk(c, 0) }
        return out
    }

    static func print(_ n: Node, prefix: String, childPrefix: String, into lines: inout [String]) {
        lines.append(prefix + n.text)
        for (i, c) in n.children.enumerated() {
            let last = i == n.children.count - 1
            print(c, prefix: childPrefix + (last ? "└─ " : "├─ "), childPrefix: childPrefix + (last ? "   " : "│  "), into: &lines)
        }
    }

    static func at(_ loc: SourceLocation?) -> String {
        guard let loc else { return "" }
        return "  [\(loc.file):\(loc.line)]"
    }

    static func step(_ s: Step) -> Node {
        var text = s.formula ?? "\(s.label) \(ExplainFormat.value(s.value))"
        text += at(s.rule)
        var n = Node(text: text)
        n.children = s.notes.map { Node(text: $0) } + s.children.map(step)
        return n
    }

    static func record(_ r: RecordLine, counted: Bool) -> Node {
        var text = (counted ? "计入 " : "未计入 ") + r.key
        if let a = r.amount { text += "  \(ExplainFormat.value(a))" }
        if let s = r.share { text += "  份额 \(ExplainFormat.percent(s))" }
        if let why = r.reason { text += "：\(why)" }
        text += "  [\(r.file):\(r.line)]"
        return Node(text: text)
    }

    static func itemNode(_ x: ItemExplanation, _ o: Options) -> Node {
        var head = x.name
        if let s = x.score, case .number(let n) = s.value { head += "  得分 \(n.formatted(places: o.places))" } else { head += "  \(ExplainFormat.value(x.value.value))" }
        head += at(x.rule)
        var n = Node(text: head)
        var value = step(x.value)
        func list(_ rs: [RecordLine], counted: Bool, title: String) -> Node? {
            guard !rs.isEmpty else { return nil }
            var g = Node(text: "\(title)（\(rs.count) 条）")
            g.children = rs.prefix(o.recordLimit).map { record($0, counted: counted) }
            if rs.count > o.recordLimit { g.children.append(Node(text: "…… 另有 \(rs.count - o.recordLimit) 条")) }
            return g
        }
        value.children += [list(x.counted, counted: true, title: "计入的记录"),
                           list(x.leftOut, counted: false, title: "未计入的记录"),
                           list(x.afterAsOf, counted: false, title: "晚于截止日期、未计入的记录")].compactMap { $0 }
        if x.value.formula != nil || !value.children.isEmpty { n.children.append(value) }
        if let t = x.target { n.children.append(step(t)) }
        if let r = x.rate { n.children.append(step(r)) }
        if let s = x.score { n.children.append(step(s)) }
        for a in x.adjustments {
            n.children.append(Node(text: "调整 \(a.score.isNegative ? "" : "+")\(a.score.formatted(places: o.places))：\(a.reason)（\(a.approver)）"))
        }
        n.children += x.toTake.map { Node(text: "提示：\($0)") }
        return n
    }

    static func root(_ e: UnitExplanation, _ o: Options) -> Node {
        var head = e.unit
        let where_ = [e.group, e.team].compactMap { $0 }
        if !where_.isEmpty { head += "（\(where_.joined(separator: "，"))）" }
        if let total = e.totals.last, case .number(let n) = total.value { head += "  总分 \(n.formatted(places: o.places))" }
        if let r = e.rank { head += "  排名 \(ExplainFormat.value(r.value))" }
        if let g = e.grade, case .text(let t) = g.value { head += "  等次 \(t)" }
        var root = Node(text: head)
        if let only = o.item {
            root.children = e.items.filter { $0.name == only }.map { itemNode($0, o) }
            return root
        }
        for section in Item.Section.allCases {
            let xs = e.items.filter { $0.section == section }
            guard !xs.isEmpty else { continue }
            let title = ["indicator": "指标", "bonus": "加分项", "deduction": "扣分项", "veto": "一票否决"][section.rawValue] ?? section.rawValue
            root.children.append(Node(text: title, children: xs.map { itemNode($0, o) }))
        }
        var totals = Node(text: "总分")
        totals.children = e.totals.map(step) + e.vetoes.map(step)
        root.children.append(totals)
        if let r = e.rank { root.children.append(step(r)) }
        if var g = e.grade.map(step) {
            if let next = e.nextGrade { g.children.append(Node(text: "提示：\(next)")) }
            root.children.append(g)
        }
        if !e.deposits.isEmpty { root.children.append(Node(text: "风险抵押金", children: e.deposits.map(step))) }
        if !e.rewards.isEmpty { root.children.append(Node(text: "奖励", children: e.rewards.map(step))) }
        if !e.penalties.isEmpty { root.children.append(Node(text: "处罚", children: e.penalties.map(step))) }
        if !e.titles.isEmpty { root.children.append(Node(text: "称号", children: e.titles.map(step))) }
        return root
    }
}
