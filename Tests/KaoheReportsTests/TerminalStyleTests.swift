import Testing
@testable import KaoheReports

@Suite("Terminal style")
struct TerminalStyleTests {
    @Test("Enabled styles wrap text in ANSI codes that close themselves")
    func enabled() {
        let style = TerminalStyle(enabled: true)
        #expect(style.bold("总分") == "\u{1B}[1m总分\u{1B}[22m")
        #expect(style.dim("x") == "\u{1B}[2mx\u{1B}[22m")
        #expect(style.red("否决") == "\u{1B}[31m否决\u{1B}[39m")
        #expect(style.green("+3") == "\u{1B}[32m+3\u{1B}[39m")
        #expect(style.yellow("!") == "\u{1B}[33m!\u{1B}[39m")
        #expect(style.red("") == "")
    }

    @Test("Disabled styles return text unchanged")
    func disabled() {
        let style = TerminalStyle(enabled: false)
        #expect(style.bold("总分") == "总分")
        #expect(style.red("否决") == "否决")
        #expect(TerminalStyle.plain == style)
    }

    @Test("Detection honours NO_COLOR, TERM=dumb and the TTY")
    func detection() {
        #expect(TerminalStyle.detect(environment: [:], isTTY: true).isEnabled)
        #expect(!TerminalStyle.detect(environment: [:], isTTY: false).isEnabled)
        #expect(!TerminalStyle.detect(environment: ["NO_COLOR": "1"], isTTY: true).isEnabled)
        #expect(TerminalStyle.detect(environment: ["NO_COLOR": ""], isTTY: true).isEnabled)
        #expect(!TerminalStyle.detect(environment: ["TERM": "dumb"], isTTY: true).isEnabled)
        #expect(TerminalStyle.detect(environment: ["TERM": "xterm-256color"], isTTY: true).isEnabled)
    }
}
