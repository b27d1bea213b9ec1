package mms.spec.match;

import java.util.List;

/** The syntax tree of a matcher; {@code pos} is the offset reported in errors about the node. */
sealed interface Node {

    int pos();

    /** {@code true}, {@code 42}, {@code 1.5}, {@code 'x'}, {@code nil} (value null). */
    record Literal(Object value, int pos) implements Node {}

    record ArrayLiteral(List<Node> elements, int pos) implements Node {}

    /** A map literal; keys are strings. */
    record MapLiteral(List<String> keys, List<Node> values, int pos) implements Node {}

    /** A bare name; valid only as the callee of a call, so the checker always rejects it. */
    record Identifier(String name, int pos) implements Node {}

    record Call(String name, List<Node> args, int pos) implements Node {}

    /** {@code !}, {@code not}, {@code -}, {@code +}. */
    record Unary(String op, Node operand, int pos) implements Node {}

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

    record Conditional(Node condition, Node whenTrue, Node whenFalse, int pos) implements Node {}

    /** {@code obj.name}, {@code obj?.name}, {@code obj[index]}. */
    record Member(Node object, Node property, boolean optional, int pos) implements Node {}
}
