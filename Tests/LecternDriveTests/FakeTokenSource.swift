import LecternDrive

/// Hands out `tok-1`, `tok-2`, … counting refreshes.
final class FakeTokenSource: DriveTokenSource {
    private(set) var current = "tok-1"
    private(set) var refreshes: [String] = []

    func accessToken() throws -> String { current }

    func refresh(rejecting stale: String) throws -> String {
        refreshes.append(stale)
        current = "tok-\(refreshes.count + 1)"
        return current
    }
}
