package mms.spec.match;

import java.util.EnumSet;
import java.util.Set;

/**
/**
 * Which names an expression may use. The original's machines watcher offers the functions
 * {@code identity}, {@code has_file}, {@code has_directory} and {@code has_command}; its plugins
 * watcher and {@code choria machine plugins matcher} add {@code get_fact}. mms offers
 * {@code get_fact} to both, so a specification can match on facts whichever watcher applies it.
 * The expression watcher's {@code success_when} and {@code fail_when} see the variables
 * {@code identity} (the identity itself, a string), {@code data} (the machine data) and
 * {@code facts}, and the function {@code get_fact}.
 */
public enum Dialect {
    /** The machines watcher's environment: every node function, {@code get_fact} included (the original has no {@code get_fact} here). */
    MACHINES(Function.NODE, EnumSet.noneOf(Variable.class)),
    /** The plugins watcher's environment: every node function. */
    PLUGINS(Function.NODE, EnumSet.noneOf(Variable.class)),
    /**
     * The expression watcher's environment: {@code identity}, {@code data} and {@code facts} as
     * values, and {@code get_fact}.
     */
    EXPRESSION(EnumSet.of(Function.GET_FACT), EnumSet.allOf(Variable.class)),
    /**
     * The templates of Hiera documents ({@code {{ lookup('facts.role') | lower() }}}), as the
     * original's CCM resolver evaluates them for the kv watcher's {@code hiera_config}: only
     * {@code lookup(path[, default])}, a GJSON path into {@code {"facts": …, "data": null,
     * "environ": null}}; a missing value without a default is the empty string.
     */
    HIERA(EnumSet.of(Function.LOOKUP), EnumSet.noneOf(Variable.class));

    private final Set<Function> functions;
    private final Set<Variable> variables;

    Dialect(Set<Function> functions, Set<Variable> variables) {
        this.functions = functions;
        this.variables = variables;
    }

    Set<Function> functions() {
        return functions;
    }

    /** The variable called {@code name} in this environment, or null. */
    Variable variable(String name) {
        Variable v = Variable.named(name);
        return v != null && variables.contains(v) ? v : null;
    }

    /** A value the environment offers by name. */
    enum Variable {
        /** The node identity, a string (unlike the matchers' {@code identity(re)} function). */
        IDENTITY("identity", Type.STRING),
        /** The machine data, an object. */
        DATA("data", Type.MAP),
        /** The node's facts, an object. */
        FACTS("facts", Type.MAP);

        final String wireName;
        final Type type;

        Variable(String wireName, Type type) {
            this.wireName = wireName;
            this.type = type;
        }

        static Variable named(String name) {
            for (Variable v : values()) {
                if (v.wireName.equals(name)) {
                    return v;
                }
            }
            return null;
        }
    }

    /**
     * The environment's functions, each taking a string argument; {@code lookup} takes a default
     * value too.
     */
    enum Function {
        IDENTITY("identity", Type.BOOL),
        HAS_FILE("has_file", Type.BOOL),
        HAS_DIRECTORY("has_directory", Type.BOOL),
        HAS_COMMAND("has_command", Type.BOOL),
        GET_FACT("get_fact", Type.ANY),
        LOOKUP("lookup", Type.ANY);

        /** The functions matchers offer: what the node has and is. */
        static final Set<Function> NODE = EnumSet.of(IDENTITY, HAS_FILE, HAS_DIRECTORY, HAS_COMMAND, GET_FACT);

        final String wireName;
        final Type result;

        Function(String wireName, Type result) {
            this.wireName = wireName;
            this.result = result;
        }

        static Function named(String name) {
            for (Function f : values()) {
                if (f.wireName.equals(name)) {
                    return f;
                }
            }
            return null;
        }
    }
}
