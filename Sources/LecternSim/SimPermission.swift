import Foundation
import LecternCrypto

/// A direct permission on an emulated Drive file or folder (Drive v3 `permissions`).
struct SimPermission: Codable, Equatable {
    var fileID: String
    /// Google gives a person one permission id, the same on every file.
    var id: String
    var type: String
    var role: String
    var emailAddress: String

    /// The id Google would give `email`: a long number derived from the address alone.
    static func id(for email: String) -> String {
        let digest = Digest.sha256(Array(email.lowercased().utf8))
        return digest.prefix(8).reduce("") { $0 + String($1 % 100).leftPadded(to: 2) }
    }

    /// Drive v3's permission resource, with `permissionDetails` as shared drives give them.
    struct Resource: Encodable {
        var kind = "drive#permission"
        var id: String
        var type: String
        var role: String
        var emailAddress: String
        var permissionDetails: [Detail]
    }

    struct Detail: Encodable {
        var permissionType = "file"
        var role: String
        var inherited: Bool
        var inheritedFrom: String?
    }
}

/// A refusal armed for one email address (`POST /_sim/drive/permission-refusals`): every
/// permission created for it is answered with this error, in Google's shape, until cleared.
struct SimPermissionRefusal: Codable, Equatable {
    var email: String
    var status: Int?
    var reason: String?
    var message: String?
}

private extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
