import Foundation

/// Wall-clock seconds of `body` (monotonic clock).
func measureSeconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// The process's peak resident set size in MiB (Linux `VmHWM`), or nil where unavailable.
func peakResidentMegabytes() -> Double? {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        let digits = line.split(separator: " ").dropFirst().first.flatMap { Double($0) }
        return digits.map { $0 / 1024 }
    }
    return nil
}

/// Prints one measurement as a JSON object on one line.
func printJSON(_ fields: [String: Any]) {
    if let data = try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys]),
        let text = String(data: data, encoding: .utf8)
    {
        print(text)
    }
}
