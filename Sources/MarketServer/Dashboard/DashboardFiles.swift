import Foundation
import Hummingbird

/// Serves the browser dashboard, the static files of `Public/`, at `/` (`index.html` for `/`).
///
/// Routes win: the files are only looked up for a GET or HEAD that no route answered, so `/api/...` and
/// `/ws/...` are never shadowed, and an unknown path still gets the JSON 404 of ``ErrorMiddleware``.
/// Files are sent with `Cache-Control: no-cache`, so a browser revalidates them (cheaply, by ETag) and a
/// new release is seen at the next reload.
public func addDashboard(to router: Router<MarketRequestContext>, publicDirectory: String) {
    router.add(
        middleware: FileMiddleware(
            publicDirectory,
            cacheControl: CacheControl([(MediaType(type: .any), [.noCache])]),
            searchForIndexHtml: true
        )
    )
}

/// Where the dashboard's files are: `PUBLIC_DIR` when set, else `./Public` when it exists (a release run
/// from its folder, or `swift run` from the package), else the package's own `Public/`, found from this
/// source file's path (tests and debug runs started elsewhere).
public func dashboardPublicDirectory(
    environment: [String: String] = ProcessInfo.processInfo.environment,
    currentDirectory: String = FileManager.default.currentDirectoryPath,
    sourceFile: String = #filePath
) -> String {
    if let configured = environment["PUBLIC_DIR"], !configured.isEmpty {
        return configured
    }
    let local = URL(fileURLWithPath: currentDirectory).appendingPathComponent("Public").path
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: local, isDirectory: &isDirectory), isDirectory.boolValue {
        return local
    }
    // Sources/MarketServer/Dashboard/DashboardFiles.swift → the package folder is four levels up.
    var package = URL(fileURLWithPath: sourceFile)
    for _ in 0..<4 { package.deleteLastPathComponent() }
    return package.appendingPathComponent("Public").path
}
