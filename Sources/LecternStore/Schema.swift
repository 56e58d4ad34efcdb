/// Lectern's schema as versioned migrations, applied in order by `lectern migrate`.
///
/// A migration never changes once released; a later one alters what an earlier one made.
public enum Schema {
    public static let migrations: [Migration] = [
        Migration(version: 1, name: "users, tokens, login throttling, jobs", statements: [
            """
            CREATE TABLE users (
                id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
                email VARCHAR(254) NOT NULL,
                name VARCHAR(200) NOT NULL,
                role ENUM('admin','teacher','student') NOT NULL,
                password_hash VARCHAR(255) NULL,
                timezone VARCHAR(64) NOT NULL DEFAULT 'UTC',
                subscription_expires_at DATETIME(6) NULL,
                created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
                updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
                UNIQUE KEY users_email (email)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
            """,
            """
            CREATE TABLE api_tokens (
                id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
                user_id BIGINT NOT NULL,
                token_hash CHAR(64) CHARACTER SET ascii NOT NULL,
                created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
                expires_at DATETIME(6) NOT NULL,
                UNIQUE KEY api_tokens_hash (token_hash),
                KEY api_tokens_user (user_id),
                CONSTRAINT api_tokens_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
            """,
            """
            CREATE TABLE login_failures (
                id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
                email VARCHAR(254) NOT NULL,
                address VARCHAR(64) NOT NULL,
                failed_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
                KEY login_failures_email (email, failed_at),
                KEY login_failures_address (address, failed_at)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
            """,
            """
            CREATE TABLE jobs (
                id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
                kind VARCHAR(64) NOT NULL,
                subject VARCHAR(255) NULL,
                dedupe_key VARCHAR(191) NULL,
                payload LONGTEXT NOT NULL DEFAULT '{}',
                status ENUM('pending','running','done','failed','cancelled') NOT NULL DEFAULT 'pending',
                run_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
                attempts INT NOT NULL DEFAULT 0,
                max_attempts INT NOT NULL DEFAULT 8,
                locked_by VARCHAR(128) NULL,
                locked_until DATETIME(6) NULL,
                last_error TEXT NULL,
                created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
                updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
                finished_at DATETIME(6) NULL,
                UNIQUE KEY jobs_dedupe (dedupe_key),
                KEY jobs_due (status, run_at),
                KEY jobs_lease (status, locked_until),
                KEY jobs_subject (kind, subject)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
            """,
        ]),
    ]
}
