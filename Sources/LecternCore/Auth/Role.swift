/// What a user is to the school; decides what they may see and do.
public enum Role: String, Sendable, Codable, CaseIterable {
    case admin, teacher, student
}
