import Foundation
import Testing
@testable import KaoheIO

/// Writing output files aside and renaming them over the target.
@Suite("Atomic file")
struct AtomicFileTests {
    func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kaohe-atomic-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("writes a new file, creating its folder, and leaves no temporary file")
    func writesNew() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("out/sub/score.json")
        try AtomicFile.write(Data("{\"a\": 1}".utf8), to: target)
        #expect(try String(contentsOf: target, encoding: .utf8) == "{\"a\": 1}")
        #expect(try FileManager.default.contentsOfDirectory(atPath: target.deletingLastPathComponent().path) == ["score.json"])
    }

    @Test("replaces an existing file")
    func replaces() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("sheet.md")
        try Data("old".utf8).write(to: target)
        try AtomicFile.write(Data("新的".utf8), to: target)
        #expect(try String(contentsOf: target, encoding: .utf8) == "新的")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["sheet.md"])
    }

    @Test("fails when the target is a folder, keeping it and removing the temporary file")
    func failsOnFolder() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("taken")
        try FileManager.default.createDirectory(at: target.appendingPathComponent("inside"), withIntermediateDirectories: true)
        #expect(throws: AtomicFile.WriteError.self) { try AtomicFile.write(Data("x".utf8), to: target) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["taken"])
    }
}
