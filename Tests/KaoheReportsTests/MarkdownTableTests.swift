import Testing
@testable import KaoheReports

@Suite("Markdown table")
struct MarkdownTableTests {
    @Test("Alignment markers and display-width padding")
    func layout() {
        let table = MarkdownTable(
            header: ["单位", "得分", "等次"],
            alignments: [.left, .right, .center],
            rows: [["城关镇", "80.70", "良好"], ["Riverside", "5"]]
        )
        #expect(table.render() == """
            | 单位      |  得分 | 等次 |
            | :-------- | ----: | :--: |
            | 城关镇    | 80.70 | 良好 |
            | Riverside |     5 |      |

            """)
        let lines = table.render().split(separator: "\n").map(String.init)
        #expect(Set(lines.map(displayWidth)).count == 1)
    }

    @Test("Pipes and line breaks are escaped")
    func escaping() {
        #expect(MarkdownTable.escape("a|b") == "a\\|b")
        #expect(MarkdownTable.escape("第一行\n第二行") == "第一行<br>第二行")
        #expect(MarkdownTable.escape("a\r\nb\rc") == "a<br>b<br>c")
        #expect(MarkdownTable.escape("*强调*") == "*强调*")
        let table = MarkdownTable(header: ["备注"], rows: [["a|b\nc"]])
        #expect(table.render() == """
            | 备注      |
            | :-------- |
            | a\\|b<br>c |

            """)
    }

    @Test("Missing alignments are left; no header gives nothing")
    func defaults() {
        #expect(MarkdownTable(header: ["a"]).render() == "| a   |\n| :-- |\n")
        #expect(MarkdownTable(header: []).render() == "")
    }
}
