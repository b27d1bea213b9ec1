package mms.spec.match;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A precedence-climbing parser with expr-lang's (v1.17) grammar and operator table, so expressions
 * group exactly as they do in the original (e.g. {@code !a == b} is {@code (!a) == b},
 * {@code 1 < x < 3} is {@code 1 < x && x < 3}, {@code a | f(b)} is {@code f(a, b)}, and
 * {@code a ?? b || c} is refused). Chains of {@code &&} or {@code ||} become one flat
 * {@link Node.Logical} and {@code a; b; c} one {@link Node.Sequence}. Neither the parser's
 * recursion nor the tree it returns goes deeper than {@link Matcher#MAX_DEPTH}, so no expression
 * can overflow the stack here, in the checker or in the evaluator.
 */
final class Parser {

    private record Op(int precedence, boolean leftAssociative) {}

    private static final Map<String, Op> BINARY = Map.ofEntries(
            Map.entry("|", new Op(0, true)),
            Map.entry("or", new Op(10, true)), Map.entry("||", new Op(10, true)),
            Map.entry("and", new Op(15, true)), Map.entry("&&", new Op(15, true)),
            Map.entry("==", new Op(20, true)), Map.entry("!=", new Op(20, true)),
            Map.entry("<", new Op(20, true)), Map.entry(">", new Op(20, true)),
            Map.entry("<=", new Op(20, true)), Map.entry(">=", new Op(20, true)),
            Map.entry("in", new Op(20, true)), Map.entry("matches", new Op(20, true)),
            Map.entry("contains", new Op(20, true)), Map.entry("startsWith", new Op(20, true)),
            Map.entry("endsWith", new Op(20, true)),
            Map.entry("..", new Op(25, true)),
            Map.entry("+", new Op(30, true)), Map.entry("-", new Op(30, true)),
            Map.entry("*", new Op(60, true)), Map.entry("/", new Op(60, true)), Map.entry("%", new Op(60, true)),
            Map.entry("**", new Op(100, false)), Map.entry("^", new Op(100, false)),
            Map.entry("??", new Op(500, true)));

    private static final Map<String, Integer> UNARY = Map.of("not", 50, "!", 50, "-", 90, "+", 90);

    private static final Set<String> NEGATABLE = Set.of("in", "matches", "contains", "startsWith", "endsWith");

    /** Comparisons that chain: {@code a < b < c} is {@code a < b && b < c}. */
    private static final Set<String> COMPARISONS = Set.of("<", ">", "<=", ">=");

    private final String src;
    private final List<Token> tokens;
    private int index;
    private int depth;
    /** How many predicates enclose the current position: {@code #} and a leading {@code .} are valid inside one. */
    private int predicates;

    private Parser(String src, List<Token> tokens) {
        this.src = src;
        this.tokens = tokens;
    }

    static Node parse(String src) throws MatcherException {
        Parser parser = new Parser(src, Lexer.tokenize(src));
        Node node = parser.sequence();
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
     * Left-associative operators, member access, pipes and {@code ?:} are built in loops, so the
     * tree can be deeper than the recursion that parsed it (e.g. {@code 1 + 1 + ... + 1});
     * measured here without recursion.
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
            case Node.Pointer p -> List.of();
            case Node.ArrayLiteral a -> a.elements();
            case Node.MapLiteral m -> concat(m.keys(), m.values());
            case Node.Call c -> c.args();
            case Node.MethodCall c -> concat(List.of(c.object()), c.args());
            case Node.Predicate p -> List.of(p.body());
            case Node.Unary u -> List.of(u.operand());
            case Node.Logical l -> l.operands();
            case Node.Binary b -> List.of(b.left(), b.right());
            case Node.Conditional c -> List.of(c.condition(), c.whenTrue(), c.whenFalse());
            case Node.Member m -> List.of(m.object(), m.property());
            case Node.Chain c -> List.of(c.inner());
            case Node.Slice s -> {
                List<Node> out = new ArrayList<>(List.of(s.object()));
                if (s.from() != null) {
                    out.add(s.from());
                }
                if (s.to() != null) {
                    out.add(s.to());
                }
                yield out;
            }
            case Node.Sequence s -> s.nodes();
            case Node.Let l -> List.of(l.value(), l.body());
        };
    }

    private static List<Node> concat(List<Node> a, List<Node> b) {
        List<Node> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
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
        return MatcherException.at("unexpected token " + t.describe(), src, t.pos());
    }

    private void expect(Token.Kind kind, String text) throws MatcherException {
        Token t = current();
        if (!t.is(kind, text)) {
            throw MatcherException.at("expected \"" + text + "\" but found " + t.describe(), src, t.pos());
        }
        next();
    }

    private Token expectName() throws MatcherException {
        Token t = current();
        if (t.kind() != Token.Kind.IDENT) {
            throw MatcherException.at("expected a name but found " + t.describe(), src, t.pos());
        }
        return next();
    }

    /** Counts one level of the parser's recursion against {@link Matcher#MAX_DEPTH}. */
    private void enter() throws MatcherException {
        if (++depth > Matcher.MAX_DEPTH) {
            throw nestedTooDeeply(src, current().pos());
        }
    }

    /** {@code a; b; c}: at the top, in parentheses and in predicate braces. */
    private Node sequence() throws MatcherException {
        List<Node> nodes = new ArrayList<>();
        nodes.add(expression(0));
        while (current().isOperator(";")) {
            next();
            if (current().kind() == Token.Kind.EOF) {
                break;
            }
            nodes.add(expression(0));
        }
        return nodes.size() == 1 ? nodes.getFirst() : new Node.Sequence(nodes);
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
        enter();
        try {
            if (precedence == 0 && current().isOperator("let")) {
                return let();
            }
            if (precedence == 0 && current().isOperator("if")) {
                return ifElse();
            }
            Node left = primary();
            Chain chain = null;
            String previous = "";
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
                if (opToken.text().equals("|")) {
                    if (chain != null) {
                        left = chain.build();
                        chain = null;
                    }
                    Token name = expectName();
                    left = call(name, new ArrayList<>(List.of(left)));
                    previous = "|";
                    continue;
                }
                if (previous.equals("??") && !opToken.text().equals("??")) {
                    throw MatcherException.at("operator " + opToken.text() + " and coalesce expressions (??) cannot be"
                            + " mixed: wrap either in parentheses", src, opToken.pos());
                }
                previous = opToken.text();
                String name = canonical(opToken.text());
                if (COMPARISONS.contains(name)) {
                    if (chain != null) {
                        left = chain.build();
                        chain = null;
                    }
                    left = comparison(left, opToken, op.precedence());
                    continue;
                }
                Node right = expression(op.leftAssociative() ? op.precedence() + 1 : op.precedence());
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

    /**
     * {@code a < b <= c}: each comparison after the first takes the previous right operand as its
     * left, and all are joined with {@code &&}, as expr-lang does.
     */
    private Node comparison(Node left, Token first, int precedence) throws MatcherException {
        List<Node> comparisons = new ArrayList<>();
        List<Integer> operators = new ArrayList<>();
        Token op = first;
        while (true) {
            Node right = expression(precedence + 1);
            comparisons.add(new Node.Binary(op.text(), left, right, op.pos()));
            operators.add(op.pos());
            left = right;
            if (current().kind() != Token.Kind.OPERATOR || !COMPARISONS.contains(current().text())) {
                break;
            }
            op = next();
        }
        if (comparisons.size() == 1) {
            return comparisons.getFirst();
        }
        return new Node.Logical("&&", comparisons, operators.subList(1, operators.size()));
    }

    private static String canonical(String op) {
        return switch (op) {
            case "and" -> "&&";
            case "or" -> "||";
            case "^" -> "**";
            default -> op;
        };
    }

    /** {@code let name = value; body}. */
    private Node let() throws MatcherException {
        next();
        Token name = expectName();
        expect(Token.Kind.OPERATOR, "=");
        Node value = expression(0);
        expect(Token.Kind.OPERATOR, ";");
        Node body = sequence();
        return new Node.Let(name.text(), value, body, name.pos());
    }

    /** {@code if c { a } else { b }} and {@code if c { a } else if d { b } else { c }}. */
    private Node ifElse() throws MatcherException {
        Token keyword = next();
        Node condition = expression(0);
        expect(Token.Kind.BRACKET, "{");
        Node whenTrue = sequence();
        expect(Token.Kind.BRACKET, "}");
        expect(Token.Kind.OPERATOR, "else");
        Node whenFalse;
        if (current().isOperator("if")) {
            enter();
            try {
                whenFalse = ifElse();
            } finally {
                depth--;
            }
        } else {
            expect(Token.Kind.BRACKET, "{");
            whenFalse = sequence();
            expect(Token.Kind.BRACKET, "}");
        }
        return new Node.Conditional(condition, whenTrue, whenFalse, keyword.pos());
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
            Node inner = sequence();
            expect(Token.Kind.BRACKET, ")");
            return postfix(inner);
        }
        if (predicates > 0 && (t.isOperator("#") || t.isOperator("."))) {
            String name = "";
            if (t.isOperator("#")) {
                next();
                if (current().kind() == Token.Kind.IDENT) {
                    name = next().text();
                }
            }
            return postfix(new Node.Pointer(name, t.pos()));
        }
        if (t.isOperator("::")) {
            next();
            Token name = expectName();
            if (!current().isBracket("(")) {
                throw MatcherException.at("expected \"(\" but found " + current().describe(), src, current().pos());
            }
            return postfix(call(name, new ArrayList<>()));
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
                    return call(t, new ArrayList<>());
                }
                return new Node.Identifier(t.text(), t.pos());
            }
            case NUMBER, STRING -> {
                return new Node.Literal(t.value(), t.pos());
            }
            case BRACKET -> {
                if (t.text().equals("[")) {
                    return array(t);
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

    /**
     * A call of {@code name}, the current token being its {@code (}; {@code args} holds the value
     * before a pipe, if any. A built-in that takes a predicate reads it as one, in braces or not.
     */
    private Node call(Token name, List<Node> args) throws MatcherException {
        expect(Token.Kind.BRACKET, "(");
        Builtin builtin = Builtin.named(name.text()).orElse(null);
        if (builtin != null && builtin.takesPredicate()) {
            List<Builtin.Arg> shape = builtin.arguments();
            int first = args.size();
            for (int i = first; i < shape.size(); i++) {
                Builtin.Arg arg = shape.get(i);
                if (current().isBracket(")")) {
                    if (arg.optional()) {
                        break;
                    }
                    throw MatcherException.at("expected at least " + (shape.size() - first) + " arguments", src,
                            current().pos());
                }
                if (i > first) {
                    expect(Token.Kind.OPERATOR, ",");
                }
                args.add(arg.predicate() ? predicate() : expression(0));
            }
            if (current().isOperator(",")) {
                next();
            }
            expect(Token.Kind.BRACKET, ")");
            return new Node.Call(name.text(), List.copyOf(args), name.pos());
        }
        int given = args.size();
        while (!current().isBracket(")")) {
            if (args.size() > given) {
                expect(Token.Kind.OPERATOR, ",");
                if (current().isBracket(")")) {
                    break;
                }
            }
            args.add(expression(0));
        }
        next();
        return new Node.Call(name.text(), List.copyOf(args), name.pos());
    }

    /** A predicate argument: {@code {a; b}} or a single expression. */
    private Node predicate() throws MatcherException {
        Token start = current();
        predicates++;
        try {
            Node body;
            if (start.isBracket("{")) {
                next();
                body = sequence();
                expect(Token.Kind.BRACKET, "}");
            } else {
                body = expression(0);
                if (current().isOperator(";")) {
                    throw MatcherException.at("wrap predicate with brackets { and }", src, current().pos());
                }
            }
            return new Node.Predicate(body, start.pos());
        } finally {
            predicates--;
        }
    }

    private Node array(Token open) throws MatcherException {
        List<Node> elements = new ArrayList<>();
        while (!current().isBracket("]")) {
            if (!elements.isEmpty()) {
                expect(Token.Kind.OPERATOR, ",");
                if (current().isBracket("]")) {
                    break;
                }
            }
            elements.add(expression(0));
        }
        next();
        return new Node.ArrayLiteral(List.copyOf(elements), open.pos());
    }

    private Node map(Token open) throws MatcherException {
        List<Node> keys = new ArrayList<>();
        List<Node> values = new ArrayList<>();
        while (!current().isBracket("}")) {
            if (!keys.isEmpty()) {
                expect(Token.Kind.OPERATOR, ",");
                if (current().isBracket("}")) {
                    break;
                }
            }
            Token key = current();
            if (key.kind() == Token.Kind.STRING) {
                next();
                keys.add(new Node.Literal(key.value(), key.pos()));
            } else if (key.kind() == Token.Kind.IDENT || key.kind() == Token.Kind.NUMBER
                    || key.kind() == Token.Kind.OPERATOR && Lexer.WORD_OPERATORS.contains(key.text())) {
                next();
                keys.add(new Node.Literal(key.text(), key.pos()));
            } else if (key.isBracket("(")) {
                keys.add(expression(0));
            } else {
                throw MatcherException.at("a map key must be a quoted string, a number, a name or an expression in"
                        + " parentheses, found " + key.describe(), src, key.pos());
            }
            expect(Token.Kind.OPERATOR, ":");
            values.add(expression(0));
        }
        next();
        return new Node.MapLiteral(List.copyOf(keys), List.copyOf(values), open.pos());
    }

    private Node postfix(Node node) throws MatcherException {
        boolean chained = false;
        while (true) {
            Token t = current();
            boolean optional = t.isOperator("?.");
            if (t.isOperator(".") || optional) {
                next();
                if (optional && current().isBracket("[")) {
                    if (chained) {
                        node = new Node.Chain(node);
                    }
                    Token open = next();
                    Node property = expression(0);
                    expect(Token.Kind.BRACKET, "]");
                    node = new Node.Member(node, property, true, open.pos());
                    chained = true;
                    continue;
                }
                Token name = next();
                if (name.kind() != Token.Kind.IDENT && !(name.kind() == Token.Kind.OPERATOR && Lexer.WORD_OPERATORS.contains(name.text()))) {
                    throw MatcherException.at("expected a name after " + t.describe() + " but found " + name.describe(), src, name.pos());
                }
                chained |= optional;
                if (current().isBracket("(")) {
                    next();
                    List<Node> args = new ArrayList<>();
                    while (!current().isBracket(")")) {
                        if (!args.isEmpty()) {
                            expect(Token.Kind.OPERATOR, ",");
                            if (current().isBracket(")")) {
                                break;
                            }
                        }
                        args.add(expression(0));
                    }
                    next();
                    node = new Node.MethodCall(node, name.text(), List.copyOf(args), name.pos());
                } else {
                    node = new Node.Member(node, new Node.Literal(name.text(), name.pos()), optional, name.pos());
                }
            } else if (t.isBracket("[")) {
                // as in expr-lang, an index or slice ends the chain before it: a?.b[0] fails when a is nil
                if (chained) {
                    node = new Node.Chain(node);
                    chained = false;
                }
                next();
                node = index(node, t);
            } else {
                return chained ? new Node.Chain(node) : node;
            }
        }
    }

    /** After {@code [}: an index, or a slice {@code [from:to]} with either bound optional. */
    private Node index(Node node, Token open) throws MatcherException {
        Node from = null;
        if (!current().isOperator(":")) {
            from = expression(0);
            if (!current().isOperator(":")) {
                expect(Token.Kind.BRACKET, "]");
                return new Node.Member(node, from, false, open.pos());
            }
        }
        next();
        Node to = current().isBracket("]") ? null : expression(0);
        expect(Token.Kind.BRACKET, "]");
        return new Node.Slice(node, from, to, open.pos());
    }
}
