import Foundation
import KaoheCLI

exit(runKaohe(Array(CommandLine.arguments.dropFirst()), io: .standard()))
