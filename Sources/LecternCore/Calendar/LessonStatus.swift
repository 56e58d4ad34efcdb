/// Where a lesson is in its life: planned, in progress in Zoom, over, or called off.
public enum LessonStatus: String, Sendable, Codable, CaseIterable {
    case scheduled, live, ended, cancelled
}
