import Foundation
@testable import KaoheGen

/// The repository's root folder (for rules/ and samples/).
let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// Generates a data set into a fresh temporary folder; the caller removes it.
func generate(units: Int, perUnit: Int, seed: UInt64) throws -> (URL, ProvinceGenerator.Report) {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kaohe-gen-\(UUID().uuidString)")
    let report = try ProvinceGenerator(GeneratorOptions(units: units, projectsPerUnit: perUnit, seed: seed,
                                                         out: dir.path, quiet: true)).run()
    return (dir, report)
}

func removeDir(_ url: URL) { try? FileManager.default.removeItem(at: url) }

func bytes(_ url: URL) -> [UInt8] { FileManager.default.contents(atPath: url.path).map { [UInt8]($0) } ?? [] }

/// A minimal CSV reader for the generator's own output (CRLF rows, `"` quoting).
func readCSV(_ url: URL) -> (header: [String], rows: [[String]]) {
    let text = String(decoding: bytes(url), as: UTF8.self)
    var rows: [[String]] = []
    var row: [String] = [], field = "", quoted = false
    var it = text.unicodeScalars.makeIterator()
    while let ch = it.next() {
        if quoted {
            if ch == "\"" { quoted = false } else { field.unicodeScalars.append(ch) }
            continue
        }
        switch ch {
        case "\"": quoted = true
        case ",": row.append(field); field = ""
        case "\r": break
        case "\n": row.append(field); field = ""; rows.append(row); row = []
        default: field.unicodeScalars.append(ch)
        }
    }
    if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
    guard let header = rows.first else { return ([], []) }
    return (header, Array(rows.dropFirst()))
}
