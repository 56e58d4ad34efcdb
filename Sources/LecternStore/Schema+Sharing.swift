extension Schema {
    /// Drive permissions Lectern created or tried to create (SPEC §7 "Sharing"): one row per
    /// folder and email, with Drive's permission id once granted, Google's message when
    /// refused, the retry time of a refusal, and when it was last checked. Only these are
    /// ever removed from Drive.
    static let driveSharing = Migration(version: 4, name: "drive_permissions: the Drive sharing Lectern manages", statements: [
        """
        CREATE TABLE IF NOT EXISTS drive_permissions (
            id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
            folder_id VARCHAR(128) NOT NULL,
            folder_path TEXT NOT NULL,
            email VARCHAR(254) NOT NULL,
            role VARCHAR(32) NOT NULL DEFAULT 'reader',
            permission_id VARCHAR(128) NULL,
            status ENUM('granted','failed','revoked') NOT NULL,
            message TEXT NULL,
            attempts INT NOT NULL DEFAULT 0,
            retry_at DATETIME(6) NULL,
            checked_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
            created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
            updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
            UNIQUE KEY drive_permissions_grant (folder_id, email),
            KEY drive_permissions_status (status, id)
        ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
        """,
    ])
}
