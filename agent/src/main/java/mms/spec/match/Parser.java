package mms.spec.match;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A precedence-climbing parser with expr-lang's operator table, so expressions group exactly as
 * they do in the original (e.g. {@code !a == b} is {@code (!a) == b} and {@code a ?? b == c} is
 * {@code (a ?? b) == c}). Chains of {@code &&} or {@code ||} become one flat
 * {@link Node.Logical}. Neither the parser's recursion nor the tree it returns goes deeper than
 * {@link Matcher#MAX_DEPTH}, so no expression can overflow the stack here, in the checker or in
 * the evaluator.
 */
final class Parser {

    private record Op(int precedence, boolean leftAssociative) {}

    private static final Map<String, Op> BINARY = Map.ofEntries(
            Map.entry("or", new Op(10, true)), Map.entry("||", new Op(10, true)),
            Map.entry("and", new Op(15, true)), Map.entry("&&", new Op(15, true)),
            Map.entry("==", new Op(20, true)), Map.entry("!=", new Op(20, true)),
            Map.entry("<", new Op(20, true)), Map.entry(">", new Op(20, true)),
            Map.entry("<=", new Op(20, true)), Map.entry(">=", new Op(20, true)),
            Map.entry("in", new Op(20, true)), Map.entry("matches", new Op(20, true)),
            Map.entry("contains", new Op(20, true)), Map.entry("startsWith", new Op(20, true)),
            Map.entry("endsWith", new Op(20, true)),
            Map.entry("+", new Op(30, true)), Map.entry("-", new Op(30, true)),
            Map.entry("*", new Op(60, true)), Map.entry("/", new Op(60, true)), Map.entry("%", new Op(60, true)),
            Map.entry("**", new Op(100, false)), Map.entry("^", new Op(100, false)),
            Map.entry("??", new Op(500, true)));

    private static final Map<String, Integer> UNARY = Map.of("not", 50, "!", 50, "-", 90, "+", 90);

    private static final Set<String> NEGATABLE = Set.of("in", "matches", "contains", "startsWith", "endsWith");

    private final String src;
    private final List<Token> tokens;
    private int index;
    private int depth;

    private Parser(String src, List<Token> tokens) {
        this.src = src;
        this.tokens = tokens;
    }

    static Node parse(String src) throws MatcherException {
        Parser parser = new Parser(src, Lexer.tokenize(src));
        Node node = parser.expression(0);
        if (parser.current().kind() != Token.Kind.EOF) {
            throw parser.unexpected(parser.current());
        }
        checkDepth(src, node);
        return node;
    }

    private static MatcherException nestedTooDeeply(String src, int offset) {
        return MatcherException.at("expression is nested more than " + Matcher.MAX_DEPTH
                + " levels deep, the limit for matchers", src, offset);
    }

    /**
     * Left-associative operators, member access and {@code ?:} are built in loops, so the tree can
     * be deeper than the recursion that parsed it (e.g. {@code 1 + 1 + ... + 1}); measured here
     * without recursion.
     */
    private static void checkDepth(String src, Node root) throws MatcherException {
        record Level(Node node, int depth) {}
        Deque<Level> pending = new ArrayDeque<>();
        pending.push(new Level(root, 1));
        while (!pending.isEmpty()) {
            Level level = pending.pop();
            if (level.depth() > Matcher.MAX_DEPTH) {
                throw nestedTooDeeply(src, level.node().pos());
            }
            for (Node child : children(level.node())) {
                pending.push(new Level(child, level.depth() + 1));
            }
        }
    }

    private static List<Node> children(Node node) {
        return switch (node) {
            case Node.Literal l -> List.of();
            case Node.Identifier i -> List.of();
            case Node.ArrayLiteral a -> a.elements();
            case Node.MapLiteral m -> m.values();
            case Node.Call c -> c.args();
            case Node.Unary u -> List.of(u.operand());
            case Node.Logical l -> l.operands();
            case Node.Binary b -> List.of(b.left(), b.right());
            case Node.Conditional c -> List.of(c.condition(), c.whenTrue(), c.whenFalse());
            case Node.Member m -> List.of(m.object(), m.property());
        };
    }

    private Token current() {
        return tokens.get(index);
    }

    private Token next() {
        Token t = tokens.get(index);
        if (index < tokens.size() - 1) {
            index++;
        }
        return t;
    }

    private MatcherException unexpected(Token t) {
        if (t.kind() == Token.Kind.EOF) {
            return MatcherException.at("unexpected end of expression", src, t.pos());
        }
        if (t.kind() == Token.Kind.OPERATOR && (t.text().equals("..") || t.text().equals("|")
                || t.text().equals("#") || t.text().equals("="))) {
            return MatcherException.at("operator " + t.describe() + " is not supported in matchers", src, t.pos());
        }
        return MatcherException.at("unexpected token " + t.describe(), src, t.pos());
    }

    private void expect(Token.Kind kind, String text) throws MatcherException {
        Token t = current();
        if (!t.is(kind, text)) {
            throw MatcherException.at("expected \"" + text + "\" but found " + t.describe(), src, t.pos());
        }
        next();
    }

    /** The operands of an {@code &&} or {@code ||} chain being read. */
    private static final class Chain {
        final String op;
        final List<Node> operands = new ArrayList<>();
        final List<Integer> operators = new ArrayList<>();

        Chain(String op, Node first) {
            this.op = op;
            operands.add(first);
        }

        Node build() {
            return new Node.Logical(op, operands, operators);
        }
    }

    private Node expression(int precedence) throws MatcherException {
        if (++depth > Matcher.MAX_DEPTH) {
            throw nestedTooDeeply(src, current().pos());
        }
        try {
            Node left = primary();
            Chain chain = null;
            while (current().kind() == Token.Kind.OPERATOR) {
                Token notToken = current();
                Token opToken = notToken;
                boolean negate = notToken.isOperator("not");
                if (negate) {
                    int saved = index;
                    next();
                    Token after = current();
                    if (after.kind() != Token.Kind.OPERATOR || !NEGATABLE.contains(after.text())) {
                        throw unexpected(after);
                    }
                    if (BINARY.get(after.text()).precedence() < precedence) {
                        index = saved;
                        break;
                    }
                    opToken = after;
                }
                Op op = BINARY.get(opToken.text());
                if (op == null || op.precedence() < precedence) {
                    break;
                }
                next();
                Node right = expression(op.leftAssociative() ? op.precedence() + 1 : op.precedence());
                String name = canonical(opToken.text());
                if (name.equals("&&") || name.equals("||")) {
                    if (chain != null && !chain.op.equals(name)) {
                        left = chain.build();
                        chain = null;
                    }
                    if (chain == null) {
                        chain = new Chain(name, left);
                    }
                    chain.operators.add(opToken.pos());
                    chain.operands.add(right);
                    continue;
                }
                if (chain != null) {
                    left = chain.build();
                    chain = null;
                }
                left = new Node.Binary(name, left, right, opToken.pos());
                if (negate) {
                    left = new Node.Unary("!", left, notToken.pos());
                }
            }
            if (chain != null) {
                left = chain.build();
            }
            if (precedence == 0) {
                left = conditional(left);
            }
            return left;
        } finally {
            depth--;
        }
    }

    private static String canonical(String op) {
        return switch (op) {
            case "and" -> "&&";
            case "or" -> "||";
            case "^" -> "**";
            default -> op;
        };
    }

    private Node conditional(Node node) throws MatcherException {
        while (current().isOperator("?")) {
            Token question = next();
            Node whenTrue;
            Node whenFalse;
            if (current().isOperator(":")) {
                next();
                whenTrue = node;
                whenFalse = expression(0);
            } else {
                whenTrue = expression(0);
                expect(Token.Kind.OPERATOR, ":");
                whenFalse = expression(0);
            }
            node = new Node.Conditional(node, whenTrue, whenFalse, question.pos());
        }
        return node;
    }

    private Node primary() throws MatcherException {
        Token t = current();
        if (t.kind() == Token.Kind.OPERATOR && UNARY.containsKey(t.text())) {
            next();
            Node operand = expression(UNARY.get(t.text()));
            String op = t.text().equals("not") ? "!" : t.text();
            return postfix(new Node.Unary(op, operand, t.pos()));
        }
        if (t.isBracket("(")) {
            next();
            Node inner = expression(0);
            expect(Token.Kind.BRACKET, ")");
            return postfix(inner);
        }
        return postfix(secondary());
    }

    private Node secondary() throws MatcherException {
        Token t = next();
        switch (t.kind()) {
            case IDENT -> {
                switch (t.text()) {
                    case "true" -> { return new Node.Literal(Boolean.TRUE, t.pos()); }
                    case "false" -> { return new Node.Literal(Boolean.FALSE, t.pos()); }
                    case "nil" -> { return new Node.Literal(null, t.pos()); }
                    default -> { }
                }
                if (current().isBracket("(")) {
                    next();
                    List<Node> args = new ArrayList<>();
                    while (!current().isBracket(")")) {
                        if (!args.isEmpty()) {
                            expect(Token.Kind.OPERATOR, ",");
                        }
                        args.add(expression(0));
                    }
                    next();
                    return new Node.Call(t.text(), List.copyOf(args), t.pos());
                }
                return new Node.Identifier(t.text(), t.pos());
            }
            case NUMBER, STRING -> {
                return new Node.Literal(t.value(), t.pos());
            }
            case BRACKET -> {
                if (t.text().equals("[")) {
                    List<Node> elements = new ArrayList<>();
                    while (!current().isBracket("]")) {
                        elements.add(expression(0));
                        if (!current().isBracket("]")) {
                            expect(Token.Kind.OPERATOR, ",");
                        }
                    }
                    next();
                    return new Node.ArrayLiteral(List.copyOf(elements), t.pos());
                }
                if (t.text().equals("{")) {
                    return map(t);
                }
                throw unexpected(t);
            }
            case OPERATOR, EOF -> throw unexpected(t);
        }
        throw unexpected(t);
    }

    private Node map(Token open) throws MatcherException {
        List<String> keys = new ArrayList<>();
        List<Node> values = new ArrayList<>();
        while (!current().isBracket("}")) {
            Token key = next();
            if (key.kind() == Token.Kind.STRING) {
                keys.add((String) key.value());
            } else if (key.kind() == Token.Kind.IDENT || key.kind() == Token.Kind.OPERATOR && Lexer.WORD_OPERATORS.contains(key.text())) {
                keys.add(key.text());
            } else {
                throw MatcherException.at("a map key must be a name or a string, found " + key.describe(), src, key.pos());
            }
            expect(Token.Kind.OPERATOR, ":");
            values.add(expression(0));
            if (!current().isBracket("}")) {
                expect(Token.Kind.OPERATOR, ",");
            }
        }
        next();
        return new Node.MapLiteral(List.copyOf(keys), List.copyOf(values), open.pos());
    }

    private Node postfix(Node node) throws MatcherException {
        while (true) {
            Token t = current();
            if (t.isOperator(".") || t.isOperator("?.")) {
                next();
                Token name = next();
                if (name.kind() != Token.Kind.IDENT && !(name.kind() == Token.Kind.OPERATOR && Lexer.WORD_OPERATORS.contains(name.text()))) {
                    throw MatcherException.at("expected a name after " + t.describe() + " but found " + name.describe(), src, name.pos());
                }
                node = new Node.Member(node, new Node.Literal(name.text(), name.pos()), t.isOperator("?."), t.pos());
            } else if (t.isBracket("[")) {
                next();
                Node property = expression(0);
                expect(Token.Kind.BRACKET, "]");
                node = new Node.Member(node, property, false, t.pos());
            } else {
                return node;
            }
        }
    }
}
