// Formatting of decimal numbers given as text, digit by digit, with no `Double` in between.
//
// The functions take plain decimal strings — an optional sign, digits, an optional point and
// more digits, such as `-1234567.891`, `.5` or `+3` — of any length, and work on the digits
// themselves, so nothing is lost to binary floating point and no size limit applies. Text
// that is not such a number (`—`, `n/a`, `1e5`, `1,234`) is returned unchanged, so
// placeholders pass through a column of numbers.
//
// Rounding is half away from zero (四舍五入): `2.345` → `2.35`, `-2.345` → `-2.35`. A result
// that rounds to zero has no minus sign (`-0.001` → `0.00`).

/// `text` rounded to `places` decimal places, optionally with thousands separators.
///
/// Rounding is half away from zero (四舍五入) and is done on the digits, so `1.005` gives
/// `1.01` (a `Double` would give `1.00`). A result that rounds to zero has no minus sign.
///
/// ```swift
/// formatFixed("2.345", places: 2)                         // "2.35"
/// formatFixed("-2.345", places: 2)                        // "-2.35"
/// formatFixed("9.995", places: 2)                         // "10.00"
/// formatFixed("1234567.891", places: 2, grouping: true)   // "1,234,567.89"
/// formatFixed("2.5", places: 0)                           // "3"
/// ```
///
/// - Parameters:
///   - text: A plain decimal number.
///   - places: The number of decimal places to show; a negative number counts as `0`.
///   - grouping: Whether to separate thousands in the integer part with commas.
/// - Returns: The formatted number, or `text` unchanged when it is not a plain decimal.
public func formatFixed(_ text: String, places: Int, grouping: Bool = false) -> String {
    guard let number = DecimalDigits(text) else { return text }
    return number.rounded(places: max(0, places)).formatted(grouping: grouping)
}

/// `text` with commas between groups of three digits in its integer part.
///
/// The fraction is kept as written; leading zeros of the integer part are dropped.
///
/// ```swift
/// groupingThousands("1000")            // "1,000"
/// groupingThousands("-1234567.891")    // "-1,234,567.891"
/// groupingThousands("999")             // "999"
/// ```
///
/// - Parameter text: A plain decimal number.
/// - Returns: The grouped number, or `text` unchanged when it is not a plain decimal.
public func groupingThousands(_ text: String) -> String {
    guard let number = DecimalDigits(text) else { return text }
    return number.formatted(grouping: true)
}

/// The fraction `text` as a percentage with `places` decimal places and a `%` sign.
///
/// The point is moved two places to the right on the digits, then the number is rounded
/// like ``formatFixed(_:places:grouping:)``.
///
/// ```swift
/// formatPercent("0.64")               // "64.00%"
/// formatPercent("1.2")                // "120.00%"
/// formatPercent("0.12345", places: 1) // "12.3%"
/// ```
///
/// - Parameters:
///   - text: A plain decimal fraction, where `1` means 100%.
///   - places: The number of decimal places to show; a negative number counts as `0`.
/// - Returns: The percentage, or `text` unchanged when it is not a plain decimal.
public func formatPercent(_ text: String, places: Int = 2) -> String {
    guard let number = DecimalDigits(text) else { return text }
    return number.shifted(by: 2).rounded(places: max(0, places)).formatted(grouping: false) + "%"
}
