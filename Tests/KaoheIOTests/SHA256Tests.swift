import Foundation
import Testing
@testable import KaoheIO

@Suite struct SHA256Tests {
    @Test func knownDigests() {
        // FIPS 180-4 examples.
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func splitUpdatesGiveTheSameDigest() {
        let message = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        var s = SHA256()
        s.update(Array(message[0..<3]))
        s.update(Array(message[3..<130]))
        s.update(Array(message[130...]))
        #expect(s.finish() == SHA256.hex(message))
        // One million 'a' (FIPS 180-4).
        #expect(SHA256.hex(Array(repeating: UInt8(ascii: "a"), count: 1_000_000)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// A file read beside an earlier one has its pieces recorded, then hashed after the earlier
    /// file's: the digest of all of them in order. A recording goes back to a mark like a hash.
    @Test func recordedBytesHashInOrder() {
        let first = Array("第一个文件".utf8), second = Array("second file".utf8), third = Array("第三".utf8)
        let recorder = ConcurrentHasher(recording: true)
        recorder.add(second)
        let mark = recorder.snapshot()
        recorder.add(third, from: 0)
        recorder.restore(mark)
        #expect(Self.bytes(recorder.recorded) == second)
        recorder.add(third, from: 3)
        #expect(Self.bytes(recorder.recorded) == second + Array(third[3...]))

        let main = ConcurrentHasher()
        main.add(first)
        main.add(recorder.recorded)
        #expect(main.finish() == SHA256.hex(first + second + Array(third[3...])))
    }

    /// A recording keeps a mapped window as it is (no copy), and copies a block, whose buffer is
    /// used again for the next bytes read: the digest is of the bytes as they were when added.
    @Test func recordedWindowsAndBlocks() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kaohe-sha-\(UUID().uuidString).txt").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let fileBytes = Array("项目编号,到位资金\nP1,12.5\n".utf8)
        try Data(fileBytes).write(to: URL(fileURLWithPath: path))
        let fd = open(path, O_RDONLY)
        #expect(fd >= 0)
        defer { close(fd) }
        let window = try #require(FileWindow(fd: fd, offset: 0, count: fileBytes.count))

        let block = ByteBlock(capacity: 16)
        let blockBytes = Array("abcdef".utf8)
        block.base.update(from: blockBytes, count: blockBytes.count)
        block.count = blockBytes.count

        let recorder = ConcurrentHasher(recording: true)
        recorder.add(window, from: 4)
        recorder.add(block, from: 2)
        recorder.wait()
        block.base.update(from: Array("zzzzzz".utf8), count: 6)   // the block read again
        let recorded = recorder.recorded
        // A window is kept, not copied; the block's bytes (cdef) were copied when added.
        if case .window(let w, let from) = recorded[0] { #expect(w === window && from == 4) } else { Issue.record("not a window") }
        #expect(Self.bytes(recorded) == Array(fileBytes[4...]) + Array("cdef".utf8))

        let main = ConcurrentHasher()
        main.add(Array("s".utf8))
        main.add(recorded)
        #expect(main.finish() == SHA256.hex(Array("s".utf8) + Array(fileBytes[4...]) + Array("cdef".utf8)))
    }

    static func bytes(_ pieces: [ConcurrentHasher.Piece]) -> [UInt8] {
        var out: [UInt8] = []
        for p in pieces { p.withBytes { out.append(contentsOf: $0) } }
        return out
    }
}
