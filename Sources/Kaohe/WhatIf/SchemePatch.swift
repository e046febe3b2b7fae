/// A sweep point's scheme made from another point's compiled scheme by setting the numbers
/// the sweep varies, instead of compiling the whole document again for every value.
///
/// Only an item's `points`, `cap` or `floor`, and a group's target for an item, are patched.
/// The compiler reads each of them in one place, as a number (``SchemeCompiler/number(_:_:)``:
/// the scalar's text through `Fixed(parsing:)`), and stores it in the item or the group (with
/// the value's position, the same at every point of a sweep); nothing else it builds depends
/// on the number (only whether the key is there, which every point of a sweep shares, and
/// warnings, which a sweep point does not report). So the scheme compiled from a point's document is the
/// template with those numbers set. A leaf that is not a plain number gives nil: the caller
/// then compiles the point, which reports it as a scheme does.
///
/// The caller checks the equivalence once per sweep as well (``fingerprint(_:)`` of a patched
/// and a compiled point), and compiles every point when it does not hold.
public struct SchemePatch: Sendable {
    /// Which number a varied path sets: a field of an item (by its index), or a group's (by
    /// its index) target for an item (by its name).
    enum Key: Sendable {
        case points(Int), cap(Int), floor(Int)
        case groupTarget(Int, String)
    }

    let template: Scheme
    let slots: [Key]

    /// nil unless every path is `SECTION.ITEM.points|cap|floor` of an item of that section
    /// (`indicators`, `bonuses` or `deductions`) in `template`, or `groups.GROUP.targets.ITEM`
    /// of a target the group has there.
    public init?(paths: [[String]], template: Scheme) {
        var slots: [Key] = []
        for path in paths {
            if path.count == 4, path[0] == "groups", path[2] == "targets",
               let g = template.groups.firstIndex(where: { $0.name == path[1] }), template.groups[g].targets[path[3]] != nil {
                slots.append(.groupTarget(g, path[3]))
                continue
            }
            guard path.count == 3,
                  let section = [Item.Section.indicator, .bonus, .deduction].first(where: { $0.key == path[0] }),
                  let index = template.items.firstIndex(where: { $0.name == path[1] && $0.section == section })
            else { return nil }
            switch path[2] {
            case "points": slots.append(.points(index))
            case "cap": slots.append(.cap(index))
            case "floor": slots.append(.floor(index))
            default: return nil
            }
        }
        guard !slots.isEmpty else { return nil }
        self.template = template
        self.slots = slots
    }

    /// The scheme of a point whose varied leaves (in the order of the paths) are `leaves`;
    /// nil when one is not a single value that reads as a number.
    public func scheme(leaves: [DocNode]) -> Scheme? {
        guard leaves.count == slots.count else { return nil }
        var scheme = template
        for (slot, leaf) in zip(slots, leaves) {
            guard let text = leaf.scalar?.text, let v = Fixed(parsing: text) else { return nil }
            switch slot {
            case .points(let i): scheme.items[i].points = v
            case .cap(let i): scheme.items[i].cap = v
            case .floor(let i): scheme.items[i].floor = v
            case .groupTarget(let g, let item): scheme.groups[g].targets[item]?.value = v
            }
        }
        return scheme
    }

    /// A text that tells two schemes apart in every stored field, for checking a patched scheme
    /// against the compiled one: the scheme's fields by reflection, the entries of dictionaries
    /// and sets in sorted order (their iteration order differs between equal ones), closures as
    /// `(Function)`.
    public static func fingerprint(_ scheme: Scheme) -> String {
        var out = ""
        write(scheme, to: &out)
        return out
    }

    private static func write(_ x: Any, to out: inout String) {
        let mirror = Mirror(reflecting: x)
        switch mirror.displayStyle {
        case .dictionary?, .set?:
            let entries = mirror.children.map { child -> String in
                var s = ""
                write(child.value, to: &s)
                return s
            }.sorted()
            out += "{" + entries.joined(separator: ",") + "}"
        case .optional?:
            if let some = mirror.children.first { write(some.value, to: &out) } else { out += "nil" }
        case nil:
            out += String(reflecting: x)
        case .enum? where mirror.children.isEmpty:
            out += String(reflecting: x)
        default:
            out += "\(mirror.subjectType)("
            for child in mirror.children {
                out += (child.label ?? "") + ":"
                write(child.value, to: &out)
                out += ","
            }
            out += ")"
        }
    }
}
