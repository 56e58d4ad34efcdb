import Glibc

/// A directory only this user can enter, for files other local users must not replace or
/// read (the scoreboard in TCP mode, which has no socket directory to live beside).
public enum PrivateDirectory {
    /// Creates `path` with mode 0700, or accepts it when it already is a real directory (not
    /// a symlink) of this user that no one else may enter or write.
    /// - Throws: ``ProcessError/scoreboard(_:)`` naming what is wrong.
    public static func ensure(_ path: String) throws {
        if mkdir(path, 0o700) == 0 { return }
        guard errno == EEXIST else {
            throw ProcessError.scoreboard("cannot create \(path): \(String(cString: strerror(errno)))")
        }
        var info = stat()
        guard lstat(path, &info) == 0 else {
            throw ProcessError.scoreboard("cannot inspect \(path): \(String(cString: strerror(errno)))")
        }
        guard info.st_mode & S_IFMT == S_IFDIR, info.st_uid == getuid(), info.st_mode & 0o077 == 0 else {
            throw ProcessError.scoreboard("\(path) is not a private directory of this user (mode 0700)")
        }
    }
}
