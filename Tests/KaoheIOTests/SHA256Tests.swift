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

    /// A file read beside an earlier one has its bytes recorded, then hashed after the earlier
    /// file's: the digest of all of them in order. A recording goes back to a mark like a hash.
    @Test func recordedBytesHashInOrder() {
        let first = Array("第一个文件".utf8), second = Array("second file".utf8), third = Array("第三".utf8)
        let recorder = ConcurrentHasher(recording: true)
        recorder.add(second)
        let mark = recorder.snapshot()
        recorder.add(third, from: 0)
        recorder.restore(mark)
        #expect(recorder.recorded == second)
        recorder.add(third, from: 3)
        #expect(recorder.recorded == second + Array(third[3...]))

        let main = ConcurrentHasher()
        main.add(first)
        main.add(recorder.recorded)
        #expect(main.finish() == SHA256.hex(first + second + Array(third[3...])))
    }
}
