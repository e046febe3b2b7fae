/// A decimal number held as its sign and its digits before and after the point.
///
/// The working form behind ``formatFixed(_:places:grouping:)``, ``groupingThousands(_:)`` and
/// ``formatPercent(_:places:)``: parsing, moving the point and rounding all act on the digit
/// arrays, so numbers of any length are exact.
///
/// ```swift
/// DecimalDigits("-2.345")?.rounded(places: 2).formatted(grouping: false)   // "-2.35"
/// ```
struct DecimalDigits: Equatable {
    /// Whether the number is written with a minus sign.
    var isNegative: Bool
    /// The integer digits, without leading zeros (empty for zero).
    var integer: [UInt8]
    /// The fraction digits, as many as given.
    var fraction: [UInt8]

    /// Parses a plain decimal: `[+-]digits[.digits]`, with digits on at least one side.
    init?(_ text: String) {
        var scalars = Substring(text).unicodeScalars[...]
        var negative = false
        if let sign = scalars.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            scalars.removeFirst()
        }
        var integer: [UInt8] = []
        var fraction: [UInt8] = []
        var seenPoint = false
        for scalar in scalars {
            if scalar == "." {
                guard !seenPoint else { return nil }
                seenPoint = true
            } else if ("0"..."9").contains(scalar) {
                let digit = UInt8(scalar.value - 48)
                if seenPoint { fraction.append(digit) } else { integer.append(digit) }
            } else {
                return nil
            }
        }
        guard !integer.isEmpty || !fraction.isEmpty else { return nil }
        self.init(isNegative: negative, integer: integer, fraction: fraction)
    }

    init(isNegative: Bool, integer: [UInt8], fraction: [UInt8]) {
        self.isNegative = isNegative
        self.integer = Array(integer.drop(while: { $0 == 0 }))
        self.fraction = fraction
    }

    /// The number multiplied by 10^`places` (`places` ≥ 0), by moving the point.
    func shifted(by places: Int) -> DecimalDigits {
        let moved = fraction.prefix(places) + Array(repeating: 0, count: max(0, places - fraction.count))
        return DecimalDigits(isNegative: isNegative, integer: integer + moved, fraction: Array(fraction.dropFirst(places)))
    }

    /// The number rounded half away from zero to exactly `places` fraction digits.
    func rounded(places: Int) -> DecimalDigits {
        if fraction.count <= places {
            let padding = Array(repeating: UInt8(0), count: places - fraction.count)
            return DecimalDigits(isNegative: isNegative, integer: integer, fraction: fraction + padding)
        }
        var digits = integer + fraction.prefix(places)
        if fraction[places] >= 5 {
            // Add one unit in the last kept place, carrying leftwards.
            var index = digits.count - 1
            var carry = true
            while carry && index >= 0 {
                if digits[index] == 9 {
                    digits[index] = 0
                    index -= 1
                } else {
                    digits[index] += 1
                    carry = false
                }
            }
            if carry { digits.insert(1, at: 0) }
        }
        let integerCount = digits.count - places
        return DecimalDigits(
            isNegative: isNegative,
            integer: Array(digits.prefix(integerCount)),
            fraction: Array(digits.suffix(places))
        )
    }

    /// The number as text: `-` only when it is not zero, `0` for an empty integer part.
    func formatted(grouping: Bool) -> String {
        let isZero = integer.allSatisfy { $0 == 0 } && fraction.allSatisfy { $0 == 0 }
        var integerText = integer.isEmpty ? "0" : String(decoding: integer.map { $0 + 0x30 }, as: UTF8.self)
        if grouping {
            var grouped = ""
            for (offset, character) in integerText.enumerated() {
                if offset > 0 && (integerText.count - offset) % 3 == 0 { grouped += "," }
                grouped.append(character)
            }
            integerText = grouped
        }
        let sign = isNegative && !isZero ? "-" : ""
        let fractionText = fraction.isEmpty ? "" : "." + String(decoding: fraction.map { $0 + 0x30 }, as: UTF8.self)
        return sign + integerText + fractionText
    }
}
