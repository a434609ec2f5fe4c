import Foundation
import FuzzSupport

/// libFuzzer's entry point, compiled in every build so a plain `swift build` checks it too.
@_cdecl("LLVMFuzzerTestOneInput")
public func orderBodyFuzzInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    OrderBodyCheck.run(UnsafeRawBufferPointer(start: start, count: count))
    return 0
}

#if FUZZING
    /// The entry point SwiftPM links `main` to (see `LibFuzzer`): libFuzzer takes over.
    @_cdecl("OrderBodyFuzzer_main")
    func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
        LibFuzzer.run(argc: argc, argv: argv, target: orderBodyFuzzInput)
    }
#else
    /// Without libFuzzer, replays the inputs named on the command line.
    @main
    enum Replay {
        static func main() {
            let status = FuzzReplay.main(arguments: CommandLine.arguments, target: OrderBodyCheck.run)
            if status != 0 { exit(status) }
        }
    }
#endif
