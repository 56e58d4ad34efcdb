/// Bearer tokens for Drive calls; one source serves every client in a process.
public protocol DriveTokenSource: AnyObject {
    /// A token that stays valid for a while yet.
    func accessToken() throws -> String
    /// A token other than `stale`, which Drive has just refused: a new one, unless another
    /// caller replaced `stale` meanwhile.
    func refresh(rejecting stale: String) throws -> String
}
