import Testing
@testable import Kaohe

@Suite struct ParallelCollectTests {
    /// The elements come in the pieces' order, whatever the number of pieces, with the ones a
    /// piece skips left out (moved together, no gap, nothing lost or doubled).
    @Test func elementsInOrderWithSkippedOnesLeftOut() {
        // 0..<1000, multiples of 7 skipped: 1000 − 143 = 857 strings (a type with storage).
        let expected = (0..<1000).filter { $0 % 7 != 0 }.map { "unit \($0)" }
        #expect(expected.count == 857)
        for pieces in [1, 2, 3, 8, 999, 1000, 5000] {
            let got = parallelCollect(1000, pieces: pieces) { range, emit in
                for i in range where i % 7 != 0 { emit("unit \(i)") }
            }
            #expect(got == expected, "\(pieces) pieces")
        }
        // Every element of the first pieces skipped: the later ones moved to the front.
        let tail = parallelCollect(10, pieces: 5) { range, emit in
            for i in range where i >= 8 { emit([i, i]) }
        }
        #expect(tail == [[8, 8], [9, 9]])
        // None at all, and a count of 0.
        #expect(parallelCollect(10, pieces: 4) { (_: Range<Int>, _: (Int) -> Void) in }.isEmpty)
        #expect(parallelCollect(0, pieces: 4) { (_: Range<Int>, emit: (Int) -> Void) in emit(1) }.isEmpty)
    }

    /// More than one element for an index of a piece's range: the extra ones are dropped, the
    /// piece keeps as many as its range has.
    @Test func extraElementsAreDropped() {
        let got = parallelCollect(4, pieces: 2) { range, emit in
            for i in range { emit(i); emit(i + 100) }
        }
        // Piece 0 is 0..<2 (keeps 0, 100), piece 1 is 2..<4 (keeps 2, 102).
        #expect(got == [0, 100, 2, 102])
    }
}
