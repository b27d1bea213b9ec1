package mms.template;

import java.util.List;
import java.util.stream.Collectors;

/** The parse tree; each node's {@code toString} is the source form Go uses in error messages. */
sealed interface Node {

    int pos();

    record ListNode(int pos, List<Node> nodes) implements Node {
        @Override
        public String toString() {
            return nodes.stream().map(Node::toString).collect(Collectors.joining());
        }
    }

    record TextNode(int pos, String text) implements Node {
        @Override
        public String toString() {
            return text;
        }
    }

    record ActionNode(int pos, PipeNode pipe) implements Node {
        @Override
        public String toString() {
            return "{{" + pipe + "}}";
        }
    }

    enum Branch { IF, RANGE, WITH }

    /** {@code if}, {@code range} and {@code with}; {@code elseList} may be null. */
    record BranchNode(int pos, Branch kind, PipeNode pipe, ListNode list, ListNode elseList) implements Node {
        @Override
        public String toString() {
            String name = kind.name().toLowerCase();
            String otherwise = elseList == null ? "" : "{{else}}" + elseList;
            return "{{" + name + " " + pipe + "}}" + list + otherwise + "{{end}}";
        }
    }

    record BreakNode(int pos) implements Node {
        @Override
        public String toString() {
            return "{{break}}";
        }
    }

    record ContinueNode(int pos) implements Node {
        @Override
        public String toString() {
            return "{{continue}}";
        }
    }

    record PipeNode(int pos, boolean isAssign, List<String> decl, List<CommandNode> cmds) implements Node {
        @Override
        public String toString() {
            String head = decl.isEmpty() ? "" : String.join(", ", decl) + (isAssign ? " = " : " := ");
            return head + cmds.stream().map(CommandNode::toString).collect(Collectors.joining(" | "));
        }
    }

    record CommandNode(int pos, List<Node> args) implements Node {
        @Override
        public String toString() {
            return args.stream()
                    .map(a -> a instanceof PipeNode ? "(" + a + ")" : a.toString())
                    .collect(Collectors.joining(" "));
        }
    }

    record IdentifierNode(int pos, String name) implements Node {
        @Override
        public String toString() {
            return name;
        }
    }

    /** {@code $x} or {@code $x.a.b}: the first ident is the variable name. */
    record VariableNode(int pos, List<String> idents) implements Node {
        @Override
        public String toString() {
            return String.join(".", idents);
        }
    }

    record DotNode(int pos) implements Node {
        @Override
        public String toString() {
            return ".";
        }
    }

    record NilNode(int pos) implements Node {
        @Override
        public String toString() {
            return "nil";
        }
    }

    record FieldNode(int pos, List<String> idents) implements Node {
        @Override
        public String toString() {
            return idents.stream().map(i -> "." + i).collect(Collectors.joining());
        }
    }

    record ChainNode(int pos, Node node, List<String> fields) implements Node {
        @Override
        public String toString() {
            String base = node instanceof PipeNode ? "(" + node + ")" : node.toString();
            return base + fields.stream().map(i -> "." + i).collect(Collectors.joining());
        }
    }

    record BoolNode(int pos, boolean value) implements Node {
        @Override
        public String toString() {
            return Boolean.toString(value);
        }
    }

    /** A number literal; {@code value} is its ideal constant: a {@link Long} (Go int) or {@link Double}. */
    record NumberNode(int pos, String text, Object value) implements Node {
        @Override
        public String toString() {
            return text;
        }
    }

    record StringNode(int pos, String quoted, String text) implements Node {
        @Override
        public String toString() {
            return quoted;
        }
    }
}
