/// A named lookup table of the scheme (`tables:`), usable in any expression.
public enum Table: Sendable, Hashable {
    /// Rows `[threshold, value]`, thresholds increasing: for `bracket`, `marginal`, `lookup`.
    case tiers([Tier])
    /// `{key: value}`: for `T[key]`.
    case map(keys: [String], values: [String: Value])

    public struct Tier: Sendable, Hashable {
        public var threshold: Fixed
        public var value: Fixed
        public init(threshold: Fixed, value: Fixed) { self.threshold = threshold; self.value = value }
    }

    /// The type of `T[key]` for a map table: the common type of its values.
    public var elementType: ValueType {
        switch self {
        case .tiers: return .number
        case .map(let keys, let values):
            var t: ValueType?
            for k in keys {
                guard let v = values[k] else { continue }
                let vt = Checker.typeOf(v)
                if t == nil { t = vt } else if t != vt { return .any }
            }
            return t ?? .any
        }
    }
}

extension Table {
    /// x × the rate of the highest row whose threshold ≤ x (whole-amount tiers); 0 below all.
    public static func bracket(_ x: Fixed, _ tiers: [Tier]) throws(ArithmeticError) -> Fixed {
        guard let row = tiers.last(where: { $0.threshold <= x }) else { return .zero }
        return try x.multiplied(by: row.value)
    }

    /// Each slice of x charged at its own row's rate (marginal tiers, like income tax).
    public static func marginal(_ x: Fixed, _ tiers: [Tier]) throws(ArithmeticError) -> Fixed {
        var total = Fixed.zero
        for (i, row) in tiers.enumerated() where x > row.threshold {
            let upper = i + 1 < tiers.count ? min(x, tiers[i + 1].threshold) : x
            let slice = try upper.subtracting(row.threshold)
            if slice > .zero { total = try total.adding(try slice.multiplied(by: row.value)) }
        }
        return total
    }

    /// The value of the highest row whose threshold ≤ x; 0 below all.
    public static func lookup(_ x: Fixed, _ tiers: [Tier]) -> Fixed {
        tiers.last(where: { $0.threshold <= x })?.value ?? .zero
    }
}
