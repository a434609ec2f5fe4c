#if FUZZING
    import LibFuzzerDriver

    /// Hands the process to libFuzzer.
    ///
    /// SwiftPM compiles an executable target's entry point as `<module>_main` and links `main` to it
    /// (so tests can link executables), which overrides the `main` libFuzzer brings. So each fuzz target
    /// defines `<module>_main` under -DFUZZING and calls this, which is what libFuzzer's `main` does.
    public enum LibFuzzer {
        /// The callback libFuzzer calls with each input.
        public typealias Target = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

        /// Runs libFuzzer with the process's arguments; returns its exit status.
        public static func run(
            argc: CInt, argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, target: Target
        ) -> CInt {
            var argc = argc
            var argv = argv
            return LLVMFuzzerRunDriver(&argc, &argv, target)
        }
    }
#endif
