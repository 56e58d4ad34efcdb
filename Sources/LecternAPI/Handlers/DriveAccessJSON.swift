import Foundation
import LecternStore

/// A Drive permission Lectern manages, as the API shows it (SPEC §4): every key present,
/// `message` (Google's words when it refused) and `checked_at` `null` when empty.
struct DriveAccessJSON: Encodable {
    var entry: DrivePermissionRepository.Entry

    init(_ entry: DrivePermissionRepository.Entry) {
        self.entry = entry
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(entry.id, forKey: .id)
        try container.encode(entry.folderID, forKey: .folderId)
        try container.encode(entry.folderPath, forKey: .folderPath)
        try container.encode(entry.email, forKey: .email)
        try container.encode(entry.role, forKey: .role)
        try container.encode(entry.status.rawValue, forKey: .status)
        try container.encode(entry.message, forKey: .message)
        try container.encode(entry.checkedAt, forKey: .checkedAt)
    }

    enum CodingKeys: String, CodingKey {
        case id, folderId, folderPath, email, role, status, message, checkedAt
    }
}
