import Foundation
import LecternCore

/// A user as the API shows it.
struct UserJSON: Encodable {
    var id: Int64
    var email: String
    var name: String
    var role: String
    var timezone: String
    var subscriptionExpiresAt: Date?

    init(_ user: User) {
        id = user.id
        email = user.email
        name = user.name
        role = user.role.rawValue
        timezone = user.timezone
        subscriptionExpiresAt = user.subscriptionExpiresAt
    }

    // `nil` is written as `null` rather than left out: clients rely on every key being there.
    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(email, forKey: .email)
        try container.encode(name, forKey: .name)
        try container.encode(role, forKey: .role)
        try container.encode(timezone, forKey: .timezone)
        try container.encode(subscriptionExpiresAt, forKey: .subscriptionExpiresAt)
    }

    enum CodingKeys: String, CodingKey {
        case id, email, name, role, timezone, subscriptionExpiresAt
    }
}
