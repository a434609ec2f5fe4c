import Foundation
import FuzzSupport

/// libFuzzer's entry point, compiled in every build so a plain `swift build` checks it too.
@_cdecl("LLVMFuzzerTestOneInput")
public func venueFuzzInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    VenueFuzzRun.run(UnsafeRawBufferPointer(start: start, count: count))
    return 0
}

#if FUZZING
    /// The entry point SwiftPM links `main` to (see `LibFuzzer`): libFuzzer takes over.
    @_cdecl("VenueOrderFuzzer_main")
    func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
        LibFuzzer.run(argc: argc, argv: argv, target: venueFuzzInput)
    }
#else
    /// Without libFuzzer, replays the inputs named on the command line.
    @main
    enum Replay {
        static func main() {
            let status = FuzzReplay.main(arguments: CommandLine.arguments, target: VenueFuzzRun.run)
            if status != 0 { exit(status) }
        }
    }
#endif
