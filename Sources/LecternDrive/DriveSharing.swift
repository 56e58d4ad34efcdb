/// The Drive calls of folder sharing (SPEC §7 "Sharing"), apart from ``Drive`` so that the
/// transfer pipeline's fakes need not grow. Every call sends `supportsAllDrives=true`; 429,
/// 5xx and rate-limit 403 are retried inside the call like uploads; a refusal is
/// ``DriveError/refused(status:reason:message:)`` with Google's message.
public protocol DriveSharing {
    /// Creates a `user` permission for `email` on `fileID` without a notification mail;
    /// returns Drive's permission id (the same for that person on every file).
    func createPermission(fileID: String, email: String, role: String) throws -> String
    /// Every permission on `fileID`, direct and inherited, following every `nextPageToken`.
    func permissions(fileID: String) throws -> [DrivePermission]
    /// Deletes one permission; a permission or file already gone is not an error.
    func deletePermission(fileID: String, permissionID: String) throws
    /// What a file is called and what it contains, for serving its bytes.
    func mediaInfo(fileID: String) throws -> DriveMediaInfo
}

/// One entry of `permissions.list` with `fields=nextPageToken,permissions(id,type,role,emailAddress,permissionDetails)`.
public struct DrivePermission: Codable, Sendable, Equatable {
    public struct Detail: Codable, Sendable, Equatable {
        public var inherited: Bool?
        public var role: String?

        public init(inherited: Bool?, role: String? = nil) {
            self.inherited = inherited
            self.role = role
        }
    }

    public var id: String
    public var type: String?
    public var role: String?
    public var emailAddress: String?
    public var permissionDetails: [Detail]?

    public init(id: String, type: String? = "user", role: String? = "reader", emailAddress: String?,
                permissionDetails: [Detail]? = nil) {
        self.id = id
        self.type = type
        self.role = role
        self.emailAddress = emailAddress
        self.permissionDetails = permissionDetails
    }

    /// Whether it was given on the item itself: on shared-drive items, an entry of
    /// `permissionDetails` with `inherited` false (only those can be deleted there).
    public var isDirect: Bool {
        guard let details = permissionDetails, !details.isEmpty else { return true }
        return details.contains { $0.inherited == false }
    }
}

/// `files/{id}?fields=id,name,mimeType,trashed`.
public struct DriveMediaInfo: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var mimeType: String?
    public var trashed: Bool?

    public init(id: String, name: String, mimeType: String?, trashed: Bool? = false) {
        self.id = id
        self.name = name
        self.mimeType = mimeType
        self.trashed = trashed
    }
}
