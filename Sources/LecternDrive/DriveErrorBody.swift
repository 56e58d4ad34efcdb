import Foundation

/// Drive's error document: `{"error":{"code":403,"message":"…","errors":[{"reason":"rateLimitExceeded",…}]}}`.
struct DriveErrorBody: Decodable {
    struct Detail: Decodable {
        var code: Int?
        var message: String?
        var errors: [Item]?
    }

    struct Item: Decodable {
        var reason: String?
        var message: String?
    }

    var error: Detail

    /// The document in `body`, if it is one.
    init?(_ body: [UInt8]) {
        guard let parsed = try? JSONDecoder().decode(DriveErrorBody.self, from: Data(body)) else { return nil }
        self = parsed
    }

    /// Every `errors[].reason`, in order.
    var reasons: [String] { error.errors?.compactMap(\.reason) ?? [] }

    /// Google's message, else the first error item's.
    var message: String? {
        [error.message, error.errors?.first?.message].compactMap { $0 }.first { !$0.isEmpty }
    }
}
