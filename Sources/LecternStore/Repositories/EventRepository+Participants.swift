extension EventRepository {
    /// Adds participants; adding one twice changes nothing.
    public func addParticipants(eventID: Int64, userIDs: [Int64]) throws {
        try db.transaction { tx in
            for userID in Set(userIDs) {
                try tx.execute("""
                    INSERT INTO event_participants (event_id, user_id) VALUES (?, ?)
                    ON DUPLICATE KEY UPDATE user_id = user_id
                    """, [.int(eventID), .int(userID)])
            }
        }
    }

    /// Removes a participant; `false` when they were not one.
    public func removeParticipant(eventID: Int64, userID: Int64) throws -> Bool {
        try db.execute("DELETE FROM event_participants WHERE event_id = ? AND user_id = ?",
                       [.int(eventID), .int(userID)]).affectedRows == 1
    }
}
