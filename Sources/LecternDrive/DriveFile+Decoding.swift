extension DriveFile {
    enum CodingKeys: String, CodingKey {
        case id, name, size, md5Checksum, webViewLink, parents, appProperties, trashed, driveId
    }

    /// Drive v3 sends `size` as a string (`"12345"`, an int64 in JSON's terms); a number is
    /// accepted too, so that encoding a ``DriveFile`` and decoding it again gives it back.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        name = try container.decode(String.self, forKey: .name)
        if let text = try? container.decodeIfPresent(String.self, forKey: .size) {
            guard let size = Int64(text), size >= 0 else {
                throw DecodingError.dataCorruptedError(forKey: .size, in: container, debugDescription: "size is not a byte count")
            }
            self.size = size
        } else {
            size = try container.decodeIfPresent(Int64.self, forKey: .size)
        }
        md5Checksum = try container.decodeIfPresent(String.self, forKey: .md5Checksum)
        webViewLink = try container.decodeIfPresent(String.self, forKey: .webViewLink)
        parents = try container.decodeIfPresent([String].self, forKey: .parents)
        appProperties = try container.decodeIfPresent([String: String].self, forKey: .appProperties)
        trashed = try container.decodeIfPresent(Bool.self, forKey: .trashed)
        driveId = try container.decodeIfPresent(String.self, forKey: .driveId)
    }
}
