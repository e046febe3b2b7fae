extension SchemeCompiler {
    static let itemKeys = ["from", "where", "count", "sum", "avg", "min", "max", "distinct", "value", "label", "target",
                           "points", "score", "cap", "floor", "note", "groups"]
    static let vetoKeys = itemKeys + ["effect", "when"]

    /// First pass: every item's structure, aggregates (record level) included; derived values,
    /// score formulas and veto conditions wait for ``compileItemExpressions``.
    mutating func compileItems(_ top: Fields) -> [Item] {
        var items: [Item] = []
        var seen: [String: (Item.Section, SourceLocation)] = [:]
        // Names first, so that record scopes can tell unit-level names apart.
        for section in Item.Section.allCases {
            guard let node = top[section.key], let pairs = node.pairs else { continue }
            for p in pairs where seen[p.key.text] == nil {
                itemInfos[p.key.text] = UnitScope.ItemInfo(type: .number, groups: nil)
            }
        }
        for section in Item.Section.allCases {
            guard let node = top[section.key] else {
                if section == .indicator { d.error("the scheme has no indicators", at: top.node.location) }
                continue
            }
            guard let pairs = node.pairs else {
                d.error("\(section.key) must be a mapping {item: {…}}", at: node.location)
                continue
            }
            for p in pairs {
                let name = p.key.text
                if let (prev, loc) = seen[name] {
                    d.error("item '\(name)' is defined twice (first under \(prev.key) at line \(loc.line))", at: p.keyLocation)
                    continue
                }
                seen[name] = (section, p.keyLocation)
                if UnitScope.unitNames[name] != nil || Token.Keyword(rawValue: name) != nil {
                    d.error("'\(name)' is a reserved name and cannot name an item", at: p.keyLocation)
                    continue
                }
                if let item = compileItemStructure(name, section, p) { items.append(item) }
            }
        }
        return items
    }

    mutating func compileItemStructure(_ name: String, _ section: Item.Section, _ p: DocPair) -> Item? {
        let what = "item \(name)"
        guard let f = Fields(p.value, known: section == .veto ? SchemeCompiler.vetoKeys : SchemeCompiler.itemKeys, what: what, &d) else { return nil }
        var item = Item(name: name, section: section, label: nil, note: nil, source: .rated, target: .lookup,
                        points: nil, score: nil, cap: nil, floor: nil, groups: nil, veto: nil,
                        location: p.keyLocation, valueType: .number)
        item.label = f["label"].flatMap { text($0, "\(what).label") }
        item.note = f["note"].flatMap { text($0, "\(what).note") }
        item.points = f["points"].flatMap { number($0, "\(what).points") }
        item.cap = f["cap"].flatMap { number($0, "\(what).cap") }
        item.floor = f["floor"].flatMap { number($0, "\(what).floor") }
        if let t = f["target"], let v = number(t, "\(what).target") { item.target = .literal(v, t.location) }
        if let g = f["groups"], let names = textList(g, "\(what).groups") {
            for (i, n) in names.enumerated() where !groupNames.contains(n) {
                let loc = g.elements.map { i < $0.count ? $0[i].location : g.location } ?? g.location
                d.error("\(what): group '\(n)' is not declared under groups", at: loc,
                        hint: Suggest.nearest(n, in: groupNames).map { "did you mean '\($0)'?" })
            }
            item.groups = names
            itemInfos[name]?.groups = names
        }
        if section == .veto {
            var effect = Item.Veto.Effect.fail
            if let e = f["effect"], let v = choice(e, "\(what).effect", Item.Veto.Effect.self, ["fail", "zero"]) { effect = v }
            item.veto = Item.Veto(effect: effect, when: nil)
        }
        // How the value is got: exactly one way.
        let kinds = Aggregate.Kind.allCases.filter { f.has($0.rawValue) }
        let isRated = f["score"]?.scalar?.text == "rated"
        if f.has("from") {
            if f.has("value") {
                d.error("\(what) has both from: and value:; an item gets its value one way", at: f.keyLocation("value") ?? p.keyLocation)
            }
            guard let from = f["from"], let ds = text(from, "\(what).from") else { return nil }
            guard let scope = itemRecordScope(ds) else {
                d.error("\(what): unknown dataset '\(ds)' in from", at: from.location,
                        hint: Suggest.nearest(ds, in: datasets.map(\.name)).map { "did you mean '\($0)'?" }
                            ?? "declare it under data:")
                return nil
            }
            if kinds.count != 1 {
                d.error(kinds.isEmpty ? "\(what) has from: but no count/sum/avg/min/max/distinct"
                        : "\(what) has \(kinds.map(\.rawValue).joined(separator: " and ")); an aggregate takes exactly one",
                        at: p.keyLocation)
                return nil
            }
            let kind = kinds[0]
            var filter: CompiledExpression?
            if let w = f["where"] { filter = expression(w, scope, expect: .bool, what: "\(what).where") }
            var expr: CompiledExpression?
            if kind == .count {
                if let c = f["count"], let b = bool(c, "\(what).count"), !b {
                    d.error("\(what).count must be true", at: c.location)
                }
            } else if let node = f[kind.rawValue] {
                expr = expression(node, scope, expect: kind == .distinct ? nil : nil, what: "\(what).\(kind.rawValue)")
                if let e = expr {
                    switch kind {
                    case .sum, .avg:
                        if !e.type.fits(.number) {
                            d.error("\(what).\(kind.rawValue) must be a number, found \(e.type)", at: e.location,
                                    hint: "only number and money columns can be summed; use count: true to count records")
                        }
                    case .min, .max:
                        // (SPEC §5: in max/min, true is greater than false.)
                        if !(e.type.fits(.number) || e.type == .date || e.type == .bool) {
                            d.error("\(what).\(kind.rawValue) must be a number, a date or true/false, found \(e.type)", at: e.location)
                        } else if e.type == .date || e.type == .bool {
                            item.valueType = e.type
                            itemInfos[name]?.type = e.type
                        }
                    default: break
                    }
                }
            }
            item.source = .aggregate(Aggregate(dataset: ds, filter: filter, kind: kind, expression: expr))
        } else if let w = f["where"] {
            d.error("\(what) has where: but no from:", at: f.keyLocation("where") ?? w.location)
        } else if let k = kinds.first {
            d.error("\(what) has \(k.rawValue): but no from: DATASET", at: f.keyLocation(k.rawValue) ?? p.keyLocation)
        } else if f.has("value") {
            itemInfos[name]?.type = .any   // known once its expression is checked
        } else if !isRated {
            d.error("\(what) has no value: give from: with count/sum/…, or value:, or score: rated", at: p.keyLocation)
            return nil
        }
        if let s = f["score"] { item.score = scoreStructure(s, item: item, what: what) }
        if item.score == nil, item.points != nil, section == .indicator {
            // Points with no score form: shown, scores nothing (SPEC: absent score).
        }
        return item
    }

    /// The score forms whose structure does not need other items (all but formulas).
    mutating func scoreStructure(_ node: DocNode, item: Item, what: String) -> ScoreRule? {
        if let s = node.scalar {
            switch s.text {
            case "proportional": return .proportional
            case "rated": return .rated
            default: return nil   // a formula: compiled in the second pass
            }
        }
        guard let pairs = node.pairs, let first = pairs.first else {
            d.error("\(what).score must be proportional, rated, a form {steps|linear|each|by_rank|relative: …} or a formula", at: node.location)
            return nil
        }
        let forms = ["steps", "linear", "each", "by_rank", "relative"]
        let formKey = pairs.first { forms.contains($0.key.text) }?.key.text
        guard let formKey else {
            d.error("\(what).score: '\(first.key.text)' is not a score form", at: first.keyLocation,
                    hint: Suggest.nearest(first.key.text, in: forms).map { "did you mean '\($0)'?" } ?? "forms: \(forms.joined(separator: ", "))")
            return nil
        }
        let known: [String]
        switch formKey {
        case "each": known = ["each", "max", "on"]
        case "by_rank": known = ["by_rank", "else"]
        default: known = [formKey, "on"]
        }
        guard let f = Fields(node, known: known, what: "\(what).score", &d) else { return nil }
        let defaultOn: ScoreBasis = (formKey == "each" || formKey == "relative") ? .value : .rate
        var on = defaultOn
        if let o = f["on"] {
            guard let v = choice(o, "\(what).score.on", ScoreBasis.self, ["rate", "value"]) else { return nil }
            on = v
        }
        guard let body = f[formKey] else { return nil }
        switch formKey {
        case "steps":
            guard let rows = pairsOfNumbers(body, "\(what).score.steps") else { return nil }
            if rows.isEmpty { d.error("\(what).score.steps is empty", at: body.location); return nil }
            let increasing = rows.count < 2 || rows[1].0 > rows[0].0
            for i in 1..<max(1, rows.count) where i < rows.count {
                let ok = increasing ? rows[i].0 > rows[i - 1].0 : rows[i].0 < rows[i - 1].0
                if !ok {
                    d.error("\(what).score.steps: thresholds must be strictly increasing or strictly decreasing (\(rows[i].0) after \(rows[i - 1].0))",
                            at: rows[i].2)
                    return nil
                }
            }
            return .steps(rows.map { ($0.0, $0.1) }, on: on)
        case "linear":
            guard let rows = pairsOfNumbers(body, "\(what).score.linear") else { return nil }
            guard rows.count == 2 else {
                d.error("\(what).score.linear takes two points [[x₀, y₀], [x₁, y₁]]", at: body.location)
                return nil
            }
            if rows[0].0 == rows[1].0 {
                d.error("\(what).score.linear: the two points need different x", at: rows[1].2)
                return nil
            }
            return .linear(x0: rows[0].0, y0: rows[0].1, x1: rows[1].0, y1: rows[1].1, on: on)
        case "each":
            guard let e = number(body, "\(what).score.each") else { return nil }
            let m = f["max"].flatMap { number($0, "\(what).score.max") }
            return .each(e, max: m, on: on)
        case "by_rank":
            guard let entries = body.pairs else {
                d.error("\(what).score.by_rank must be a mapping {rank: points}", at: body.location)
                return nil
            }
            var table: [Int: Fixed] = [:]
            for e in entries {
                guard let r = Int(e.key.text), r >= 1 else {
                    d.error("\(what).score.by_rank: '\(e.key.text)' is not a rank (1, 2, 3 …)", at: e.keyLocation)
                    continue
                }
                if let v = number(e.value, "\(what).score.by_rank[\(r)]") { table[r] = v }
            }
            let otherwise = f["else"].flatMap { number($0, "\(what).score.else") } ?? .zero
            return .byRank(table, otherwise: otherwise)
        case "relative":
            guard let xs = body.elements, xs.count == 2,
                  let lo = number(xs[0], "\(what).score.relative"), let hi = number(xs[1], "\(what).score.relative") else {
                d.error("\(what).score.relative takes [lo, hi], e.g. [60%, 100%]", at: body.location)
                return nil
            }
            if item.points == nil { d.error("\(what): score relative needs points", at: item.location) }
            return .relative(lo: lo, hi: hi, on: on)
        default:
            return nil
        }
    }

    mutating func pairsOfNumbers(_ node: DocNode, _ what: String) -> [(Fixed, Fixed, SourceLocation)]? {
        guard let rows = node.elements else {
            d.error("\(what) must be a list of [x, y] pairs", at: node.location)
            return nil
        }
        var out: [(Fixed, Fixed, SourceLocation)] = []
        for r in rows {
            guard let cells = r.elements, cells.count == 2 else {
                d.error("\(what): each row must be [x, y]", at: r.location)
                return nil
            }
            guard let a = number(cells[0], what), let b = number(cells[1], what) else { return nil }
            out.append((a, b, cells[0].location))
        }
        return out
    }

    // MARK: Order and second pass

    /// The item names each item's unit-level expressions mention (syntactically).
    func mentionedItems(_ item: Item, _ top: [String: Fields]) -> [(String, SourceLocation)] {
        var out: [(String, SourceLocation)] = []
        guard let f = top[item.name] else { return out }
        for key in ["value", "score", "when"] {
            guard let node = f[key], let s = node.scalar, key != "score" || item.score == nil else { continue }
            guard case .success(let e) = Parser.parse(s.source) else { continue }
            e.root.walk { x in
                var n: String?
                if case .name(let m) = x.kind { n = m }
                if case .member(let b, _) = x.kind { n = b.nameValue }
                if let n, itemInfos[n] != nil, !(key != "value" && n == item.name),
                   !out.contains(where: { $0.0 == n }) {
                    out.append((n, e.location(of: x)))
                }
            }
        }
        return out
    }

    /// Orders items so each comes after those it reads; reports every cycle by name.
    mutating func orderItems(_ items: inout [Item]) -> [String] {
        rawItemFields = [:]
        for item in items {
            if let node = rawSection(item.section)?.first(where: { $0.key.text == item.name })?.value,
               let f = Fields(node, known: SchemeCompiler.vetoKeys, what: "", &scratch) {
                rawItemFields[item.name] = f
            }
        }
        var edges: [String: [(String, SourceLocation)]] = [:]
        for item in items { edges[item.name] = mentionedItems(item, rawItemFields) }
        var state: [String: Int] = [:]   // 1 visiting, 2 done
        var order: [String] = []
        var stack: [String] = []
        var reported = Set<String>()
        func visit(_ n: String) {
            if state[n] == 2 { return }
            if state[n] == 1 {
                guard let start = stack.firstIndex(of: n) else { return }
                let cycle = Array(stack[start...]) + [n]
                let key = Set(cycle)
                if reported.isDisjoint(with: key) {
                    reported.formUnion(key)
                    let loc = items.first { $0.name == n }?.location
                    d.error("items refer to each other in a cycle: \(cycle.joined(separator: " → "))", at: loc)
                }
                return
            }
            state[n] = 1
            stack.append(n)
            for (m, _) in edges[n] ?? [] { visit(m) }
            stack.removeLast()
            state[n] = 2
            order.append(n)
        }
        for item in items { visit(item.name) }
        return order
    }

    /// Second pass, in dependency order: derived values, score formulas and veto conditions.
    mutating func compileItemExpressions(_ items: inout [Item], order: [String]) {
        for name in order {
            guard let idx = items.firstIndex(where: { $0.name == name }), let f = rawItemFields[name] else { continue }
            var item = items[idx]
            let what = "item \(name)"
            if let v = f["value"], !f.has("from") {
                if let e = expression(v, unitScope(.items), what: "\(what).value") {
                    item.source = .derived(e)
                    item.valueType = e.type
                    itemInfos[name]?.type = e.type
                } else {
                    itemInfos[name]?.type = .any
                }
            }
            if item.score == nil, let s = f["score"], let scalar = s.scalar, scalar.text != "rated", scalar.text != "proportional" {
                var scope = unitScope(.items, extra: ["value": item.valueType, "target": .number, "rate": .number, "points": .number])
                scope.phase = .items
                // A lone word that names nothing but is close to a score form is a misspelt form
                // (`proprtional`), not a formula with an unknown name.
                let word = scalar.text.trimmingSpaces
                if !word.isEmpty, word.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }),
                   let form = Suggest.nearest(word, in: ["proportional", "rated"]),
                   case .unknown = scope.resolve(word), scope.table(word) == nil {
                    d.error("\(what).score: '\(word)' is not a score form", at: s.location,
                            hint: "did you mean '\(form)'?")
                } else if let e = expression(s, scope, what: "\(what).score") {
                    if !e.type.fits(.number) {
                        d.error("\(what).score must give a number, found \(e.type)", at: e.location)
                    } else {
                        item.score = .formula(e)
                    }
                }
            }
            if case .rated = item.score, case .rated = item.source {} else if case .rated = item.score {
                d.error("\(what): a rated item has no value; remove from:/value:", at: item.location)
            }
            if item.section == .veto, let w = f["when"] {
                item.veto?.when = expression(w, unitScope(.items), expect: .bool, what: "\(what).when")
            }
            if case .proportional = item.score, item.points == nil {
                d.error("\(what): score proportional needs points", at: item.location)
            }
            if item.section == .indicator || item.section == .veto, let sc = item.score, case .proportional = sc {
                if !item.valueType.fits(.number) { d.error("\(what): a proportional score needs a number value, found \(item.valueType)", at: item.location) }
            }
            items[idx] = item
        }
    }
}

