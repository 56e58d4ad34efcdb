import Foundation

/// `Content-Disposition` for a recording's bytes (SPEC §4): shown in the browser, under its
/// Drive name, encoded as RFC 8187 `filename*` so that any name survives.
public enum ContentDisposition {
    /// RFC 8187 `attr-char`: everything else is percent-encoded from UTF-8.
    private static let attrChar = CharacterSet(charactersIn:
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$&+-.^_`|~")

    /// `inline; filename*=UTF-8''…`.
    public static func inline(fileName: String) -> String {
        "inline; filename*=UTF-8''" + (fileName.addingPercentEncoding(withAllowedCharacters: attrChar) ?? "recording")
    }
}
