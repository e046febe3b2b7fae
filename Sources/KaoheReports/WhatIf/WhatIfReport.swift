import Kaohe

/// A ``WhatIfResult`` as text (`kaohe whatif`, SPEC §8): the terminal report, its JSON and
/// Markdown.
///
/// **Terminal** (`table`):
///
/// ```
/// 规则变更对比：XX县2021年度招商引资目标考核
/// 变更：
///   indicators.项目开工率.points  40 → 50
/// 排名变化 2 个单位，等次变化 1 个，奖励变化 2 个
/// 奖励总额 28.00 万元 (不变)
///
/// 河西镇（一类乡镇）
///   总分             70.00 → 80.00 (+10.00)
///   排名             2 → 1 (升 1 位)
///   全部排名         2 → 1 (升 1 位)
///   等次             合格 → 良好
///   奖励 排名奖励    3.00 → 5.00 万元 (+2.00)
///   称号             无 → 招商引资先进单位
///   原因：
///     项目开工率  40.00 → 50.00 (+10.00)
///
/// 城关镇（一类乡镇）
///   总分             74.00 → 79.00 (+5.00)
///   排名             1 → 2 (降 1 位)
///   全部排名         1 → 2 (降 1 位)
///   抵押金退还 张三  3.70 → 3.95 万元 (+0.25)
///   抵押金没收 张三  1.30 → 1.05 万元 (-0.25)
///   奖励 排名奖励    5.00 → 3.00 万元 (-2.00)
///   原因：
///     项目开工率  20.00 → 25.00 (+5.00)
///
/// 其余 1 个单位无变化：发改局
/// ```
///
/// - A header: the scheme, every changed path with its text before → after (`（无）` where
///   the key was absent), how many units changed rank (within the group or overall), grade
///   and rewards, and the reward money of all units before → after.
/// - One block per unit whose total, rank or any outcome changed, in the after ranking
///   order: 总分, 排名 (within the group), 全部排名 (overall) — a value that did not change is
///   shown once, followed by `(不变)` — then every outcome that changed (等次, 否决, each
///   person's 抵押金退还/奖励/没收, each 奖励, 处罚, 称号), then 原因 (why): the items whose
///   score changed, largest change first. Labels are aligned by display width, across all blocks.
/// - A last line names the units that did not change.
/// - Money in `r.after.money` (two places, or more when an amount needs them to show
///   exactly); scores with `r.after.round` places. With an enabled `style`, unit names are
///   bold and changes green (better off) or red (worse off). With `maxWidth`, longer lines
///   are shortened with `…`, except the last line, which wraps.
///
/// **JSON** (SPEC §8): `{"changes": […], "units": […]}` with every unit, in the after ranking
/// order; `before` and `after` are unit objects of SPEC §9 (see ``AssessmentJSON``), `why`
/// the items whose score changed, largest change first, with their scores before and after
/// (`null` where the item did not exist or had no score). A change's `before` and `after`
/// are the YAML text of the value (`null` when the key was absent). The layout follows
/// ``AssessmentJSON``: numbers are the exact decimals of `Fixed`, and the same result gives
/// the same bytes.
public enum WhatIfReport {
    public static func table(
        _ r: WhatIfResult,
        lang: Language = .zh,
        style: TerminalStyle = .plain,
        maxWidth: Int? = nil
    ) -> String {
        let c = WhatIfContent(r, lang: lang)
        var lines: [String] = [style.bold(c.title)]
        if c.changes.isEmpty {
            lines.append(lang.pick("变更：", "Changes: ") + c.none)
        } else {
            lines.append(lang.pick("变更：", "Changes:"))
            let width = c.changes.map { displayWidth($0.path) }.max() ?? 0
            for change in c.changes {
                lines.append("  " + padded(change.path, to: width, align: .left) + "  " + change.before + " → " + change.after)
            }
        }
        lines.append(c.counts)
        lines.append(c.rewardTotal)

        let unchangedWord = lang.pick("(不变)", "(unchanged)")
        // The changed units, by their index (a copy of each unit's diff, before and after,
        // would cost more than drawing it).
        let units = r.units
        let changed = units.indices.filter { units[$0].isChanged }
        // The changed units' blocks in consecutive pieces, on all cores when there are many
        // (a province's what-if changes every unit); put together in order.
        // (A unit's block is several lines: pieces from 512 units.)
        let pieces = RowPieces.ranges(changed.count, changed.count >= 512 ? 16 : 1)
        let shared = UncheckedSendable((c, style))
        let blocks = parallelMap(pieces.count) { k in
            changed[pieces[k]].map { i in (unit: i, main: shared.value.0.lines(units[i]), why: shared.value.0.why(units[i])) }
        }
        // One label width for every block, so the values line up down the report.
        let width = blocks.joined().flatMap { $0.main.map { displayWidth($0.label) } }.max() ?? 0
        let itemWidth = blocks.joined().flatMap { $0.why.map { displayWidth($0.label) } }.max() ?? 0
        if let maxWidth {
            lines = lines.map { truncated($0, toWidth: maxWidth) }
        }
        let why = lang.pick("原因：", "Why:")
        let texts = parallelMap(pieces.count) { k -> [String] in
            let (c, style) = shared.value
            var out: [String] = []
            for (i, main, reasons) in blocks[k] {
                out.append("")
                out.append(style.bold(c.heading(units[i])))
                for line in main {
                    out.append("  " + padded(line.label, to: width, align: .left) + "  " + render(line, unchanged: unchangedWord, style: style))
                }
                if !reasons.isEmpty {
                    out.append("  " + why)
                    for line in reasons {
                        out.append("    " + padded(line.label, to: itemWidth, align: .left) + "  " + render(line, unchanged: unchangedWord, style: style))
                    }
                }
            }
            return maxWidth.map { w in out.map { truncated($0, toWidth: w) } } ?? out
        }
        for t in texts { lines += t }
        if let last = c.unchangedLine {
            lines.append("")
            lines += wrap(last, maxWidth: maxWidth, separator: lang.pick("、", ", "))
        }
        return lines.map { $0 + "\n" }.joined()
    }

    /// `before → after (note)`, the note coloured by direction.
    static func render(_ line: WhatIfContent.Line, unchanged: String, style: TerminalStyle) -> String {
        var text = line.values(unchanged: unchanged)
        if !line.note.isEmpty {
            let note = line.direction > 0 ? style.green(line.note) : line.direction < 0 ? style.red(line.note) : line.note
            text += " " + note
        }
        return text
    }

    /// `text` broken after a separator (or the colon) so that no line is wider than
    /// `maxWidth` (when it can be); continuation lines are indented by two columns.
    static func wrap(_ text: String, maxWidth: Int?, separator: String) -> [String] {
        guard let maxWidth, displayWidth(text) > maxWidth else { return [text] }
        // Break after a separator between names, or after the colon before them.
        var pieces: [String] = []
        var rest = Substring(text)
        while let range = [separator, "：", ": "].compactMap({ rest.range(of: $0) }).min(by: { $0.lowerBound < $1.lowerBound }) {
            pieces.append(String(rest[..<range.upperBound]))
            rest = rest[range.upperBound...]
        }
        pieces.append(String(rest))
        var lines: [String] = []
        var current = ""
        for piece in pieces {
            if !current.isEmpty, displayWidth(current) + displayWidth(piece) > maxWidth {
                lines.append(current.hasSuffix(" ") ? String(current.dropLast()) : current)
                current = "  "
            }
            current += piece
        }
        if !current.allSatisfy({ $0 == " " }) { lines.append(current) }
        return lines
    }

    // MARK: JSON

    /// The what-if as JSON (the layout above), as UTF-8 bytes: what `kaohe whatif --format json`
    /// writes. Written without building `String`s (a province's what-if holds tens of thousands
    /// of units twice), the changed units in parallel chunks, in order.
    public static func jsonBytes(_ r: WhatIfResult) -> [UInt8] {
        AssessmentJSON.join(jsonChunks(r))
    }

    /// The JSON text of ``jsonBytes(_:)``, handed to `write` piece by piece in order (each piece
    /// whole UTF-8), without ever holding it whole (a province's is some 160 MB).
    public static func writeJSON(_ r: WhatIfResult, to write: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        // The units a few chunks at a time, each written and freed before the next are made.
        let (head, tail) = jsonEnds(r)
        try write(UnsafeRawBufferPointer(start: head.base, count: head.count))
        let pieces = r.units.isEmpty ? 0 : r.units.count < 512 ? 1 : 64
        try JSONChunk.inWaves(pieces, render: { c in unitsJSON(r.units, piece: c, of: pieces) }, write: write)
        try write(UnsafeRawBufferPointer(start: tail.base, count: tail.count))
    }

    static func jsonChunks(_ r: WhatIfResult) -> [JSONChunk] {
        let (head, tail) = jsonEnds(r)
        let pieces = r.units.isEmpty ? 0 : r.units.count < 512 ? 1 : 16
        return [head] + parallelMap(pieces) { c in unitsJSON(r.units, piece: c, of: pieces) } + [tail]
    }

    /// The text before the units and after them.
    static func jsonEnds(_ r: WhatIfResult) -> (head: JSONChunk, tail: JSONChunk) {
        var head = JSONBytes(capacity: 1024)
        head.raw("{\n  \"changes\": ")
        head.lines(r.changes, depth: 1) { ch, w in
            w.raw("{\"path\": ")
            w.string(ch.path)
            w.raw(", \"before\": ")
            w.optional(ch.before)
            w.raw(", \"after\": ")
            w.optional(ch.after)
            w.raw("}")
        }
        head.raw(",\n  \"units\": ")
        head.raw(r.units.isEmpty ? "[]" : "[\n")
        var tail = JSONBytes(capacity: 16)
        if !r.units.isEmpty { tail.raw("\n  ]") }
        tail.raw("\n}\n")
        return (head.finish(), tail.finish())
    }

    /// Piece `c` of the units cut in `pieces` consecutive pieces.
    static func unitsJSON(_ all: [UnitDiff], piece c: Int, of pieces: Int) -> JSONChunk {
        let lo = all.count * c / pieces, hi = all.count * (c + 1) / pieces
        // Room for the unit twice over (pages never written cost nothing): growing copies.
        var w = JSONBytes(capacity: (hi - lo) * 2 * (1000 + 320 * (all.first?.before.items.count ?? 0)))
        for k in lo..<hi {
            if k > 0 { w.raw(",\n") }
            w.raw("    ")
            unitJSON(all[k], to: &w)
        }
        return w.finish()
    }

    /// One changed unit of the JSON, into `w`.
    static func unitJSON(_ d: UnitDiff, to w: inout JSONBytes) {
        w.raw("{\n      \"unit\": ")
        w.string(d.unit)
        w.raw(",\n      \"before\": ")
        AssessmentJSON.unit(d.before, depth: 3, to: &w)
        w.raw(",\n      \"after\": ")
        AssessmentJSON.unit(d.after, depth: 3, to: &w)
        w.raw(",\n      \"why\": ")
        w.lines(d.why, depth: 3) { why, w in
            w.raw("{\"item\": ")
            w.string(why.item)
            w.raw(", \"before\": ")
            w.number(why.before)
            w.raw(", \"after\": ")
            w.number(why.after)
            w.raw("}")
        }
        w.raw("\n    }")
    }

    /// The what-if as JSON text: ``jsonBytes(_:)`` as a `String`.
    public static func json(_ r: WhatIfResult) -> String {
        String(decoding: jsonBytes(r), as: UTF8.self)
    }

    // MARK: Markdown

    /// The report as Markdown: a `#` title, `## 变更` (Changes) as a table of path, before,
    /// after, the counts and the reward total, `## 变化的单位` (Units that changed) with a `###`
    /// section per unit — a bullet per line of the terminal block and a table of the items
    /// whose score changed — and the line naming the units that did not change.
    public static func markdown(_ r: WhatIfResult, lang: Language = .zh) -> String {
        let c = WhatIfContent(r, lang: lang)
        var out = "# " + inline(c.title) + "\n\n"
        out += "## " + lang.pick("变更", "Changes") + "\n\n"
        if c.changes.isEmpty {
            out += c.none + "\n\n"
        } else {
            out += MarkdownTable(
                header: [lang.pick("路径", "Path"), lang.pick("原值", "Before"), lang.pick("新值", "After")],
                rows: c.changes.map { [code($0.path), code($0.before), code($0.after)] }
            ).render() + "\n"
        }
        out += inline(c.counts) + lang.pick("；", "; ") + inline(c.rewardTotal) + lang.pick("。", ".") + "\n\n"

        // (The changed units read in place: a filtered copy of 20,000 diffs cost more than
        // writing them.)
        if r.units.contains(where: { $0.isChanged }) {
            out += "## " + lang.pick("变化的单位", "Units that changed") + "\n\n"
            let unchangedWord = lang.pick("(不变)", "(unchanged)")
            for d in r.units where d.isChanged {
                out += "### " + inline(c.heading(d)) + "\n\n"
                for line in c.lines(d) {
                    let note = line.note.isEmpty ? "" : " " + line.note
                    out += "- " + inline(line.label) + lang.pick("：", ": ") + inline(line.values(unchanged: unchangedWord)) + note + "\n"
                }
                out += "\n"
                let why = c.why(d)
                if !why.isEmpty {
                    out += MarkdownTable(
                        header: [lang.pick("原因（得分变化的指标）", "Why (items whose score changed)"),
                                 lang.pick("原得分", "Before"), lang.pick("新得分", "After"), lang.pick("变化", "Change")],
                        alignments: [.left, .right, .right, .right],
                        rows: why.map { [inline($0.label), $0.before, $0.after, String($0.note.dropFirst().dropLast())] }
                    ).render() + "\n"
                }
            }
        }
        if let last = c.unchangedLine { out += inline(last) + "\n" }
        while out.hasSuffix("\n\n") { out.removeLast() }
        return out
    }

    /// Text from the scheme or the data made safe in Markdown prose and table cells: the
    /// characters that start emphasis, links, code or HTML are escaped with `\` (`|` is left
    /// to ``MarkdownTable``).
    static func inline(_ text: String) -> String {
        var out = ""
        for ch in text {
            if "\\`*_[]<>#".contains(ch) { out.append("\\") }
            out.append(ch)
        }
        return out
    }

    /// YAML text as inline code; a backtick inside makes the fence longer.
    static func code(_ text: String) -> String {
        let fence = text.contains("`") ? "`` " : "`"
        return fence + text + String(fence.reversed())
    }
}
