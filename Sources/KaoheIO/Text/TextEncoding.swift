/// The encoding a ledger file's text was found in.
///
/// Reported with the table so that a user can be told how their file was read
/// (an Excel "CSV" saved in GB18030, a "Unicode text" export in UTF-16 …).
public enum TextEncoding: String, Sendable, Hashable, CaseIterable {
    /// UTF-8 without a byte order mark.
    case utf8
    /// UTF-8 starting with the byte order mark EF BB BF (Excel's "CSV UTF-8").
    case utf8BOM
    /// UTF-16 little-endian with a byte order mark (Excel's "Unicode text").
    case utf16LE
    /// UTF-16 big-endian with a byte order mark.
    case utf16BE
    /// GB18030, which includes GBK and GB2312 (what Excel and WPS save as "CSV" on Chinese Windows).
    case gb18030
    /// Not text: cells read from an XLSX spreadsheet.
    case xlsx

    /// A short human name, such as `UTF-8 with BOM`.
    public var displayName: String {
        switch self {
        case .utf8: "UTF-8"
        case .utf8BOM: "UTF-8 with BOM"
        case .utf16LE: "UTF-16LE"
        case .utf16BE: "UTF-16BE"
        case .gb18030: "GB18030"
        case .xlsx: "XLSX"
        }
    }
}
