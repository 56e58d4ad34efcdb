extension ScheduleAccess {
    /// What `user` may do with an event: admins and its host everything, its participants
    /// read it, anyone else cannot see it.
    public static func ofEvent(_ user: User, hostID: Int64, isParticipant: Bool) -> ScheduleAccess {
        if user.role == .admin || user.id == hostID { return .write }
        return isParticipant ? .read : .invisible
    }
}
