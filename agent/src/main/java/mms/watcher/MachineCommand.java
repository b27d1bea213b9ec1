package mms.watcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import mms.process.CommandLine;
import mms.process.Environment;
import mms.process.ProcessRequest;
import mms.process.ProgramLookup;

/**
 * How watchers run a command line for their machine (exec {@code command}, nagios {@code plugin},
 * metric {@code command}), the same way for every type, as the original does for each of them: the
 * line is split into words without a shell ({@link CommandLine}), the child runs in the machine
 * directory with exactly {@code MACHINE_WATCHER_NAME}, {@code MACHINE_NAME},
 * {@code PATH=<agent PATH>:<machine directory>} and what the type adds, and nothing else of the
 * agent's environment (its store tokens and {@code MMS_*} settings never reach a check script). A
 * bare program name is looked up in the agent's {@code PATH}, as Go's {@code exec.Command} does,
 * not in the child's: a program shipped in the machine directory is run as {@code ./name}.
 */
public final class MachineCommand {
    private MachineCommand() {}

    /** Why a command line cannot run; the message says which command and why. */
    public static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message);
        }
    }

    /**
     * The variables every watcher command gets, and the only ones unless its type adds some, in
     * this order: {@code MACHINE_WATCHER_NAME}, {@code MACHINE_NAME}, {@code PATH}. A mutable copy,
     * so a type can add its own.
     *
     * @param machine the watcher's machine, not null
     * @param watcher the watcher's name, not null
     */
    public static Map<String, String> environment(MachineContext machine, String watcher) {
        Map<String, String> env = new LinkedHashMap<>();
        String agentPath = agentPath();
        Path directory = machine.directory();
        env.put("MACHINE_WATCHER_NAME", watcher);
        env.put("MACHINE_NAME", machine.name());
        env.put("PATH", agentPath.isEmpty() ? directory.toString() : agentPath + ":" + directory);
        return env;
    }

    /**
     * Splits a (rendered) command line into words.
     *
     * @throws Invalid when a quote or escape is not closed, or there is no word to run
     */
    public static List<String> words(String commandLine) throws Invalid {
        List<String> words;
        try {
            words = CommandLine.split(commandLine);
        } catch (IllegalArgumentException e) {
            throw new Invalid("could not split command '" + commandLine + "' into words: " + e.getMessage());
        }
        if (words.isEmpty()) {
            throw new Invalid("command '" + commandLine + "' has no words to run");
        }
        return words;
    }

    /**
     * A request to run {@code words} in the machine directory with exactly {@code environment},
     * whose program is looked up in the agent's {@code PATH} (a relative path is relative to the
     * machine directory).
     *
     * @param machine     the watcher's machine, not null
     * @param words       the program and its arguments, at least the program
     * @param environment the child's whole environment, usually from {@link #environment} plus
     *                    the type's own variables
     * @param stdio       where the child's streams go
     * @param timeout     when the process tree is killed; empty for never
     * @param disown      whether the process outlives an interrupted wait (see {@link ProcessRequest})
     * @throws Invalid when the program is not found or not executable
     */
    public static ProcessRequest request(MachineContext machine, List<String> words, Map<String, String> environment,
                                         ProcessRequest.Stdio stdio, Optional<Duration> timeout, boolean disown)
            throws Invalid {
        String agentPath = agentPath();
        Path directory = machine.directory();
        String name = words.getFirst();
        Optional<Path> program = ProgramLookup.find(name, agentPath, directory);
        if (program.isEmpty()) {
            throw new Invalid(name.contains("/")
                    ? "command '" + name + "' is not an executable file"
                    : "command '" + name + "' was not found in the agent's PATH " + agentPath
                            + " (a program in the machine directory is run as ./" + name + ")");
        }
        List<String> command = new ArrayList<>(words);
        command.set(0, program.get().toString());
        return new ProcessRequest(command, Optional.of(directory), Environment.exactly(environment), stdio, timeout,
                disown);
    }

    private static String agentPath() {
        return Objects.requireNonNullElse(System.getenv("PATH"), "");
    }
}
