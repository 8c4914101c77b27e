import Foundation

/// The repository's `data/` folder.
var repositoryData: String {
    URL(fileURLWithPath: "\(#filePath)").deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("data").path
}
