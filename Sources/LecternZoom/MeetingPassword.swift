import LecternCrypto

/// Meeting passcodes as Zoom accepts them: at most 10 characters of `[A-Za-z0-9@-_*]`.
public enum MeetingPassword {
    public static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789@-_*")
    public static let length = 10

    /// A random passcode with at least one letter and one digit (accounts may require both).
    public static func generate(random: (Int) -> [UInt8] = SecureRandom.bytes) -> String {
        while true {
            var characters: [Character] = []
            while characters.count < length {
                for byte in random(length * 2) where characters.count < length {
                    // Rejection sampling keeps every character equally likely.
                    let limit = 256 - 256 % alphabet.count
                    if Int(byte) < limit { characters.append(alphabet[Int(byte) % alphabet.count]) }
                }
            }
            if characters.contains(where: \.isLetter), characters.contains(where: \.isNumber) {
                return String(characters)
            }
        }
    }

    /// Whether Zoom would accept `password`.
    public static func isValid(_ password: String) -> Bool {
        !password.isEmpty && password.count <= length && password.allSatisfy { alphabet.contains($0) }
    }
}
