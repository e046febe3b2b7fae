/// The quarters or months of a scheme's period, for periodic deposit deductions (SPEC §6.6).
public struct DeductPeriod: Sendable {
    /// `2021Q1` or `2021-03`.
    public var label: String
    /// The part of the scheme period inside this quarter or month.
    public var window: Period

    /// Every quarter (or month) of `period` that has ended by `asOf` (all of them when nil).
    public static func all(_ every: DepositsSpec.DeductRule.Every, in period: Period, endedBy asOf: Day?) -> [DeductPeriod] {
        var out: [DeductPeriod] = []
        var (y, m, _) = period.start.components
        if every == .quarter { m = (m - 1) / 3 * 3 + 1 }
        while true {
            guard let start = Day(year: y, month: m, day: 1) else { break }
            if start > period.end { break }
            let span = every == .quarter ? 3 : 1
            var endMonth = m + span - 1, endYear = y
            if endMonth > 12 { endMonth -= 12; endYear += 1 }
            guard let end = Day(year: endYear, month: endMonth, day: Day.daysIn(month: endMonth, year: endYear)) else { break }
            if let asOf, end > asOf { break }
            let window = Period(start: max(start, period.start), end: min(end, period.end))
            let label = every == .quarter ? "\(y)Q\((m - 1) / 3 + 1)" : "\(y)-\(m < 10 ? "0" : "")\(m)"
            out.append(DeductPeriod(label: label, window: window))
            m += span
            if m > 12 { m -= 12; y += 1 }
        }
        return out
    }
}
