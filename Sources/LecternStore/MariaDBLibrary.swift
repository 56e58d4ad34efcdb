import CMariaDB

/// Process-wide libmariadb set-up.
enum MariaDBLibrary {
    // A global `let` initializer runs exactly once, even with connections on several threads;
    // `mysql_init` would otherwise race to initialise the library itself.
    private static let initialized: Void = {
        _ = mysql_server_init(0, nil, nil)
    }()

    static func initialize() {
        _ = initialized
    }
}
