import LecternCommands

// The executable is only an entry point; the commands live in LecternCommands, where tests reach them.
Lectern.main()
