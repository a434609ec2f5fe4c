#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The `main` of a fuzz target built without libFuzzer: runs the target once on each file named on the
/// command line, and on each file inside each directory named.
///
/// This is how CI replays the committed seed corpus and past crash inputs with a plain `swift build`:
/// an input that still traps ends the process the way it did under the fuzzer, naming the file first.
public enum FuzzReplay {
    /// Replays every input named in `arguments` (the program name first, as in `CommandLine.arguments`)
    /// through `target`; returns the process's exit status: 0 when every input ran, 2 for a usage error
    /// or a path that cannot be read.
    public static func main(arguments: [String], target: (UnsafeRawBufferPointer) -> Void) -> Int32 {
        let paths = arguments.dropFirst().filter { !$0.hasPrefix("-") }
        guard !paths.isEmpty else {
            print("usage: \(arguments.first ?? "fuzz-target") FILE_OR_DIRECTORY...")
            print("Replays each input through the fuzz target; build with -sanitize=fuzzer -DFUZZING to fuzz.")
            return 2
        }
        var replayed = 0
        for path in paths {
            guard let files = inputFiles(at: path) else {
                print("cannot read \(path)")
                return 2
            }
            for file in files {
                guard let data = FileManager.default.contents(atPath: file) else {
                    print("cannot read \(file)")
                    return 2
                }
                // Named before it runs, so a trap's output says which input it was.
                print("replaying \(file) (\(data.count) bytes)")
                data.withUnsafeBytes(target)
                replayed += 1
            }
        }
        print("replayed \(replayed) inputs, none trapped")
        return 0
    }

    /// `path` itself if it is a file, the regular files directly inside it (sorted, hidden ones left out)
    /// if it is a directory, `nil` if it does not exist.
    private static func inputFiles(at path: String) -> [String]? {
        var isDirectory = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return nil }
        guard isDirectory else { return [path] }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return nil }
        return names.filter { !$0.hasPrefix(".") }.sorted().map { "\(path)/\($0)" }.filter { file in
            var nested = false
            return FileManager.default.fileExists(atPath: file, isDirectory: &nested) && !nested
        }
    }
}
