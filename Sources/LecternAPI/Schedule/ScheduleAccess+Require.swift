import LecternCore

extension ScheduleAccess {
    /// Answers SPEC §4's way when this access falls short of `need`: an object the caller may
    /// not see is a 404, one they may only read a 403 when they would change it.
    func require(_ need: ScheduleObjects.Need) throws {
        switch self {
        case .invisible: throw APIError.notFound
        case .read: if need == .write { throw APIError.forbidden }
        case .write: break
        }
    }
}
