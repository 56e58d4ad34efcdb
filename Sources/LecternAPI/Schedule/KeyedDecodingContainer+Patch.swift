extension KeyedDecodingContainer {
    /// For PATCH bodies: `nil` when the key is absent; a present `null` is refused
    /// (the field cannot be cleared).
    func decodeIfGiven<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        contains(key) ? try decode(T.self, forKey: key) : nil
    }

    /// For PATCH bodies of clearable fields: `.none` when absent, `.some(nil)` for `null`.
    func decodeClearable<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T?? {
        contains(key) ? .some(try decodeIfPresent(T.self, forKey: key)) : .none
    }
}
