import CKaoheSIMD
import Foundation
import Kaohe

/// Strict UTF-8 validation that says where the first invalid byte is.
///
/// Strict means the Unicode definition: no overlong forms, no surrogates, nothing above
/// U+10FFFF. Runs of ASCII are skipped eight bytes at a time, so validating a 260 MB ledger
/// costs a few tens of milliseconds.
enum UTF8Validation {
    /// Whether all of `buffer` is valid UTF-8; checked on all cores when it is large, in pieces
    /// that start at an ASCII byte so that no character is cut in two.
    static func isValid(_ body: UnsafeBufferPointer<UInt8>) -> Bool { check(body).valid }

    /// Whether all of `body` is valid UTF-8, and whether a byte of it is 0 (a sign of UTF-16
    /// or binary), in one pass: with the CPU's vector instructions where it has them
    /// (``CKaoheSIMD``), else by ``firstInvalidByte(in:)`` and `memchr`. On all cores when
    /// `body` is large, in pieces that start at an ASCII byte so that no character is cut in two.
    static func check(_ body: UnsafeBufferPointer<UInt8>) -> (valid: Bool, hasNul: Bool) {
        let c = checkCountingQuotes(body, counting: false)
        return (c.valid, c.hasNul)
    }

    /// ``check(_:)``, which also counts the quote characters of `body` (in the same pass with
    /// vector instructions): a CSV block without any needs no second scan for them.
    static func checkCountingQuotes(_ body: UnsafeBufferPointer<UInt8>, counting: Bool = true) -> (valid: Bool, hasNul: Bool, quotes: Int) {
        let pieces = body.count < (1 << 22) ? 1 : 8
        var bounds = [0]
        for k in 1..<pieces {
            var i = max(body.count * k / pieces, bounds[bounds.count - 1])
            while i < body.count, body[i] >= 0x80 { i += 1 }
            bounds.append(i)
        }
        bounds.append(body.count)
        let shared = UncheckedSendable(body)
        let results = parallelMap(bounds.count - 1) { k in
            piece(UnsafeBufferPointer(rebasing: shared.value[bounds[k]..<bounds[k + 1]]), countingQuotes: counting)
        }
        return (results.allSatisfy(\.valid), results.contains(where: \.hasNul), results.reduce(0) { $0 + $1.quotes })
    }

    /// One piece's check: vector instructions, or the scalar reference. `quotes`: the quote
    /// characters, when `countingQuotes` (else 0).
    static func piece(_ bytes: UnsafeBufferPointer<UInt8>, vector: Bool = true,
                      countingQuotes: Bool = false) -> (valid: Bool, hasNul: Bool, quotes: Int) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return (true, false, 0) }
        if vector, hasVectorCheck {
            var nul: Int32 = 0
            var quotes = 0
            let answer = countingQuotes ? kaohe_utf8_check_counting_quotes(base, bytes.count, &nul, &quotes)
                : kaohe_utf8_check(base, bytes.count, &nul)
            if answer >= 0 { return (answer == 1, nul != 0, quotes) }
        }
        return (firstInvalidByte(in: bytes) == nil, memchr(base, 0, bytes.count) != nil,
                countingQuotes ? CSVColumnReader.countQuotes(bytes, 0, bytes.count) : 0)
    }

    /// Whether this machine checks UTF-8 with vector instructions (asked once, before any
    /// piece is checked on the cores).
    static let hasVectorCheck = kaohe_has_avx2() == 1

    /// The offset of the first byte that is not part of valid UTF-8, or nil when all are.
    static func firstInvalidByte(in bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { firstInvalidByte(in: $0) }
    }

    /// The offset of the first byte that is not part of valid UTF-8, or nil when all are.
    static func firstInvalidByte(in buffer: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = buffer.baseAddress else { return nil }
        let count = buffer.count
        var i = 0
        while i < count {
            // ASCII fast path, eight bytes at a time.
            while i + 8 <= count {
                let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 != 0 { break }
                i += 8
            }
            guard i < count else { break }
            // Runs of three-byte characters led by E1–EC, EE or EF (Chinese text: every such
            // lead with two continuation bytes is valid, no overlong form or surrogate among
            // them), four bytes read at a time.
            while i + 4 <= count {
                let w = UnsafeRawPointer(base + i).loadUnaligned(as: UInt32.self)
                let lead = UInt8(truncatingIfNeeded: w)
                guard lead >= 0xE1, lead <= 0xEF, lead != 0xED, w & 0x00C0_C000 == 0x0080_8000 else { break }
                i += 3
            }
            guard i < count else { break }
            let b0 = base[i]
            if b0 < 0x80 {
                i += 1
                continue
            }
            @inline(__always) func continuation(_ k: Int) -> Bool {
                i + k < count && base[i + k] & 0xC0 == 0x80
            }
            switch b0 {
            case 0xC2...0xDF:
                guard continuation(1) else { return i }
                i += 2
            case 0xE0...0xEF:
                guard i + 1 < count else { return i }
                let b1 = base[i + 1]
                let low: UInt8 = b0 == 0xE0 ? 0xA0 : 0x80   // no overlong forms
                let high: UInt8 = b0 == 0xED ? 0x9F : 0xBF  // no surrogates
                guard b1 >= low, b1 <= high, continuation(2) else { return i }
                i += 3
            case 0xF0...0xF4:
                guard i + 1 < count else { return i }
                let b1 = base[i + 1]
                let low: UInt8 = b0 == 0xF0 ? 0x90 : 0x80   // no overlong forms
                let high: UInt8 = b0 == 0xF4 ? 0x8F : 0xBF  // nothing above U+10FFFF
                guard b1 >= low, b1 <= high, continuation(2), continuation(3) else { return i }
                i += 4
            default:
                return i
            }
        }
        return nil
    }
}
