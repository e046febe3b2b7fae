import Kaohe

/// The sweep's JSON (see ``SweepReport/json(_:)`` for its layout) written as bytes: a province
/// sweep has a thousand points of twenty thousand units, far too much to build as `String`s.
/// Each point and each tipping point is its own chunk, written in parallel, put in order.
enum SweepJSON {
    static func chunks(_ s: SweepResult) -> [JSONChunk] {
        let (count, render) = pieces(s)
        return parallelMap(count, render)
    }

    /// The JSON handed to `write` a few pieces at a time (made on all cores, each written and
    /// freed before the next are made): a province sweep's JSON is gigabytes.
    static func write(_ s: SweepResult, to write: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        let (count, render) = pieces(s)
        try JSONChunk.inWaves(count, render: render, write: write)
    }

    /// The JSON's pieces in order: the head, each point, the middle, each tipping point, the
    /// tail; `render(k)` makes piece `k`.
    static func pieces(_ s: SweepResult) -> (count: Int, render: @Sendable (Int) -> JSONChunk) {
        let points = s.points.count, tips = s.tippingPoints.count
        let render: @Sendable (Int) -> JSONChunk = { k in
            if k == 0 {
                var head = JSONBytes(capacity: 1024 + 64 * s.units.count)
                head.raw("{\n  \"parameters\": ")
                head.strings(s.parameters)
                head.raw(",\n  \"units\": ")
                head.strings(s.units)
                head.raw(",\n  \"points\": ")
                head.raw(s.points.isEmpty ? "[]" : "[\n")
                return head.finish()
            } else if k <= points {
                let i = k - 1
                var w = JSONBytes(capacity: 256 + 128 * s.points[i].order.count)
                if i > 0 { w.raw(",\n") }
                point(s.points[i], &w)
                return w.finish()
            } else if k == points + 1 {
                var middle = JSONBytes(capacity: 64)
                if !s.points.isEmpty { middle.raw("\n  ]") }
                middle.raw(",\n  \"tipping_points\": ")
                middle.raw(s.tippingPoints.isEmpty ? "[]" : "[\n")
                return middle.finish()
            } else if k <= points + 1 + tips {
                let i = k - points - 2
                let t = s.tippingPoints[i]
                var w = JSONBytes(capacity: 256 + 64 * t.changeCount)
                if i > 0 { w.raw(",\n") }
                tipping(t, s, &w)
                return w.finish()
            } else {
                var tail = JSONBytes(capacity: 16)
                if !s.tippingPoints.isEmpty { tail.raw("\n  ]") }
                tail.raw("\n}\n")
                return tail.finish()
            }
        }
        return (points + tips + 3, render)
    }

    /// A point at depth 2, its unit entries at depth 4.
    static func point(_ p: SweepPoint, _ w: inout JSONBytes) {
        w.raw("    {\n      \"values\": ")
        w.strings(p.values)
        w.raw(",\n      \"units\": ")
        w.raw(p.order.isEmpty ? "[]" : "[\n")
        for (k, o) in p.order.enumerated() {
            let u = Int(o)
            if k > 0 { w.raw(",\n") }
            w.raw("        {\"unit\": ")
            w.string(p.names[u])
            w.raw(", \"total\": ")
            w.number(p.totals[u])
            w.raw(", \"rank\": ")
            w.int(Int(p.ranks[u]))
            w.raw(", \"rank_all\": ")
            w.int(Int(p.ranksAll[u]))
            w.raw(", \"grade\": ")
            w.optional(p.grade(at: u))
            w.raw(", \"titles\": ")
            w.strings(p.titleLists[Int(p.titlesOf[u])])
            w.raw(", \"rewards\": ")
            w.number(p.rewards[u])
            w.byte(UInt8(ascii: "}"))
        }
        if !p.order.isEmpty { w.raw("\n      ]") }
        w.raw(",\n      \"grades\": [")
        for (k, g) in p.grades.enumerated() {
            if k > 0 { w.raw(", ") }
            w.raw("{\"grade\": ")
            w.string(g.grade)
            w.raw(", \"count\": ")
            w.int(g.count)
            w.byte(UInt8(ascii: "}"))
        }
        w.raw("],\n      \"reward_total\": ")
        w.number(p.rewardTotal)
        w.raw("\n    }")
    }

    /// A tipping point at depth 2, its changes at depth 4: `before` and `after` typed as the
    /// field is (numbers for rank and rewards, a string or null for the grade, a list of titles).
    static func tipping(_ t: TippingPoint, _ s: SweepResult, _ w: inout JSONBytes) {
        w.raw("    {\n      \"index\": ")
        w.int(t.index)
        w.raw(",\n      \"values\": ")
        w.strings(t.values)
        w.raw(",\n      \"changes\": ")
        if let before = t.before, let after = t.after {
            let at = t.beforeIndex
            w.raw(t.found.isEmpty ? "[]" : "[\n")
            for (k, f) in t.found.enumerated() {
                let u = Int(f.unit), b = at(u)
                if k > 0 { w.raw(",\n") }
                w.raw("        {\"unit\": ")
                w.string(after.names[u])
                switch f.what {
                case 0:
                    w.raw(", \"what\": \"rank\", \"before\": ")
                    w.int(Int(before.ranks[b]))
                    w.raw(", \"after\": ")
                    w.int(Int(after.ranks[u]))
                case 1:
                    w.raw(", \"what\": \"grade\", \"before\": ")
                    w.optional(before.grade(at: b))
                    w.raw(", \"after\": ")
                    w.optional(after.grade(at: u))
                case 2:
                    w.raw(", \"what\": \"titles\", \"before\": ")
                    w.strings(before.titleLists[Int(before.titlesOf[b])])
                    w.raw(", \"after\": ")
                    w.strings(after.titleLists[Int(after.titlesOf[u])])
                default:
                    w.raw(", \"what\": \"rewards\", \"before\": ")
                    w.number(before.rewards[b])
                    w.raw(", \"after\": ")
                    w.number(after.rewards[u])
                }
                w.byte(UInt8(ascii: "}"))
            }
            if !t.found.isEmpty { w.raw("\n      ]") }
        } else {
            // Changes given as text: looked up in the result's points around it when there,
            // else as written.
            let changes = t.changes
            let around = s.points.indices.contains(t.index) && s.points.indices.contains(t.index - 1)
                ? (s.points[t.index - 1], s.points[t.index]) : nil
            let entries = around.map { (b, a) in (lookup(b), lookup(a), b, a) }
            w.raw(changes.isEmpty ? "[]" : "[\n")
            for (k, c) in changes.enumerated() {
                if k > 0 { w.raw(",\n") }
                w.raw("        {\"unit\": ")
                w.string(c.unit)
                w.raw(", \"what\": ")
                w.string(c.what)
                w.raw(", \"before\": ")
                if let (bi, ai, b, a) = entries, let x = bi[c.unit], let y = ai[c.unit], ["rank", "grade", "titles", "rewards"].contains(c.what) {
                    typed(c.what, b, x, &w)
                    w.raw(", \"after\": ")
                    typed(c.what, a, y, &w)
                } else {
                    text(c.what, c.before, &w)
                    w.raw(", \"after\": ")
                    text(c.what, c.after, &w)
                }
                w.byte(UInt8(ascii: "}"))
            }
            if !changes.isEmpty { w.raw("\n      ]") }
        }
        w.raw("\n    }")
    }

    static func lookup(_ p: SweepPoint) -> [String: Int] {
        Dictionary(p.names.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
    }

    static func typed(_ what: String, _ p: SweepPoint, _ u: Int, _ w: inout JSONBytes) {
        switch what {
        case "rank": w.int(Int(p.ranks[u]))
        case "grade": w.optional(p.grade(at: u))
        case "titles": w.strings(p.titleLists[Int(p.titlesOf[u])])
        default: w.number(p.rewards[u])
        }
    }

    /// A value given as text: a number for rank and rewards when it is one, else a string.
    static func text(_ what: String, _ x: String, _ w: inout JSONBytes) {
        if what == "rank" || what == "rewards", Fixed(parsing: x, allowSuffix: false) != nil {
            for b in x.utf8 { w.byte(b) }
        } else {
            w.string(x)
        }
    }
}
