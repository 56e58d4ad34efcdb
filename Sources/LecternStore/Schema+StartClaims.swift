extension Schema {
    /// Start/end claims as committed, replicated state instead of session locks (SPEC §14):
    /// a session lock (`GET_LOCK`) lives in one server's memory and dies with the session, so
    /// a dropped connection or a Galera fail-over let a second press in while the first was
    /// still waiting on Zoom. A claim is a random token with an expiry, written in the same
    /// transaction that plans the start; the storing transaction succeeds only while its
    /// token still holds. Leases remember the claim that took them, so a failed press gives
    /// back only its own. Meetings Zoom created that could not be attached, and that Zoom
    /// would not delete at once, wait in `zoom_orphan_meetings` for the stuck-host duty.
    static let startClaims = Migration(version: 5, name: "start and event claims, lease claims, orphan meetings", statements: [
        """
        ALTER TABLE lessons
            ADD COLUMN start_claim CHAR(32) CHARACTER SET ascii NULL,
            ADD COLUMN start_claim_until DATETIME(6) NULL
        """,
        "ALTER TABLE zoom_leases ADD COLUMN claim CHAR(32) CHARACTER SET ascii NULL",
        """
        ALTER TABLE events
            ADD COLUMN change_claim CHAR(32) CHARACTER SET ascii NULL,
            ADD COLUMN change_claim_until DATETIME(6) NULL
        """,
        """
        CREATE TABLE zoom_orphan_meetings (
            id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
            app_id BIGINT NOT NULL,
            meeting_id VARCHAR(32) NOT NULL,
            kind ENUM('meeting','webinar') NOT NULL DEFAULT 'meeting',
            reason VARCHAR(64) NOT NULL,
            attempts INT NOT NULL DEFAULT 0,
            last_error TEXT NULL,
            created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
            UNIQUE KEY zoom_orphan_meetings_meeting (app_id, meeting_id)
        ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
        """,
    ])
}
