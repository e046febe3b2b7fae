import Foundation
import Kaohe

/// An ``Assessment`` as the JSON of SPEC §9 (`kaohe score --format json`).
///
/// The text is written by hand, not with `JSONEncoder`, so that numbers are the exact
/// decimals of `Fixed.description` (`0.64`, `320000000`, never `0.64000000000000001`), keys
/// come in the order of the SPEC, and the same assessment always gives the same bytes. It is
/// written as UTF-8 bytes straight into one buffer (``renderBytes(_:)``), units in parallel
/// chunks joined in order: a province's 80 MB takes about a tenth of a second on two cores,
/// where building and joining a `String` per member took two seconds.
///
/// **Content.** Money is in 元 and rates are fractions, as the model holds them. Absent
/// values are `null`. An item has `adjustments` only when it has any. A reward of 0 is left
/// out. Values: number → JSON number, text → string, true/false → `true`/`false`, date →
/// `"YYYY-MM-DD"`, list → array, none → `null`, period → `"2021-01-01 .. 2021-12-31"`.
///
/// **Layout.** Two-space indentation; the file ends with a newline.
/// - The top-level object and each unit object have one key per line.
/// - An array of objects (`units`, `items`, `deposits`, `rewards`, `teams`) has one element
///   per line; every element except a unit is written on that one line,
///   `{"key": value, "key": value}`, so a unit's many items stay readable and a diff shows
///   the one item that changed.
/// - Arrays of strings (`vetoes`, `penalties`, `titles`, `deducted_in`, a team's `units`)
///   and list values are written inline: `["a", "b"]`. Empty arrays are `[]`.
///
/// ```json
/// {
///   "scheme": "XX县2021年度招商引资目标考核",
///   "year": 2021,
///   "as_of": "2021-12-31",
///   "progress": 1,
///   "fingerprint": "sha256:…",
///   "units": [
///     {
///       "unit": "城关镇",
///       "group": "一类乡镇",
///       "team": "第一分团",
///       "items": [
///         {"section": "indicator", "name": "省外到位资金", "value": 320000000, "target": 500000000, "rate": 0.64, "points": 40, "score": 25.6}
///       ],
///       "base": 78.2,
///       …
///       "penalties": [],
///       "titles": []
///     }
///   ],
///   "teams": [
///     {"team": "第一分团", "units": ["城关镇", "河西镇"], "score": 75.3, "rank": 1}
///   ]
/// }
/// ```
///
/// **Strings** are escaped per RFC 8259: `"` and `\` with a backslash; `\b`, `\f`, `\n`,
/// `\r`, `\t` by their short forms; the other control characters U+0000–U+001F, and U+2028 /
/// U+2029 (which break JavaScript string literals), as `\u00XX` (lower-case hex). Everything
/// else, Chinese included, is written as UTF-8.
public enum AssessmentJSON {
    /// The JSON text of `a`, ending with a newline.
    ///
    /// The same text as ``renderBytes(_:)``, as a `String` (for tests and small outputs).
    public static func render(_ a: Assessment) -> String {
        String(decoding: renderBytes(a), as: UTF8.self)
    }

    /// The JSON text of `a` as UTF-8 bytes, ending with a newline.
    ///
    /// What `kaohe score --format json` writes: no `String` of the whole text is ever built.
    /// Units are rendered in parallel chunks (in order) when there are many, so the bytes are
    /// the same on any number of cores.
    public static func renderBytes(_ a: Assessment) -> [UInt8] {
        join(chunks(a))
    }

    /// The JSON text of `a`, handed to `write` piece by piece in order (each piece whole UTF-8):
    /// the same bytes as ``renderBytes(_:)`` without ever holding them in one array, which
    /// spares a province's score a second copy of its 80 MB.
    public static func write(_ a: Assessment, to write: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        // A few chunks of units at a time (on all cores), each written and freed before the
        // next are rendered: a province's units are never all in memory as text at once.
        let (head, tail) = ends(a)
        try write(UnsafeRawBufferPointer(start: head.base, count: head.count))
        let us = a.units
        let chunks = us.isEmpty ? 0 : us.count >= 512 ? 64 : 1
        try JSONChunk.inWaves(chunks, render: { c in unitPiece(us, piece: c, of: chunks) }, write: write)
        try write(UnsafeRawBufferPointer(start: tail.base, count: tail.count))
    }

    /// The pieces of the JSON text of `a`, in order.
    static func chunks(_ a: Assessment) -> [JSONChunk] {
        let (head, tail) = ends(a)
        return [head] + unitChunks(a.units) + [tail]
    }

    /// The text before the units and after them.
    static func ends(_ a: Assessment) -> (head: JSONChunk, tail: JSONChunk) {
        var head = JSONBytes(capacity: 1024)
        head.raw("{\n  \"scheme\": ")
        head.string(a.scheme)
        head.raw(",\n  \"year\": ")
        if let year = a.year { head.int(year) } else { head.raw("null") }
        head.raw(",\n  \"as_of\": ")
        head.string(a.asOf.description)
        head.raw(",\n  \"progress\": ")
        head.number(a.progress)
        head.raw(",\n  \"fingerprint\": ")
        head.string(a.fingerprint)
        head.raw(",\n  \"units\": ")
        head.raw(a.units.isEmpty ? "[]" : "[\n")

        var tail = JSONBytes(capacity: 1024 + 128 * a.teams.count)
        if !a.units.isEmpty { tail.raw("\n  ]") }
        tail.raw(",\n  \"teams\": ")
        tail.lines(a.teams, depth: 1, team)
        tail.raw("\n}\n")
        return (head.finish(), tail.finish())
    }

    /// Chunks of bytes copied once into one array, in order, the chunks in parallel.
    static func join(_ chunks: [JSONChunk]) -> [UInt8] {
        var offsets: [Int] = []
        offsets.reserveCapacity(chunks.count + 1)
        var total = 0
        for c in chunks {
            offsets.append(total)
            total += c.count
        }
        return [UInt8](unsafeUninitializedCapacity: total) { buffer, initialized in
            let target = UncheckedSendable(buffer)
            _ = parallelMap(chunks.count) { k in
                guard let base = target.value.baseAddress else { return }
                (base + offsets[k]).initialize(from: chunks[k].base, count: chunks[k].count)
            }
            initialized = total
        }
    }

    /// The unit elements of the top-level `units` array (each indented, separated by `,\n`),
    /// as consecutive chunks of bytes; rendered in parallel when there are many units.
    static func unitChunks(_ us: [UnitResult]) -> [JSONChunk] {
        let pieces = us.isEmpty ? 0 : us.count >= 512 ? 16 : 1
        return parallelMap(pieces) { c in unitPiece(us, piece: c, of: pieces) }
    }

    /// Piece `c` of the units cut in `pieces` consecutive pieces.
    static func unitPiece(_ us: [UnitResult], piece c: Int, of pieces: Int) -> JSONChunk {
        let lo = us.count * c / pieces, hi = us.count * (c + 1) / pieces
        // Room guessed from the piece's first unit (the units of a scheme share their items).
        let capacity = lo < hi ? (hi - lo) * (640 + 160 * us[lo].items.count + 256 * us[lo].deposits.count) : 16
        var w = JSONBytes(capacity: capacity)
        var names = QuotedNames()
        for k in lo..<hi {
            if k > 0 { w.raw(",\n") }
            w.raw("    ")
            unit(us[k], depth: 2, names: &names, to: &w)
        }
        return w.finish()
    }

    /// One unit object, the first of its lines at `depth`: the `UNIT` of SPEC §9 (also the
    /// `before`/`after` of `whatif --format json`).
    ///
    /// The first line has no indentation (it follows whatever the caller wrote); the other
    /// lines are indented for `depth`, and there is no newline at the end.
    public static func unit(_ u: UnitResult, depth: Int) -> String {
        var w = JSONBytes(capacity: 640 + 160 * u.items.count)
        var names = QuotedNames()
        unit(u, depth: depth, names: &names, to: &w)
        return String(decoding: w.bytes, as: UTF8.self)
    }

    // MARK: Parts

    /// ``unit(_:depth:)`` into `w`.
    static func unit(_ u: UnitResult, depth: Int, to w: inout JSONBytes) {
        var names = QuotedNames()
        unit(u, depth: depth, names: &names, to: &w)
    }

    /// ``unit(_:depth:)`` into `w`, the items' names quoted once for all the units written
    /// with `names`.
    static func unit(_ u: UnitResult, depth: Int, names: inout QuotedNames, to w: inout JSONBytes) {
        w.raw("{\n")
        w.indent(depth + 1)
        w.raw("\"unit\": ")
        w.string(u.unit)
        key("group", depth, &w)
        w.optional(u.group)
        key("team", depth, &w)
        w.optional(u.team)
        key("items", depth, &w)
        names.startUnit()
        w.lines(u.items, depth: depth + 1) { i, w in item(i, names: &names, to: &w) }
        key("base", depth, &w)
        w.number(u.base)
        key("bonus", depth, &w)
        w.number(u.bonus)
        key("deduction", depth, &w)
        w.number(u.deduction)
        key("total", depth, &w)
        w.number(u.total)
        key("rank", depth, &w)
        w.int(u.rank)
        key("rank_all", depth, &w)
        w.int(u.rankAll)
        key("grade", depth, &w)
        w.optional(u.grade)
        key("vetoed", depth, &w)
        w.bool(u.vetoed)
        key("vetoes", depth, &w)
        w.strings(u.vetoes)
        key("deposits", depth, &w)
        w.lines(u.deposits, depth: depth + 1, deposit)
        key("rewards", depth, &w)
        w.lines(u.rewards.lazy.filter { !$0.amount.isZero }, depth: depth + 1) { r, w in
            w.raw("{\"name\": ")
            w.string(r.name)
            w.raw(", \"amount\": ")
            w.number(r.amount)
            w.byte(UInt8(ascii: "}"))
        }
        key("penalties", depth, &w)
        w.strings(u.penalties)
        key("titles", depth, &w)
        w.strings(u.titles)
        w.byte(UInt8(ascii: "\n"))
        w.indent(depth)
        w.byte(UInt8(ascii: "}"))
    }

    /// `,\n`, the indentation of a member of an object at `depth`, and `"name": `.
    private static func key(_ name: StaticString, _ depth: Int, _ w: inout JSONBytes) {
        w.raw(",\n")
        w.indent(depth + 1)
        w.byte(UInt8(ascii: "\""))
        w.raw(name)
        w.raw("\": ")
    }

    /// One item on one line (the most frequent object: 600,000 of them for a province).
    static func item(_ i: ItemResult, names: inout QuotedNames, to w: inout JSONBytes) {
        w.raw("{\"section\": ")
        w.string(i.section.rawValue)
        w.raw(", \"name\": ")
        names.write(i.name, to: &w)
        w.raw(", \"value\": ")
        w.value(i.value)
        w.raw(", \"target\": ")
        w.number(i.target)
        w.raw(", \"rate\": ")
        w.number(i.rate)
        w.raw(", \"points\": ")
        w.number(i.points)
        w.raw(", \"score\": ")
        w.number(i.score)
        if !i.adjustments.isEmpty {
            w.raw(", \"adjustments\": [")
            for k in i.adjustments.indices {
                w.raw(k == 0 ? "{\"score\": " : ", {\"score\": ")
                w.number(i.adjustments[k].score)
                w.raw(", \"reason\": ")
                w.string(i.adjustments[k].reason)
                w.raw(", \"approver\": ")
                w.string(i.adjustments[k].approver)
                w.byte(UInt8(ascii: "}"))
            }
            w.byte(UInt8(ascii: "]"))
        }
        w.byte(UInt8(ascii: "}"))
    }

    static func deposit(_ d: DepositResult, to w: inout JSONBytes) {
        w.raw("{\"name\": ")
        w.string(d.name)
        w.raw(", \"role\": ")
        w.string(d.role)
        w.raw(", \"paid\": ")
        w.number(d.paid)
        w.raw(", \"deducted\": ")
        w.number(d.deducted)
        w.raw(", \"deducted_in\": ")
        w.strings(d.deductedIn)
        w.raw(", \"refund\": ")
        w.number(d.refund)
        w.raw(", \"reward\": ")
        w.number(d.reward)
        w.raw(", \"forfeit\": ")
        w.number(d.forfeit)
        w.byte(UInt8(ascii: "}"))
    }

    static func team(_ t: TeamResult, to w: inout JSONBytes) {
        w.raw("{\"team\": ")
        w.string(t.team)
        w.raw(", \"units\": ")
        w.strings(t.units)
        w.raw(", \"score\": ")
        w.number(t.score)
        w.raw(", \"rank\": ")
        w.int(t.rank)
        w.byte(UInt8(ascii: "}"))
    }

    /// A value of an item (SPEC §3 types) as JSON.
    static func value(_ v: Value) -> String {
        var w = JSONBytes()
        w.value(v)
        return String(decoding: w.bytes, as: UTF8.self)
    }

    // MARK: Syntax (as strings, for the what-if, sweep and explanation renderers)

    static func number(_ n: Fixed?) -> String { n?.description ?? "null" }

    static func optional(_ s: String?) -> String { s.map(string) ?? "null" }

    static func strings(_ list: [String]) -> String { inlineArray(list.map(string)) }

    /// `{"k": v, "k": v}` on one line; `{}` when empty.
    static func inline(_ members: [(String, String)]) -> String {
        "{" + members.map { string($0.0) + ": " + $0.1 }.joined(separator: ", ") + "}"
    }

    /// `[a, b]` on one line; `[]` when empty.
    static func inlineArray(_ elements: [String]) -> String {
        "[" + elements.joined(separator: ", ") + "]"
    }

    /// An object with one member per line at `depth + 1`, its closing brace at `depth`.
    static func block(_ members: [(String, String)], depth: Int) -> String {
        guard !members.isEmpty else { return "{}" }
        let inner = indent(depth + 1)
        return "{\n" + members.map { inner + string($0.0) + ": " + $0.1 }.joined(separator: ",\n")
            + "\n" + indent(depth) + "}"
    }

    /// An array with one element per line at `depth + 1`, its closing bracket at `depth`;
    /// `[]` when empty.
    static func blockArray(_ elements: [String], depth: Int) -> String {
        guard !elements.isEmpty else { return "[]" }
        let inner = indent(depth + 1)
        return "[\n" + elements.map { inner + $0 }.joined(separator: ",\n") + "\n" + indent(depth) + "]"
    }

    static func indent(_ depth: Int) -> String { String(repeating: "  ", count: depth) }

    /// `s` as a JSON string literal, quotes included (the escaping of ``JSONBytes/string(_:)``).
    static func string(_ s: String) -> String {
        var w = JSONBytes(capacity: s.utf8.count + 2)
        w.string(s)
        return String(decoding: w.bytes, as: UTF8.self)
    }
}

/// The quoted names of a unit's items, kept from one unit to the next: the units of a scheme
/// share their items' names (the same strings, in the same places), which a province's JSON
/// writes 400,000 times. A name unlike the one kept at its place is quoted and kept instead.
/// One writer's alone (a piece of units rendered on one core).
struct QuotedNames {
    private var names: [String] = []
    private var quoted: [[UInt8]] = []
    private var next = 0

    /// The next name written is the unit's first item's.
    mutating func startUnit() { next = 0 }

    /// `name`, quoted and escaped as ``JSONBytes/string(_:)`` writes it, as the unit's next item's.
    mutating func write(_ name: String, to w: inout JSONBytes) {
        let k = next
        next += 1
        // (By bytes: `==` holds for canonically equivalent names, whose bytes differ.)
        if k < names.count, names[k].hasSameUTF8(as: name) {
            quoted[k].withUnsafeBufferPointer { w.append($0) }
            return
        }
        var q = JSONBytes(capacity: 6 * name.utf8.count + 2)
        q.string(name)
        let bytes = q.bytes
        if k < names.count {
            names[k] = name
            quoted[k] = bytes
        } else {
            names.append(name)
            quoted.append(bytes)
        }
        bytes.withUnsafeBufferPointer { w.append($0) }
    }

}
