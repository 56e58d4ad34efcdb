import LecternCore

/// Hands one finished message to a mail server. Lectern's is ``SMTPClient``; tests use fakes.
public protocol MailTransport: AnyObject {
    /// Delivers `message` (RFC 5322 bytes, CRLF line ends) from `sender` to `recipients`.
    /// - Throws: ``SMTPError`` when the server did not accept it.
    func send(from sender: MailAddress, to recipients: [MailAddress], message: [UInt8]) throws
}
