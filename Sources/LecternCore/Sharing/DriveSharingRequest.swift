import Foundation

/// The `jobs` rows of Drive sharing (SPEC §7 "Sharing"): the hourly duty (payload `{}`), which
/// also lists each folder's permissions on Drive to repair drift, and the quick runs queued
/// when a membership changes or a folder is made, which compare with Lectern's own records only.
public enum DriveSharingRequest {
    public static let kind = "duty.drive_sharing"
    /// The hourly duty's period.
    public static let interval: Double = 3600

    /// A job's payload: `{"list_drive": false}` for a quick run; absent means `true`.
    public struct Payload: Codable, Sendable, Equatable {
        public var listDrive: Bool?

        enum CodingKeys: String, CodingKey {
            case listDrive = "list_drive"
        }

        public init(listDrive: Bool?) {
            self.listDrive = listDrive
        }
    }

    /// The payload of a run that lists Drive's permissions (`true`) or trusts the records.
    public static func payload(listDrive: Bool) -> String {
        let data = (try? JSONEncoder().encode(Payload(listDrive: listDrive))) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// Whether a job's payload asks for Drive's permissions to be listed (unreadable: yes).
    public static func listsDrive(payload: String) -> Bool {
        (try? JSONDecoder().decode(Payload.self, from: Data(payload.utf8)))?.listDrive ?? true
    }
}
