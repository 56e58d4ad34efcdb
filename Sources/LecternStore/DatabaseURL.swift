import Foundation

/// Where and as whom to connect: `mariadb://user:pass@host:port/db` or
/// `mariadb://user@localhost/db?socket=/path/to/mysql.sock`.
///
/// User and password are percent-decoded. `description` never shows the password, so the
/// value is safe to log.
public struct DatabaseURL: Sendable, Equatable, CustomStringConvertible {
    /// The account name.
    public var user: String
    /// The account password, if any.
    public var password: String?
    /// Host name or address; `localhost` when a socket is used.
    public var host: String
    /// TCP port (3306 unless given).
    public var port: Int
    /// The schema to use.
    public var database: String
    /// Unix socket path from the `socket` query parameter; when set, TCP is not used.
    public var socket: String?

    /// Parses a `mariadb://` URL, throwing `DatabaseError.badURL` naming what is wrong.
    public init(parsing text: String) throws {
        guard let parts = URLComponents(string: text) else {
            throw DatabaseError.badURL("not a URL")
        }
        guard parts.scheme?.lowercased() == "mariadb" else {
            throw DatabaseError.badURL("scheme must be mariadb://")
        }
        guard let user = parts.user, !user.isEmpty else {
            throw DatabaseError.badURL("missing user")
        }
        let database = String(parts.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else {
            throw DatabaseError.badURL("missing database name after the host")
        }
        if let port = parts.port, !(1...65535).contains(port) {
            throw DatabaseError.badURL("port out of range")
        }
        var socket: String?
        for item in parts.queryItems ?? [] {
            guard item.name == "socket", let value = item.value, !value.isEmpty else {
                throw DatabaseError.badURL("unsupported query parameter \(item.name)")
            }
            socket = value
        }
        let host = parts.host ?? ""
        guard !host.isEmpty || socket != nil else {
            throw DatabaseError.badURL("missing host")
        }
        self.user = user
        self.password = parts.password
        self.host = host.isEmpty ? "localhost" : host
        self.port = parts.port ?? 3306
        self.database = database
        self.socket = socket
    }

    /// The URL with the password replaced by `***`.
    public var description: String {
        let credentials = password == nil ? user : "\(user):***"
        let place = socket.map { "\(host)/\(database)?socket=\($0)" } ?? "\(host):\(port)/\(database)"
        return "mariadb://\(credentials)@\(place)"
    }
}
