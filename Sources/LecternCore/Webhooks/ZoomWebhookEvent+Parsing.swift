import Foundation

extension ZoomWebhookEvent {
    /// Longest meeting id and UUID stored (the columns' sizes); longer ones are malformed.
    static let maxMeetingIDLength = 32
    static let maxIdentifierLength = 128

    /// Parses a delivery's raw body.
    ///
    /// Identifiers are checked strictly (a wrong type or a missing UUID is a 400); descriptive
    /// fields (topic, times, sizes) leniently, so that an unexpected variant of one of them
    /// cannot make Zoom retry and then drop an event. Text is clipped to its column's size.
    /// - Throws: ``WebhookParseError``.
    public static func parse(_ body: [UInt8]) throws -> ZoomWebhookEvent {
        do {
            return try JSONDecoder().decode(Envelope.self, from: Data(body)).event
        } catch let error as WebhookParseError {
            throw error
        } catch let error as DecodingError {
            throw WebhookParseError(error)
        } catch {
            throw WebhookParseError.notJSON
        }
    }

    private enum EnvelopeKey: String, CodingKey {
        case event, eventTs = "event_ts", payload, downloadToken = "download_token"
    }

    private enum PayloadKey: String, CodingKey {
        case plainToken, object
    }

    private enum ObjectKey: String, CodingKey {
        case id, uuid, topic, timezone
        case hostID = "host_id", hostEmail = "host_email", startTime = "start_time", endTime = "end_time"
        case recordingFiles = "recording_files"
    }

    private enum FileKey: String, CodingKey {
        case id, status
        case fileType = "file_type", fileExtension = "file_extension", recordingType = "recording_type"
        case fileSize = "file_size", recordingStart = "recording_start", recordingEnd = "recording_end"
        case downloadURL = "download_url"
    }

    private struct Envelope: Decodable {
        var event: ZoomWebhookEvent

        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: EnvelopeKey.self)
            let name = try container.decode(String.self, forKey: .event)
            guard !name.isEmpty else { throw WebhookParseError.invalid("event", "this field may not be blank.") }
            let timestamp = container.lenient(Int64.self, .eventTs)
            let action: Action
            switch name {
            case "endpoint.url_validation":
                let payload = try container.nestedContainer(keyedBy: PayloadKey.self, forKey: .payload)
                let token = try payload.decode(String.self, forKey: .plainToken)
                guard !token.isEmpty else {
                    throw WebhookParseError.invalid("payload.plainToken", "this field may not be blank.")
                }
                action = .validateURL(plainToken: token)
            case "meeting.started", "meeting.ended":
                let meeting = try MeetingObject(from: Self.object(container)).meeting
                guard meeting.id != nil || meeting.uuid != nil else { throw WebhookParseError.missing("payload.object.uuid") }
                action = name == "meeting.started" ? .meetingStarted(meeting) : .meetingEnded(meeting)
            case "recording.completed", "recording.transcript_completed", "recording.trashed", "recording.deleted":
                let object = try MeetingObject(from: Self.object(container))
                guard object.meeting.uuid != nil else { throw WebhookParseError.missing("payload.object.uuid") }
                let recordings = WebhookRecordings(meeting: object.meeting,
                                                   downloadToken: container.lenient(String.self, .downloadToken),
                                                   files: object.files)
                action = name.hasSuffix("completed") ? .recordingsCompleted(recordings) : .recordingsRemoved(recordings)
            default:
                action = .unknown
            }
            event = ZoomWebhookEvent(name: name, eventTimestamp: timestamp, action: action)
        }

        /// A decoder for `payload.object`.
        private static func object(_ container: KeyedDecodingContainer<EnvelopeKey>) throws -> Decoder {
            let payload = try container.nestedContainer(keyedBy: PayloadKey.self, forKey: .payload)
            return try payload.superDecoder(forKey: .object)
        }
    }

    private struct MeetingObject: Decodable {
        var meeting: WebhookMeeting
        var files: [WebhookRecordingFile]

        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: ObjectKey.self)
            let id = try container.decodeIfPresent(Identifier.self, forKey: .id)?.text
            let uuid = try container.decodeIfPresent(String.self, forKey: .uuid)
            if let id, id.isEmpty || id.unicodeScalars.count > ZoomWebhookEvent.maxMeetingIDLength {
                throw WebhookParseError.invalid("payload.object.id", "expected a meeting id of 1 to 32 characters.")
            }
            if let uuid, uuid.isEmpty || uuid.utf8.count > ZoomWebhookEvent.maxIdentifierLength {
                throw WebhookParseError.invalid("payload.object.uuid", "expected a meeting UUID of 1 to 128 bytes.")
            }
            meeting = WebhookMeeting(
                id: id, uuid: uuid,
                topic: container.lenient(String.self, .topic)?.clipped(to: 300),
                hostID: container.lenient(String.self, .hostID)?.clipped(to: 128),
                hostEmail: container.lenient(String.self, .hostEmail)?.clipped(to: 254),
                timezone: container.lenient(String.self, .timezone)?.clipped(to: 64),
                startTime: container.lenient(String.self, .startTime).flatMap(WebhookTime.parse),
                endTime: container.lenient(String.self, .endTime).flatMap(WebhookTime.parse))
            files = try container.decodeIfPresent([FileObject].self, forKey: .recordingFiles)?.map(\.file) ?? []
        }
    }

    private struct FileObject: Decodable {
        var file: WebhookRecordingFile

        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: FileKey.self)
            let id = try container.decode(String.self, forKey: .id)
            guard !id.isEmpty, id.utf8.count <= ZoomWebhookEvent.maxIdentifierLength else {
                throw DecodingError.dataCorruptedError(forKey: .id, in: container,
                                                       debugDescription: "expected a file id of 1 to 128 bytes.")
            }
            let type = container.lenient(String.self, .fileType) ?? ""
            file = WebhookRecordingFile(
                id: id, fileType: type.clipped(to: 32),
                fileExtension: (container.lenient(String.self, .fileExtension) ?? type).clipped(to: 16),
                recordingType: container.lenient(String.self, .recordingType)?.clipped(to: 64),
                fileSize: max(0, container.lenient(Int64.self, .fileSize) ?? 0),
                recordingStart: container.lenient(String.self, .recordingStart).flatMap(WebhookTime.parse),
                recordingEnd: container.lenient(String.self, .recordingEnd).flatMap(WebhookTime.parse),
                downloadURL: container.lenient(String.self, .downloadURL),
                status: container.lenient(String.self, .status)?.clipped(to: 32))
        }
    }

    /// A meeting id: Zoom sends it as a string in meeting events and a number in recording ones.
    private struct Identifier: Decodable {
        var text: String

        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) {
                self.text = text
            } else if let number = try? container.decode(Int64.self) {
                text = String(number)
            } else {
                throw DecodingError.typeMismatch(String.self, .init(codingPath: decoder.codingPath,
                                                                    debugDescription: "expected a string or an integer."))
            }
        }
    }
}

/// Zoom's timestamps, `2025-01-15T10:00:02Z`, with or without fractional seconds.
enum WebhookTime {
    private static let plain = Date.ISO8601FormatStyle()
    private static let fractional = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    static func parse(_ text: String) -> Date? {
        (try? plain.parse(text)) ?? (try? fractional.parse(text))
    }
}

extension KeyedDecodingContainer {
    /// The value when present and of the right type, else `nil`.
    func lenient<T: Decodable>(_ type: T.Type, _ key: Key) -> T? {
        (try? decodeIfPresent(type, forKey: key)) ?? nil
    }
}

extension String {
    /// At most `limit` Unicode scalars, as MariaDB counts characters in a `VARCHAR(limit)`.
    func clipped(to limit: Int) -> String {
        unicodeScalars.count <= limit ? self : String(String.UnicodeScalarView(unicodeScalars.prefix(limit)))
    }
}
