extension Schema {
    /// Recordings of a provider's event (SPEC §5): filed under `Events/{event title}` and shown
    /// to the event's host and participants.
    static let eventRecordings = Migration(version: 6, name: "recordings of events: event_id", statements: [
        """
        ALTER TABLE recordings
            ADD COLUMN event_id BIGINT NULL AFTER lesson_id,
            ADD KEY recordings_event (event_id),
            ADD CONSTRAINT recordings_event_fk FOREIGN KEY (event_id) REFERENCES events (id) ON DELETE SET NULL
        """,
    ])
}
