/// A message the mail server did not take.
public struct SMTPError: Error, Equatable, CustomStringConvertible {
    /// libcurl's `CURLcode` (e.g. 55 when the server refused a command, 28 on timeout).
    public var curlCode: Int
    /// The server's last reply code (e.g. 550), when it answered at all.
    public var replyCode: Int?
    /// libcurl's explanation, with the password (if it ever showed up) replaced by `***`.
    public var message: String

    public init(curlCode: Int, replyCode: Int?, message: String) {
        self.curlCode = curlCode
        self.replyCode = replyCode
        self.message = message
    }

    public var description: String {
        let reply = replyCode.map { "SMTP \($0): " } ?? ""
        return "\(reply)\(message) (curl \(curlCode))"
    }
}
