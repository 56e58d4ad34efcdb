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
        Migration(version: 2, name: "groups, lessons, Zoom pool, recordings, webhooks, events", statements: [
            """
            CREATE TABLE `groups` (
                id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
                teacher_id BIGINT NOT NULL,
                name VARCHAR(200) NOT NULL,
                created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
                updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
                KEY groups_teacher (teacher_id),
                CONSTRAINT groups_teacher_fk FOREIGN KEY (teacher_id) REFERENCES users (id)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
            """,
            """
            CREATE TABLE group_members (
                group_id BIGINT NOT NULL,
                student_id BIGINT NOT NULL,
                added_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
                PRIMARY KEY (group_id, student_id),
                KEY group_members_student (student_id),
                CONSTRAINT group_members_group_fk FOREIGN KEY (group_id) REFERENCES `groups` (id) ON DELETE CASCADE,
                CONSTRAINT group_members_student_fk FOREIGN KEY (student_id) REFERENCES users (id) ON DELETE CASCADE
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
            """,
            """
            CREATE TABLE zoom_apps (
                id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
                name VARCHAR(200) NOT NULL,
                kind ENUM('pool','personal','provider') NOT NULL,
                owner_user_id BIGINT NULL,
                account_id VARCHAR(128) NOT NULL,
                client_id VARCHAR(128) NOT NULL,
                client_secret_enc TEXT NOT NULL,
                webhook_secret_enc TEXT NULL,
                access_token_enc TEXT NULL,
                access_token_expires_at DATETIME(6) NULL,
                created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
                updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
                UNIQUE KEY zoom_apps_owner (kind, owner_user_id),
                CONSTRAINT zoom_apps_owner_fk FOREIGN KEY (owner_user_id) REFERENCES users (id) ON DELETE CASCADE
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
            """,
            """
            CREATE TABLE zoom_accounts (
                id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
                app_id BIGINT NOT NULL,
                email VARCHAR(254) NOT NULL,
                zoom_user_id VARCHAR(128) NULL,
                max_concurrent_meetings INT NOT NULL DEFAULT 1,
                is_active TINYINT(1) NOT NULL DEFAULT 1,
                last_used_at DATETIME(6) NULL,
                created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
                updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
                UNIQUE KEY zoom_accounts_email (email),
                CONSTRAINT zoom_accounts_app_fk FOREIGN KEY (app_id) REFERENCES zoom_apps (id)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
            """,
            """
            CREATE TABLE recurring_lessons (
                id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
                title VARCHAR(300) NOT NULL,
                teacher_id BIGINT NOT NULL,
                group_id BIGINT NOT NULL,
                day_of_week TINYINT NOT NULL,
                start_time TIME NOT NULL,
                duration_minutes INT NOT NULL,
                week_type ENUM('all','upper','lower') NOT NULL DEFAULT 'all',
                valid_from DATE NOT NULL,
                valid_until DATE NULL,
                timezone VARCHAR(64) NOT NULL,
                topics TEXT NULL,
                record_lesson TINYINT(1) NOT NULL DEFAULT 0,
                created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
                updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
                KEY recurring_lessons_teacher (teacher_id),
                KEY recurring_lessons_group (group_id),
                CONSTRAINT recurring_lessons_teacher_fk FOREIGN KEY (teacher_id) REFERENCES users (id),
                CONSTRAINT recurring_lessons_group_fk FOREIGN KEY (group_id) REFERENCES `groups` (id)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
            """,
            """
            CREATE TABLE lessons (
                id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
                title VARCHAR(300) NOT NULL,
                teacher_id BIGINT NOT NULL,
                group_id BIGINT NULL,
                start_time DATETIME(6) NOT NULL,
                end_time DATETIME(6) NOT NULL,
                topics TEXT NULL,
                record_lesson TINYINT(1) NOT NULL DEFAULT 0,
                status ENUM('scheduled','live','ended','cancelled') NOT NULL DEFAULT 'scheduled',
                zoom_meeting_id VARCHAR(32) NULL,
                zoom_uuid VARCHAR(128) NULL,
                zoom_start_url_enc TEXT NULL,
                zoom_join_url TEXT NULL,
                zoom_password VARCHAR(32) NULL,
                zoom_account_id BIGINT NULL,
                zoom_app_id BIGINT NULL,
                recurring_lesson_id BIGINT NULL,
                occurrence_date DATE NULL,
                started_at DATETIME(6) NULL,
                ended_at DATETIME(6) NULL,
                created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
                updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
                UNIQUE KEY lessons_occurrence (recurring_lesson_id, occurrence_date),
                KEY lessons_teacher_start (teacher_id, start_time),
                KEY lessons_group_start (group_id, start_time),
                KEY lessons_start (start_time),
                KEY lessons_meeting (zoom_meeting_id),
                KEY lessons_uuid (zoom_uuid),
                CONSTRAINT lessons_teacher_fk FOREIGN KEY (teacher_id) REFERENCES users (id),
                CONSTRAINT lessons_group_fk FOREIGN KEY (group_id) REFERENCES `groups` (id),
                CONSTRAINT lessons_account_fk FOREIGN KEY (zoom_account_id) REFERENCES zoom_accounts (id),
                CONSTRAINT lessons_app_fk FOREIGN KEY (zoom_app_id) REFERENCES zoom_apps (id),
                CONSTRAINT lessons_recurring_fk FOREIGN KEY (recurring_lesson_id) REFERENCES recurring_lessons (id)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
            """,
            """
            CREATE TABLE zoom_leases (
                id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
                account_id BIGINT NOT NULL,
                lesson_id BIGINT NULL,
                meeting_id VARCHAR(32) NULL,
                meeting_uuid VARCHAR(128) NULL,
                acquired_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
                released_at DATETIME(6) NULL,
                release_reason VARCHAR(64) NULL,
                KEY zoom_leases_account (account_id, released_at),
                KEY zoom_leases_lesson (lesson_id, released_at),
                KEY zoom_leases_meeting (meeting_id),
                KEY zoom_leases_uuid (meeting_uuid),
                CONSTRAINT zoom_leases_account_fk FOREIGN KEY (account_id) REFERENCES zoom_accounts (id),
                CONSTRAINT zoom_leases_lesson_fk FOREIGN KEY (lesson_id) REFERENCES lessons (id) ON DELETE SET NULL
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
            """,
            """
            CREATE TABLE recordings (
                id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
                zoom_file_id VARCHAR(128) NOT NULL,
                lesson_id BIGINT NULL,
                app_id BIGINT NULL,
                meeting_id VARCHAR(32) NULL,
                meeting_uuid VARCHAR(128) NOT NULL,
                host_email VARCHAR(254) NULL,
                topic VARCHAR(300) NOT NULL DEFAULT '',
                meeting_timezone VARCHAR(64) NULL,
                file_type VARCHAR(32) NOT NULL,
                file_extension VARCHAR(16) NOT NULL,
                recording_type VARCHAR(64) NULL,
                file_size BIGINT NOT NULL DEFAULT 0,
                recording_start DATETIME(6) NULL,
                recording_end DATETIME(6) NULL,
                download_url TEXT NULL,
                download_token_enc TEXT NULL,
                download_token_expires_at DATETIME(6) NULL,
                status ENUM('pending','downloading','uploading','ready','failed','deleted_in_zoom','expired') NOT NULL DEFAULT 'pending',
                attempts INT NOT NULL DEFAULT 0,
                last_error TEXT NULL,
                upload_session_enc TEXT NULL,
                upload_offset BIGINT NOT NULL DEFAULT 0,
                drive_file_id VARCHAR(128) NULL,
                drive_folder_id VARCHAR(128) NULL,
                web_view_link TEXT NULL,
                md5 CHAR(32) NULL,
                available_until DATETIME(6) NULL,
                deleted_in_zoom_at DATETIME(6) NULL,
                created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
                updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
                UNIQUE KEY recordings_file (zoom_file_id),
                KEY recordings_lesson (lesson_id),
                KEY recordings_meeting (meeting_uuid),
                KEY recordings_status (status),
                CONSTRAINT recordings_lesson_fk FOREIGN KEY (lesson_id) REFERENCES lessons (id) ON DELETE SET NULL
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
            """,
            """
            CREATE TABLE webhook_events (
                id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
                app_id BIGINT NULL,
                event VARCHAR(64) NOT NULL,
                tracking_id VARCHAR(128) NULL,
                event_ts BIGINT NULL,
                dedupe_key VARCHAR(191) NULL,
                body MEDIUMTEXT NOT NULL,
                outcome VARCHAR(64) NOT NULL,
                received_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
                KEY webhook_events_dedupe (dedupe_key),
                KEY webhook_events_received (received_at)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
            """,
            """
            CREATE TABLE drive_folders (
                id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
                path_hash CHAR(64) CHARACTER SET ascii NOT NULL,
                path TEXT NOT NULL,
                folder_id VARCHAR(128) NULL,
                created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
                UNIQUE KEY drive_folders_path (path_hash)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
            """,
            """
            CREATE TABLE event_providers (
                id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
                name VARCHAR(200) NOT NULL,
                app_id BIGINT NOT NULL,
                event_type ENUM('meeting','webinar') NOT NULL,
                host_user_id BIGINT NOT NULL,
                zoom_user_id VARCHAR(254) NOT NULL,
                created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
                CONSTRAINT event_providers_app_fk FOREIGN KEY (app_id) REFERENCES zoom_apps (id),
                CONSTRAINT event_providers_host_fk FOREIGN KEY (host_user_id) REFERENCES users (id)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
            """,
            """
            CREATE TABLE events (
                id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
                title VARCHAR(300) NOT NULL,
                provider_id BIGINT NOT NULL,
                start_time DATETIME(6) NOT NULL,
                duration_minutes INT NOT NULL,
                host_id BIGINT NOT NULL,
                description TEXT NULL,
                status ENUM('draft','scheduled','cancelled','finished') NOT NULL DEFAULT 'draft',
                reminders VARCHAR(64) NOT NULL DEFAULT '',
                zoom_id VARCHAR(32) NULL,
                zoom_join_url TEXT NULL,
                zoom_start_url_enc TEXT NULL,
                created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
                updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
                KEY events_start (start_time),
                CONSTRAINT events_provider_fk FOREIGN KEY (provider_id) REFERENCES event_providers (id),
                CONSTRAINT events_host_fk FOREIGN KEY (host_id) REFERENCES users (id)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
            """,
            """
            CREATE TABLE event_participants (
                event_id BIGINT NOT NULL,
                user_id BIGINT NOT NULL,
                PRIMARY KEY (event_id, user_id),
                CONSTRAINT event_participants_event_fk FOREIGN KEY (event_id) REFERENCES events (id) ON DELETE CASCADE,
                CONSTRAINT event_participants_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
            """,
            """
            CREATE TABLE notifications (
                id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
                kind VARCHAR(32) NOT NULL,
                recipient_user_id BIGINT NULL,
                recipient_email VARCHAR(254) NOT NULL,
                subject VARCHAR(300) NOT NULL,
                body TEXT NOT NULL,
                due_at DATETIME(6) NOT NULL,
                sent_at DATETIME(6) NULL,
                attempts INT NOT NULL DEFAULT 0,
                last_error TEXT NULL,
                dedupe_key VARCHAR(191) NULL,
                created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
                UNIQUE KEY notifications_dedupe (dedupe_key),
                KEY notifications_due (sent_at, due_at)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
            """,
        ]),
        // Mail delivery of the outbox (duty.send_notifications): a short per-row claim so that
        // two transfer processes never send the same row, the retry time of a failed send
        // (due_at keeps the original due time), and when a row was given up or skipped.
        Migration(version: 3, name: "notifications mail delivery: claim lease, retry_at, failed_at", statements: [
            """
            ALTER TABLE notifications
                ADD COLUMN claimed_by VARCHAR(128) NULL AFTER last_error,
                ADD COLUMN claimed_until DATETIME(6) NULL AFTER claimed_by,
                ADD COLUMN retry_at DATETIME(6) NULL AFTER claimed_until,
                ADD COLUMN failed_at DATETIME(6) NULL AFTER retry_at,
                ADD KEY notifications_outbox (sent_at, failed_at, due_at)
            """,
        ]),
        driveSharing,
        startClaims,
        eventRecordings,
    ]
}
