import Foundation

/// Zoom's url-validation answer, `{"plainToken", "encryptedToken"}`: camelCase, unlike the
/// rest of the API, so it bypasses the API's snake_case encoder.
struct URLValidationAnswer: Encodable {
    var plainToken: String
    var encryptedToken: String

    static func encode(_ answer: URLValidationAnswer) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? Array(encoder.encode(answer))) ?? []
    }
}
