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
        /// The language of the tree's own words (headings, "counted", "hint"); the engine
        /// wrote the steps' words in the tracer's language.
        public var lang: Language
        public init(item: String? = nil, recordLimit: Int = 50, maxWidth: Int? = nil, places: Int = 2, lang: Language = .zh) {
            self.item = item
            self.recordLimit = recordLimit
            self.maxWidth = maxWidth
            self.places = places
            self.lang = lang
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

    static func step(_ s: Step, _ lang: Language) -> Node {
        var text = s.formula ?? "\(s.label) \(ExplainFormat.value(s.value, lang))"
        text += at(s.rule)
        var n = Node(text: text)
        n.children = s.notes.map { Node(text: $0) } + s.children.map { step($0, lang) }
        return n
    }

    static func record(_ r: RecordLine, counted: Bool, _ lang: Language) -> Node {
        var text = (counted ? lang.pick("计入 ", "counted ") : lang.pick("未计入 ", "left out ")) + r.key
        if let a = r.amount { text += "  \(ExplainFormat.value(a, lang))" }
        if let s = r.share { text += lang.pick("  份额 ", "  share ") + ExplainFormat.percent(s) }
        if let why = r.reason { text += lang.pick("：", ": ") + why }
        text += "  [\(r.file):\(r.line)]"
        return Node(text: text)
    }

    /// "提示：" ("Hint: "), before what it would take.
    static func hint(_ lang: Language) -> String { lang.pick("提示：", "Hint: ") }

    static func itemNode(_ x: ItemExplanation, _ o: Options) -> Node {
        let lang = o.lang
        var head = x.name
        if let s = x.score, case .number(let n) = s.value {
            head += lang.pick("  得分 ", "  score ") + n.formatted(places: o.places)
        } else {
            head += "  \(ExplainFormat.value(x.value.value, lang))"
        }
        head += at(x.rule)
        var n = Node(text: head)
        var value = step(x.value, lang)
        func list(_ rs: [RecordLine], counted: Bool, title: String) -> Node? {
            guard !rs.isEmpty else { return nil }
            var g = Node(text: title + lang.pick("（\(rs.count) 条）", " (\(rs.count))"))
            g.children = rs.prefix(o.recordLimit).map { record($0, counted: counted, lang) }
            if rs.count > o.recordLimit {
                g.children.append(Node(text: lang.pick("…… 另有 \(rs.count - o.recordLimit) 条", "… and \(rs.count - o.recordLimit) more")))
            }
            return g
        }
        value.children += [list(x.counted, counted: true, title: lang.pick("计入的记录", "Records counted")),
                           list(x.leftOut, counted: false, title: lang.pick("未计入的记录", "Records left out")),
                           list(x.afterAsOf, counted: false, title: lang.pick("晚于截止日期、未计入的记录", "Records after the cut-off date, left out"))]
            .compactMap { $0 }
        if x.value.formula != nil || !value.children.isEmpty { n.children.append(value) }
        if let t = x.target { n.children.append(step(t, lang)) }
        if let r = x.rate { n.children.append(step(r, lang)) }
        if let s = x.score { n.children.append(step(s, lang)) }
        for a in x.adjustments {
            let score = "\(a.score.isNegative ? "" : "+")\(a.score.formatted(places: o.places))"
            n.children.append(Node(text: lang.pick("调整 \(score)：\(a.reason)（\(a.approver)）", "adjustment \(score): \(a.reason) (\(a.approver))")))
        }
        n.children += x.toTake.map { Node(text: hint(lang) + $0) }
        return n
    }

    static func root(_ e: UnitExplanation, _ o: Options) -> Node {
        let lang = o.lang
        var head = e.unit
        let where_ = [e.group, e.team].compactMap { $0 }
        if !where_.isEmpty { head += lang.pick("（\(where_.joined(separator: "，"))）", " (\(where_.joined(separator: ", ")))") }
        if let total = e.totals.last, case .number(let n) = total.value { head += lang.pick("  总分 ", "  total ") + n.formatted(places: o.places) }
        if let r = e.rank { head += lang.pick("  排名 ", "  rank ") + ExplainFormat.value(r.value, lang) }
        if let g = e.grade, case .text(let t) = g.value { head += lang.pick("  等次 ", "  grade ") + t }
        var root = Node(text: head)
        if let only = o.item {
            root.children = e.items.filter { $0.name == only }.map { itemNode($0, o) }
            return root
        }
        for section in Item.Section.allCases {
            let xs = e.items.filter { $0.section == section }
            guard !xs.isEmpty else { continue }
            let title: String
            switch section {
            case .indicator: title = lang.pick("指标", "Indicators")
            case .bonus: title = lang.pick("加分项", "Bonuses")
            case .deduction: title = lang.pick("扣分项", "Deductions")
            case .veto: title = lang.pick("一票否决", "Vetoes")
            }
            root.children.append(Node(text: title, children: xs.map { itemNode($0, o) }))
        }
        var totals = Node(text: lang.pick("总分", "Totals"))
        totals.children = (e.totals + e.vetoes).map { step($0, lang) }
        root.children.append(totals)
        if let r = e.rank { root.children.append(step(r, lang)) }
        if var g = e.grade.map({ step($0, lang) }) {
            if let next = e.nextGrade { g.children.append(Node(text: hint(lang) + next)) }
            root.children.append(g)
        }
        func section(_ zh: String, _ en: String, _ steps: [Step]) {
            if !steps.isEmpty { root.children.append(Node(text: lang.pick(zh, en), children: steps.map { step($0, lang) })) }
        }
        section("风险抵押金", "Risk deposits", e.deposits)
        section("奖励", "Rewards", e.rewards)
        section("处罚", "Penalties", e.penalties)
        section("称号", "Titles", e.titles)
        return root
    }
}
