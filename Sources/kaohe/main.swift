import CKaoheMemory
import Foundation
import KaoheCLI

kaohe_tune_allocator()
exit(runKaohe(Array(CommandLine.arguments.dropFirst()), io: .standard()))
