package mms.watcher;

import java.nio.file.Path;

/**
 * What a factory may know about the machine at load time.
 *
 * @param name      machine name
 * @param version   machine version
 * @param directory the machine directory (relative paths in properties resolve against it)
 */
public record MachineInfo(String name, String version, Path directory) {}
