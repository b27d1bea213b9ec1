package mms.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import mms.gofmt.GoFmt;
import mms.template.Funcs.Func;
import mms.template.Funcs.FuncError;
import mms.template.Funcs.Param;
import mms.template.Node.ActionNode;
import mms.template.Node.BoolNode;
import mms.template.Node.Branch;
import mms.template.Node.BranchNode;
import mms.template.Node.BreakNode;
import mms.template.Node.ChainNode;
import mms.template.Node.CommandNode;
import mms.template.Node.ContinueNode;
import mms.template.Node.DotNode;
import mms.template.Node.FieldNode;
import mms.template.Node.IdentifierNode;
import mms.template.Node.ListNode;
import mms.template.Node.NilNode;
import mms.template.Node.NumberNode;
import mms.template.Node.PipeNode;
import mms.template.Node.StringNode;
import mms.template.Node.TextNode;
import mms.template.Node.VariableNode;

/** One execution of a parsed template: Go's text/template exec.go state, over the values in {@link GoFmt}. */
final class Exec {

    /** No final value is passed along the pipeline (Go's {@code missingVal}). */
    private static final Object MISSING = new Object();

    /** A nil found in a map: printing it gives {@code <no value>}, but a field of it is an error. */
    private static final Object NIL_INTERFACE = new Object();

    private static final class Variable {
        final String name;
        Object value;

        Variable(String name, Object value) {
            this.name = name;
            this.value = value;
        }
    }

    /** An execution error, unwound to {@link #run} and turned into a {@link TemplateException}. */
    private static final class Failure extends RuntimeException {
        final Node node;

        Failure(Node node, String message, Throwable cause) {
            super(message, cause, false, false);
            this.node = node;
        }
    }

    private static final class Break extends RuntimeException {
        Break() {
            super(null, null, false, false);
        }
    }

    private static final class Continue extends RuntimeException {
        Continue() {
            super(null, null, false, false);
        }
    }

    private static final Break BREAK = new Break();
    private static final Continue CONTINUE = new Continue();

    private final String text;
    private final TemplateContext context;
    private final StringBuilder out = new StringBuilder();
    private final List<Variable> vars = new ArrayList<>();
    private Node at;
    private JsonNode document;

    Exec(String text, TemplateContext context) {
        this.text = text;
        this.context = context;
    }

    String run(ListNode root) throws TemplateException {
        vars.add(new Variable("$", null));
        try {
            walk(null, root);
        } catch (Failure f) {
            throw TemplateException.exec(text, f.node.pos(), f.node.toString(), f.getMessage(), f.getCause());
        }
        return out.toString();
    }

    /** The document {@code lookup} searches: {@code {"facts": ..., "data": ...}}, built on first use. */
    JsonNode document() {
        if (document == null) {
            ObjectNode doc = JsonNodeFactory.instance.objectNode();
            doc.set("facts", context.facts());
            doc.set("data", context.data());
            document = doc;
        }
        return document;
    }

    void info(String message) {
        context.infoLog().accept(message);
    }

    /** How {@code o} finds an override; empty outside nagios plugin commands. */
    Optional<Function<String, Optional<String>>> overrides() {
        return context.overrides();
    }

    private Failure fail(String message) {
        return new Failure(at, message, null);
    }

    private void walk(Object dot, Node node) {
        at = node;
        switch (node) {
            case ListNode list -> {
                for (Node n : list.nodes()) {
                    walk(dot, n);
                }
            }
            case TextNode t -> out.append(t.text());
            case ActionNode action -> {
                Object value = evalPipeline(dot, action.pipe());
                if (action.pipe().decl().isEmpty()) {
                    at = action;
                    out.append(value == null ? "<no value>" : GoFmt.value(value));
                }
            }
            case BranchNode b when b.kind() == Branch.RANGE -> walkRange(dot, b);
            case BranchNode b -> {
                int mark = vars.size();
                try {
                    Object value = evalPipeline(dot, b.pipe());
                    if (Funcs.truth(value)) {
                        walk(b.kind() == Branch.WITH ? value : dot, b.list());
                    } else if (b.elseList() != null) {
                        walk(dot, b.elseList());
                    }
                } finally {
                    pop(mark);
                }
            }
            case BreakNode b -> throw BREAK;
            case ContinueNode c -> throw CONTINUE;
            default -> throw fail("unknown node: " + node);
        }
    }

    private void walkRange(Object dot, BranchNode r) {
        int outer = vars.size();
        try {
            Object value = evalPipeline(dot, r.pipe());
            int mark = vars.size();
            boolean any = false;
            switch (value) {
                case null -> {
                    // like a nil map: nothing to iterate, not an error
                }
                case List<?> list -> {
                    for (int i = 0; i < list.size(); i++) {
                        any = true;
                        oneIteration(r, mark, (long) i, list.get(i));
                    }
                }
                case Map<?, ?> map -> {
                    List<String> keys = new ArrayList<>();
                    map.keySet().forEach(k -> keys.add((String) k));
                    keys.sort(null);
                    for (String k : keys) {
                        any = true;
                        oneIteration(r, mark, k, map.get(k));
                    }
                }
                case Long n -> {
                    if (r.pipe().decl().size() > 1) {
                        at = r;
                        throw fail("can't use " + GoFmt.value(n) + " to iterate over more than one variable");
                    }
                    for (long i = 0; i < n; i++) {
                        any = true;
                        oneIteration(r, mark, i, i);
                    }
                }
                default -> {
                    at = r;
                    throw fail("range can't iterate over " + GoFmt.value(value));
                }
            }
            if (!any && r.elseList() != null) {
                walk(dot, r.elseList());
            }
        } catch (Break b) {
            // {{break}} ends the loop
        } finally {
            pop(outer);
        }
    }

    private void oneIteration(BranchNode r, int mark, Object index, Object elem) {
        PipeNode pipe = r.pipe();
        List<String> decl = pipe.decl();
        if (!decl.isEmpty()) {
            if (pipe.isAssign()) {
                setVar(decl.getFirst(), decl.size() > 1 ? index : elem);
            } else {
                vars.get(vars.size() - 1).value = elem;
            }
        }
        if (decl.size() > 1) {
            if (pipe.isAssign()) {
                setVar(decl.get(1), elem);
            } else {
                vars.get(vars.size() - 2).value = index;
            }
        }
        try {
            walk(elem, r.list());
        } catch (Continue c) {
            // {{continue}} ends this iteration
        } finally {
            pop(mark);
        }
    }

    private void pop(int mark) {
        while (vars.size() > mark) {
            vars.removeLast();
        }
    }

    private void setVar(String name, Object value) {
        for (int i = vars.size() - 1; i >= 0; i--) {
            if (vars.get(i).name.equals(name)) {
                vars.get(i).value = value;
                return;
            }
        }
        throw fail("undefined variable: " + name);
    }

    private Object varValue(String name) {
        for (int i = vars.size() - 1; i >= 0; i--) {
            if (vars.get(i).name.equals(name)) {
                return vars.get(i).value;
            }
        }
        throw fail("undefined variable: " + name);
    }

    private Object evalPipeline(Object dot, PipeNode pipe) {
        at = pipe;
        Object value = MISSING;
        for (CommandNode cmd : pipe.cmds()) {
            value = evalCommand(dot, cmd, value);
        }
        for (String name : pipe.decl()) {
            if (pipe.isAssign()) {
                setVar(name, value);
            } else {
                vars.add(new Variable(name, value));
            }
        }
        return value;
    }

    private Object evalCommand(Object dot, CommandNode cmd, Object fin) {
        Node first = cmd.args().getFirst();
        switch (first) {
            case FieldNode f -> {
                return evalFieldChain(dot, dot, f, f.idents(), cmd.args(), fin);
            }
            case ChainNode c -> {
                return evalChainNode(dot, c, cmd.args(), fin);
            }
            case IdentifierNode id -> {
                return evalFunction(dot, id, cmd, cmd.args(), fin);
            }
            case PipeNode p -> {
                notAFunction(cmd.args(), fin);
                return evalPipeline(dot, p);
            }
            case VariableNode v -> {
                return evalVariableNode(dot, v, cmd.args(), fin);
            }
            default -> {
                // literals follow
            }
        }
        at = first;
        notAFunction(cmd.args(), fin);
        return switch (first) {
            case BoolNode b -> b.value();
            case DotNode d -> dot;
            case NilNode n -> throw fail("nil is not a command");
            case NumberNode n -> n.value();
            case StringNode s -> s.text();
            default -> throw fail("can't evaluate command " + first);
        };
    }

    private void notAFunction(List<Node> args, Object fin) {
        if (args.size() > 1 || fin != MISSING) {
            throw fail("can't give argument to non-function " + args.getFirst());
        }
    }

    private Object evalVariableNode(Object dot, VariableNode v, List<Node> args, Object fin) {
        at = v;
        Object value = varValue(v.idents().getFirst());
        if (v.idents().size() == 1) {
            notAFunction(args == null ? List.of(v) : args, fin);
            return value;
        }
        return evalFieldChain(dot, value, v, v.idents().subList(1, v.idents().size()), args, fin);
    }

    private Object evalChainNode(Object dot, ChainNode chain, List<Node> args, Object fin) {
        at = chain;
        if (chain.node() instanceof NilNode) {
            throw fail("indirection through explicit nil in " + chain);
        }
        Object value = evalArg(dot, Param.ANY, chain.node());
        return evalFieldChain(dot, value, chain, chain.fields(), args, fin);
    }

    private Object evalFieldChain(Object dot, Object receiver, Node node, List<String> idents, List<Node> args,
            Object fin) {
        int n = idents.size();
        for (int i = 0; i < n - 1; i++) {
            receiver = evalField(idents.get(i), node, null, MISSING, receiver);
        }
        Object value = evalField(idents.get(n - 1), node, args, fin, receiver);
        return value == NIL_INTERFACE ? null : value;
    }

    private Object evalField(String name, Node node, List<Node> args, Object fin, Object receiver) {
        at = node;
        if (receiver == null) {
            return null;
        }
        if (receiver == NIL_INTERFACE) {
            throw fail("nil pointer evaluating interface {}." + name);
        }
        boolean hasArgs = (args != null && args.size() > 1) || fin != MISSING;
        if (receiver instanceof Map<?, ?> map) {
            if (hasArgs) {
                throw fail(name + " is not a method but has arguments");
            }
            if (!map.containsKey(name)) {
                return null;
            }
            Object value = map.get(name);
            return value == null ? NIL_INTERFACE : value;
        }
        throw fail("can't evaluate field " + name + " in type " + GoFmt.typeName(receiver));
    }

    private Object evalFunction(Object dot, IdentifierNode id, Node cmd, List<Node> args, Object fin) {
        at = id;
        Func fn = Funcs.get(id.name());
        if (fn == null) {
            throw fail("\"" + id.name() + "\" is not a defined function");
        }
        return evalCall(dot, fn, cmd, args, fin);
    }

    private Object evalCall(Object dot, Func fn, Node node, List<Node> args, Object fin) {
        List<Node> argNodes = args == null ? List.of() : args.subList(1, args.size());
        int numIn = argNodes.size() + (fin != MISSING ? 1 : 0);
        int numFixed = fn.fixed().size();
        if (fn.variadic() != null) {
            if (numIn < numFixed) {
                throw fail("wrong number of args for " + fn.name() + ": want at least " + numFixed + " got " + numIn);
            }
        } else if (numIn != numFixed) {
            throw fail("wrong number of args for " + fn.name() + ": want " + numFixed + " got " + numIn);
        }
        if (fn.name().equals("and") || fn.name().equals("or")) {
            boolean or = fn.name().equals("or");
            Object v = null;
            for (Node arg : argNodes) {
                v = evalArg(dot, Param.ANY, arg);
                if (Funcs.truth(v) == or) {
                    return v;
                }
            }
            return fin != MISSING ? fin : v;
        }
        List<Object> argv = new ArrayList<>(numIn);
        for (int i = 0; i < argNodes.size(); i++) {
            Param type = i < numFixed ? fn.fixed().get(i) : fn.variadic();
            argv.add(evalArg(dot, type, argNodes.get(i)));
        }
        if (fin != MISSING) {
            Param type = fn.variadic() != null ? (argNodes.size() < numFixed ? fn.fixed().getLast() : fn.variadic())
                    : fn.fixed().getLast();
            argv.add(validate(fin, type));
        }
        try {
            return fn.impl().call(this, argv);
        } catch (FuncError e) {
            at = node;
            throw new Failure(node, "error calling " + fn.name() + ": " + e.getMessage(), e.getCause());
        }
    }

    private Object evalArg(Object dot, Param type, Node n) {
        at = n;
        switch (n) {
            case DotNode d -> {
                return validate(dot, type);
            }
            case NilNode nil -> {
                if (type == Param.STRING) {
                    throw fail("cannot assign nil to string");
                }
                return null;
            }
            case FieldNode f -> {
                return validate(evalFieldChain(dot, dot, f, f.idents(), List.of(n), MISSING), type);
            }
            case VariableNode v -> {
                return validate(evalVariableNode(dot, v, null, MISSING), type);
            }
            case PipeNode p -> {
                return validate(evalPipeline(dot, p), type);
            }
            case IdentifierNode id -> {
                return validate(evalFunction(dot, id, id, null, MISSING), type);
            }
            case ChainNode c -> {
                return validate(evalChainNode(dot, c, null, MISSING), type);
            }
            default -> {
                // literals follow
            }
        }
        at = n;
        return switch (type) {
            case ANY -> switch (n) {
                case BoolNode b -> b.value();
                case NumberNode num -> num.value();
                case StringNode s -> s.text();
                default -> throw fail("can't handle assignment of " + n + " to empty interface argument");
            };
            case STRING -> {
                if (n instanceof StringNode s) {
                    yield s.text();
                }
                throw fail("expected string; found " + n);
            }
            case STRING_LIST -> throw fail("can't handle " + n + " for arg of type []string");
        };
    }

    private Object validate(Object value, Param type) {
        return switch (type) {
            case ANY -> value;
            case STRING -> {
                if (value == null) {
                    throw fail("invalid value; expected string");
                }
                if (!(value instanceof String)) {
                    throw fail("wrong type for value; expected string; got " + GoFmt.typeName(value));
                }
                yield value;
            }
            case STRING_LIST -> {
                if (value != null) {
                    throw fail("wrong type for value; expected []string; got " + GoFmt.typeName(value));
                }
                yield null;
            }
        };
    }
}
