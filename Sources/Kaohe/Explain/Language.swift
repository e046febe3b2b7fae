/// The language of the words a report or an explanation is written in (SPEC §10: Chinese by
/// default, `--lang en` for English).
///
/// Only the program's own words change (headers, titles, markers such as 否决 / vetoed, the
/// labels and formulas of an explanation); the names that come from the scheme and the data —
/// units, groups, items, columns, grades — are shown as written. It lives in the engine because
/// an explanation's words are written while the engine evaluates (``Tracer/language``).
public enum Language: String, Sendable, Hashable, CaseIterable {
    /// 中文 (the default).
    case zh
    /// English.
    case en

    /// The Chinese or the English word, whichever this language is.
    @inlinable
    public func pick(_ zh: String, _ en: String) -> String {
        switch self {
        case .zh: return zh
        case .en: return en
        }
    }
}
