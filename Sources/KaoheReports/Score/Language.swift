/// The language of the words a report is written in (SPEC §10: Chinese by default,
/// `--lang en` for English).
///
/// Only the renderer's own words change (headers, titles, markers such as 否决 / vetoed);
/// the names that come from the scheme and the data — units, groups, items, grades — are
/// shown as written.
public enum Language: String, Sendable, Hashable, CaseIterable {
    /// 中文 (the default).
    case zh
    /// English.
    case en

    /// The Chinese or the English word, whichever this language is.
    func pick(_ zh: String, _ en: String) -> String {
        switch self {
        case .zh: return zh
        case .en: return en
        }
    }
}
