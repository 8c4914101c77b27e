import Testing

@testable import FTNN

@Suite("Workspace: regions reused across calls; large ones on huge-page boundaries")
struct WorkspaceTests {
    @Test("a region grows only for a larger request and keeps its contents; small ones are 64-byte aligned")
    func reuse() {
        let workspace = Workspace()
        let a = workspace.buffer(0, 100, of: Float.self)
        a[99] = 7
        #expect(Int(bitPattern: a) % 64 == 0)
        #expect(workspace.buffer(0, 50, of: Float.self) == a && a[99] == 7)
        #expect(workspace.allocations == 1)
        _ = workspace.buffer(0, 101, of: Float.self)
        #expect(workspace.allocations == 2)
        #expect(
            workspace.zeros(1, 10).withMemoryRebound(to: UInt32.self, capacity: 10) { p in
                (0..<10).allSatisfy { p[$0] == 0 }
            })
    }

    @Test("a region of 4 MiB or more starts on a 2 MiB boundary and its whole rounded capacity is usable")
    func hugePages() {
        let workspace = Workspace()
        let count = (Workspace.hugePageThreshold + 12_345) / MemoryLayout<Float>.stride
        let region = workspace.buffer(0, count, of: Float.self)
        #expect(Int(bitPattern: region) % Workspace.hugePage == 0)
        // The capacity was rounded up to whole huge pages: a request up to it reuses the region.
        let rounded = (count * 4 + Workspace.hugePage - 1) / Workspace.hugePage * Workspace.hugePage / 4
        region.update(repeating: 1, count: rounded)
        #expect(workspace.buffer(0, rounded, of: Float.self) == region && workspace.allocations == 1)
        #expect(region[rounded - 1] == 1)
    }

    /// A first request is allocated exactly (most regions are asked for one size only); a region that grows
    /// gets a quarter more than asked, so a size that varies from batch to batch (the first stage's distinct
    /// ids) stops reallocating at every new largest batch (decision 0098).
    @Test("first requests are exact; a region that grows gets a quarter more")
    func regrowthHeadroom() {
        let workspace = Workspace()
        _ = workspace.buffer(0, 100, of: Float.self)
        #expect(workspace.allocations == 1)
        _ = workspace.buffer(0, 100, of: Float.self)
        _ = workspace.buffer(0, 40, of: Float.self)
        #expect(workspace.allocations == 1)
        _ = workspace.buffer(0, 101, of: Float.self)  // grows: capacity for 101 + 25 floats
        #expect(workspace.allocations == 2)
        _ = workspace.buffer(0, 126, of: Float.self)
        #expect(workspace.allocations == 2)
        _ = workspace.buffer(0, 127, of: Float.self)
        #expect(workspace.allocations == 3)
        _ = workspace.buffer(1, 8, of: Int32.self)
        _ = workspace.buffer(1, 9, of: Int32.self)  // the first request had no headroom
        #expect(workspace.allocations == 5)
    }
}
