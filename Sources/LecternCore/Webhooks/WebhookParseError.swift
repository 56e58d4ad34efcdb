/// Why a delivery's body cannot be acted on; the API answers it as a 400 naming the field.
public struct WebhookParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A sentence for the 400's detail, e.g. `payload.object.uuid: this field is required.`
    public var detail: String

    public init(_ detail: String) {
        self.detail = detail
    }

    public static let notJSON = WebhookParseError("The request body is not a JSON object.")

    static func missing(_ field: String) -> WebhookParseError {
        WebhookParseError("\(field): this field is required.")
    }

    static func invalid(_ field: String, _ problem: String) -> WebhookParseError {
        WebhookParseError("\(field): \(problem)")
    }

    /// A decoder's complaint as a sentence naming the field by its JSON path.
    init(_ error: DecodingError) {
        switch error {
        case .keyNotFound(let key, let context):
            self = .missing(Self.path(context.codingPath + [key]))
        case .valueNotFound(_, let context):
            self = .invalid(Self.path(context.codingPath), "this field may not be null.")
        case .typeMismatch(_, let context):
            self = context.codingPath.isEmpty
                ? .notJSON : .invalid(Self.path(context.codingPath), "this field has the wrong type.")
        case .dataCorrupted(let context):
            self = context.codingPath.isEmpty
                ? .notJSON : .invalid(Self.path(context.codingPath), "this field is invalid.")
        @unknown default:
            self = .notJSON
        }
    }

    public var description: String { detail }

    private static func path(_ keys: [CodingKey]) -> String {
        var text = ""
        for key in keys {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += (text.isEmpty ? "" : ".") + key.stringValue
            }
        }
        return text
    }
}
