/// Mail delivery as configured: the SMTP server and the sender.
public struct MailSettings: Sendable {
    public var server: SMTPServerURL
    public var from: MailMailbox

    public init(server: SMTPServerURL, from: MailMailbox) {
        self.server = server
        self.from = from
    }
}

extension Configuration {
    /// The mail settings, or `nil` without `LECTERN_SMTP_URL` (notifications stay in the outbox).
    /// - Throws: ``ConfigurationError`` naming `LECTERN_SMTP_URL` or `LECTERN_SMTP_FROM`; the
    ///   message never quotes the URL, which may hold a password.
    public func mailSettings() throws -> MailSettings? {
        var from: MailMailbox?
        if let smtpFrom {
            do {
                from = try MailMailbox(parsing: smtpFrom, field: "the sender")
            } catch {
                throw ConfigurationError.invalid("LECTERN_SMTP_FROM", "\(error)")
            }
        }
        guard let smtpURL else { return nil }
        let server: SMTPServerURL
        do {
            server = try SMTPServerURL(parsing: smtpURL)
        } catch {
            throw ConfigurationError.invalid("LECTERN_SMTP_URL", "\(error)")
        }
        guard let from else {
            throw ConfigurationError.invalid("LECTERN_SMTP_FROM", "not set, and mail (LECTERN_SMTP_URL) needs a sender address")
        }
        return MailSettings(server: server, from: from)
    }
}
