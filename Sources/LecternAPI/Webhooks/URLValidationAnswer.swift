/// Zoom's url-validation answer, `{"plainToken", "encryptedToken"}`: camelCase, unlike the
/// rest of the API, as Zoom names them.
struct URLValidationAnswer: JSONWritable {
    var plainToken: String
    var encryptedToken: String

    func write(to json: inout JSONWriter) {
        json.object { json in
            json.field("encryptedToken", encryptedToken)
            json.field("plainToken", plainToken)
        }
    }
}
