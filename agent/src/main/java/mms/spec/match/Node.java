package mms.spec.match;

import java.util.List;

/**
 * The syntax tree of a matcher, shaped as expr-lang's; {@code pos} is the offset reported in
 * errors about the node.
 */
sealed interface Node {

    int pos();

    /** {@code true}, {@code 42}, {@code 1.5}, {@code 'x'}, {@code nil} (value null). */
    record Literal(Object value, int pos) implements Node {}

    record ArrayLiteral(List<Node> elements, int pos) implements Node {}

    /**
     * A map literal. A key written as a name, number or string is a string {@link Literal}; a key
     * in parentheses is an expression that must give a string.
     */
    record MapLiteral(List<Node> keys, List<Node> values, int pos) implements Node {}

    /** A name: a variable of {@code let}, or a function of the environment or a built-in not called. */
    record Identifier(String name, int pos) implements Node {}

    /**
     * A call of a function of the environment ({@code identity(re)}) or of a built-in
     * ({@code len(x)}, {@code filter(xs, # > 1)}); the value before a pipe is the first argument.
     * The second argument of the built-ins that take a predicate is a {@link Predicate}.
     */
    record Call(String name, List<Node> args, int pos) implements Node {}

    /** {@code obj.name(args)}: a method call, which no matcher value supports. */
    record MethodCall(Node object, String name, List<Node> args, int pos) implements Node {}

    /** A predicate, {@code {# > 1}} or {@code # > 1}: evaluated once per element by its built-in. */
    record Predicate(Node body, int pos) implements Node {}

    /**
     * {@code #} (the current element, also implied by a leading {@code .name}), {@code #index} or
     * {@code #acc} inside a predicate; {@code name} is empty for {@code #}.
     */
    record Pointer(String name, int pos) implements Node {}

    /** {@code !}, {@code not}, {@code -}, {@code +}. */
    record Unary(String op, Node operand, int pos) implements Node {}

    /** A binary operator, including the range {@code ..} and {@code ??}; {@code pos} is the operator's. */
    record Binary(String op, Node left, Node right, int pos) implements Node {}

    /**
     * {@code a || b || c} or {@code a && b && c}: operands joined by one logical operator
     * ({@code &&} or {@code ||}), evaluated left to right with short-circuit, exactly as the
     * left-nested binary operators expr-lang builds. Kept flat so that a long list of alternatives
     * is one level deep rather than thousands. {@code operators.get(i)} is the offset of the
     * operator before operand {@code i + 1}; {@code pos} is the first operator's.
     */
    record Logical(String op, List<Node> operands, List<Integer> operators) implements Node {
        public Logical {
            operands = List.copyOf(operands);
            operators = List.copyOf(operators);
            if (operands.size() < 2 || operators.size() != operands.size() - 1) {
                throw new IllegalArgumentException("a logical chain needs n >= 2 operands and n - 1 operators");
            }
        }

        @Override
        public int pos() {
            return operators.getFirst();
        }
    }

    /** {@code c ? a : b}, {@code a ?: b} and {@code if c { a } else { b }}. */
    record Conditional(Node condition, Node whenTrue, Node whenFalse, int pos) implements Node {}

    /**
     * {@code obj.name}, {@code obj?.name}, {@code obj[index]}, {@code obj?.[index]}; {@code pos} is
     * the name's, or the bracket's.
     */
    record Member(Node object, Node property, boolean optional, int pos) implements Node {}

    /**
     * A chain of member accesses containing {@code ?.}: when an optional access finds nil, the
     * whole chain is nil.
     */
    record Chain(Node inner) implements Node {
        @Override
        public int pos() {
            return inner.pos();
        }
    }

    /** {@code obj[from:to]}; {@code from} and {@code to} are null when omitted. */
    record Slice(Node object, Node from, Node to, int pos) implements Node {}

    /** {@code a; b; c}: evaluates each, gives the last. */
    record Sequence(List<Node> nodes) implements Node {
        public Sequence {
            nodes = List.copyOf(nodes);
        }

        @Override
        public int pos() {
            return nodes.getFirst().pos();
        }
    }

    /** {@code let name = value; body}. */
    record Let(String name, Node value, Node body, int pos) implements Node {}
}
