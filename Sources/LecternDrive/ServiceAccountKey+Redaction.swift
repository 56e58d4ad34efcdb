extension ServiceAccountKey: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The account and key id; the private key is left out so that logging a key is harmless.
    public var description: String {
        "ServiceAccountKey(client_email: \(clientEmail), private_key_id: \(privateKeyID), token_uri: \(tokenURI))"
    }

    public var debugDescription: String { description }

    /// What `dump` and mirrors see: everything but the private key.
    public var customMirror: Mirror {
        Mirror(self, children: ["type": type, "projectID": projectID as Any, "privateKeyID": privateKeyID,
                                "clientEmail": clientEmail, "tokenURI": tokenURI])
    }
}
