import Foundation
import LecternCore

/// A user as the API shows it.
struct UserJSON: JSONWritable {
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
    func write(to json: inout JSONWriter) {
        json.object { json in
            json.field("id", id)
            json.field("email", email)
            json.field("name", name)
            json.field("role", role)
            json.field("timezone", timezone)
            json.field("subscription_expires_at", subscriptionExpiresAt)
        }
    }
}
