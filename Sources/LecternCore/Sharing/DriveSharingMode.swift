/// `LECTERN_DRIVE_SHARING` (SPEC §2): whether Lectern shares Drive folders with the people
/// who may see their recordings.
public enum DriveSharingMode: String, Sendable {
    /// Group folders for each group's students and teacher, host folders for their host.
    case groups
    /// Lectern grants nothing on Drive.
    case off
}
