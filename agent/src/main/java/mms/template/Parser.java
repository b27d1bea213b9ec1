package mms.template;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import mms.gofmt.GoStrings;
import mms.template.Lexer.Item;
import mms.template.Lexer.Type;
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

/** Builds the parse tree with the checks Go makes at parse time (functions and variables defined). */
final class Parser {

    private final String text;
    private final List<Item> items;
    private int index;
    private final List<String> vars = new ArrayList<>(List.of("$"));
    private int rangeDepth;

    private Parser(String text, List<Item> items) {
        this.text = text;
        this.items = items;
    }

    static ListNode parse(String text) throws TemplateException {
        Parser parser = new Parser(text, Lexer.lex(text));
        return parser.root();
    }

    /** What ended an item list: {@code {{end}}}, {@code {{else}}} (maybe {@code else if/with}) or EOF. */
    private record Terminator(Item item, String keyword) {}

    private ListNode root() throws TemplateException {
        List<Node> nodes = new ArrayList<>();
        while (true) {
            if (peek().type() == Type.EOF) {
                return new ListNode(0, List.copyOf(nodes));
            }
            Object n = textOrAction();
            if (n instanceof Terminator t) {
                throw error(t.item(), "unexpected {{" + t.keyword() + "}}");
            }
            nodes.add((Node) n);
        }
    }

    /** Items up to the {@code {{end}}} or {@code {{else}}} that closes them. */
    private ListNode itemList(List<Terminator> terminator) throws TemplateException {
        List<Node> nodes = new ArrayList<>();
        int pos = peek().pos();
        while (peek().type() != Type.EOF) {
            Object n = textOrAction();
            if (n instanceof Terminator t) {
                terminator.add(t);
                return new ListNode(pos, List.copyOf(nodes));
            }
            nodes.add((Node) n);
        }
        throw error(peek(), "unexpected EOF");
    }

    private Object textOrAction() throws TemplateException {
        Item item = nextNonSpace();
        return switch (item.type()) {
            case TEXT -> new TextNode(item.pos(), item.val());
            case LEFT_DELIM -> action();
            default -> throw unexpected(item, "input");
        };
    }

    private Object action() throws TemplateException {
        Item item = nextNonSpace();
        if (item.type() == Type.KEYWORD) {
            switch (item.val()) {
                case "if":
                    return control(item, Branch.IF);
                case "range":
                    return control(item, Branch.RANGE);
                case "with":
                    return control(item, Branch.WITH);
                case "end":
                    expectRightDelim("end");
                    return new Terminator(item, "end");
                case "else": {
                    Item after = peekNonSpace();
                    if (after.type() == Type.KEYWORD && (after.val().equals("if") || after.val().equals("with"))) {
                        return new Terminator(item, "else " + after.val());
                    }
                    expectRightDelim("else");
                    return new Terminator(item, "else");
                }
                case "break":
                case "continue": {
                    if (rangeDepth == 0) {
                        throw error(item, "{{" + item.val() + "}} outside {{range}}");
                    }
                    expectRightDelim(item.val());
                    return item.val().equals("break") ? new BreakNode(item.pos()) : new ContinueNode(item.pos());
                }
                default:
                    throw error(item, "{{" + item.val() + "}} is not supported");
            }
        }
        backup();
        return new ActionNode(item.pos(), pipeline("command", Type.RIGHT_DELIM));
    }

    private void expectRightDelim(String context) throws TemplateException {
        Item next = nextNonSpace();
        if (next.type() != Type.RIGHT_DELIM) {
            throw unexpected(next, context);
        }
    }

    private BranchNode control(Item keyword, Branch kind) throws TemplateException {
        int mark = vars.size();
        try {
            String context = kind.name().toLowerCase();
            PipeNode pipe = pipeline(context, Type.RIGHT_DELIM);
            if (kind == Branch.RANGE) {
                rangeDepth++;
            }
            List<Terminator> end = new ArrayList<>();
            ListNode list;
            try {
                list = itemList(end);
            } finally {
                if (kind == Branch.RANGE) {
                    rangeDepth--;
                }
            }
            ListNode elseList = null;
            Terminator t = end.getFirst();
            if (t.keyword().startsWith("else")) {
                if (t.keyword().equals("else if") || t.keyword().equals("else with")) {
                    Branch nested = t.keyword().equals("else if") ? Branch.IF : Branch.WITH;
                    if (nested != kind || kind == Branch.RANGE) {
                        throw error(t.item(), "unexpected {{" + t.keyword() + "}} in {{" + context + "}}");
                    }
                    Item nestedKeyword = nextNonSpace();
                    // {{else if x}} is {{else}}{{if x}}...{{end}} sharing the one {{end}}
                    elseList = new ListNode(t.item().pos(), List.of(control(nestedKeyword, nested)));
                    return new BranchNode(keyword.pos(), kind, pipe, list, elseList);
                }
                end.clear();
                elseList = itemList(end);
                t = end.getFirst();
                if (!t.keyword().equals("end")) {
                    throw error(t.item(), "expected end; found {{" + t.keyword() + "}}");
                }
            }
            return new BranchNode(keyword.pos(), kind, pipe, list, elseList);
        } finally {
            while (vars.size() > mark) {
                vars.removeLast();
            }
        }
    }

    private PipeNode pipeline(String context, Type end) throws TemplateException {
        int pos = peekNonSpace().pos();
        List<String> decl = new ArrayList<>();
        boolean isAssign = false;
        declarations:
        while (true) {
            Item v = peekNonSpace();
            if (v.type() != Type.VARIABLE) {
                break;
            }
            int save = index;
            nextNonSpace();
            Item next = peekNonSpace();
            switch (next.type()) {
                case ASSIGN, DECLARE -> {
                    nextNonSpace();
                    isAssign = next.type() == Type.ASSIGN;
                    decl.add(v.val());
                    break declarations;
                }
                case COMMA -> {
                    nextNonSpace();
                    decl.add(v.val());
                    if (!context.equals("range") || decl.size() >= 2) {
                        throw error(next, "too many declarations in " + context);
                    }
                    if (peekNonSpace().type() != Type.VARIABLE) {
                        throw error(peekNonSpace(), "missing variable in declaration");
                    }
                    continue;
                }
                default -> {
                    if (!decl.isEmpty()) {
                        throw unexpected(next, context);
                    }
                    index = save;
                    break declarations;
                }
            }
        }
        for (String name : decl) {
            if (!isAssign) {
                vars.add(name);
            } else if (!vars.contains(name)) {
                throw error(items.get(index - 1), "undefined variable \"" + name + "\"");
            }
        }
        List<CommandNode> cmds = new ArrayList<>();
        while (true) {
            Item token = nextNonSpace();
            if (token.type() == end) {
                checkPipeline(token, cmds, context);
                return new PipeNode(pos, isAssign, List.copyOf(decl), List.copyOf(cmds));
            }
            switch (token.type()) {
                case BOOL, CHAR_CONSTANT, DOT, FIELD, IDENTIFIER, NUMBER, NIL, RAW_STRING, STRING, VARIABLE,
                        LEFT_PAREN -> {
                    backup();
                    cmds.add(command());
                }
                default -> throw unexpected(token, context);
            }
        }
    }

    private void checkPipeline(Item at, List<CommandNode> cmds, String context) throws TemplateException {
        if (cmds.isEmpty()) {
            throw error(at, "missing value for " + context);
        }
        for (int i = 1; i < cmds.size(); i++) {
            Node first = cmds.get(i).args().getFirst();
            if (first instanceof BoolNode || first instanceof DotNode || first instanceof NilNode
                    || first instanceof NumberNode || first instanceof StringNode) {
                throw error(at, "non executable command in pipeline stage " + (i + 1));
            }
        }
    }

    private CommandNode command() throws TemplateException {
        int pos = peekNonSpace().pos();
        List<Node> args = new ArrayList<>();
        while (true) {
            peekNonSpace();
            Node operand = operand();
            if (operand != null) {
                args.add(operand);
            }
            Item token = next();
            switch (token.type()) {
                case SPACE -> {
                    continue;
                }
                case RIGHT_DELIM, RIGHT_PAREN -> backup();
                case PIPE -> {
                    Item after = peekNonSpace();
                    if (after.type() == Type.RIGHT_DELIM || after.type() == Type.RIGHT_PAREN) {
                        throw error(token, "missing command after |");
                    }
                }
                default -> throw unexpected(token, "operand");
            }
            break;
        }
        if (args.isEmpty()) {
            throw error(items.get(index), "empty command");
        }
        return new CommandNode(pos, List.copyOf(args));
    }

    private Node operand() throws TemplateException {
        Node node = term();
        if (node == null) {
            return null;
        }
        if (peek().type() != Type.FIELD) {
            return node;
        }
        List<String> fields = new ArrayList<>();
        while (peek().type() == Type.FIELD) {
            fields.add(next().val().substring(1));
        }
        return switch (node) {
            case FieldNode f -> new FieldNode(f.pos(), concat(f.idents(), fields));
            case VariableNode v -> new VariableNode(v.pos(), concat(v.idents(), fields));
            case BoolNode b -> throw error(b, "unexpected . after term \"" + b + "\"");
            case StringNode s -> throw error(s, "unexpected . after term " + s.quoted());
            case NumberNode n -> throw error(n, "unexpected . after term \"" + n + "\"");
            case NilNode n -> throw error(n, "unexpected . after term \"nil\"");
            case DotNode d -> throw error(d, "unexpected . after term \".\"");
            default -> new ChainNode(node.pos(), node, List.copyOf(fields));
        };
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return List.copyOf(out);
    }

    private Node term() throws TemplateException {
        Item token = nextNonSpace();
        return switch (token.type()) {
            case IDENTIFIER -> {
                if (!Funcs.exists(token.val())) {
                    throw error(token, "function \"" + token.val() + "\" not defined");
                }
                yield new IdentifierNode(token.pos(), token.val());
            }
            case DOT -> new DotNode(token.pos());
            case NIL -> new NilNode(token.pos());
            case VARIABLE -> {
                if (!vars.contains(token.val())) {
                    throw error(token, "undefined variable \"" + token.val() + "\"");
                }
                yield new VariableNode(token.pos(), List.of(token.val()));
            }
            case FIELD -> new FieldNode(token.pos(), List.of(token.val().substring(1)));
            case BOOL -> new BoolNode(token.pos(), token.val().equals("true"));
            case CHAR_CONSTANT, NUMBER -> number(token);
            case LEFT_PAREN -> pipeline("parenthesized pipeline", Type.RIGHT_PAREN);
            case STRING, RAW_STRING -> new StringNode(token.pos(), token.val(), unquote(token));
            default -> {
                backup();
                yield null;
            }
        };
    }

    private NumberNode number(Item token) throws TemplateException {
        String t = token.val();
        if (token.type() == Type.CHAR_CONSTANT) {
            String body = GoStrings.unquote(t.substring(1, t.length() - 1), '\'');
            if (body == null || body.codePointCount(0, body.length()) != 1) {
                throw error(token, "malformed character constant: " + t);
            }
            return new NumberNode(token.pos(), t, (long) body.codePointAt(0));
        }
        if (t.endsWith("i")) {
            throw error(token, "complex numbers are not supported: " + t);
        }
        String s = t.replace("_", "");
        boolean negative = s.startsWith("-");
        String unsigned = s.startsWith("-") || s.startsWith("+") ? s.substring(1) : s;
        String lower = unsigned.toLowerCase();
        boolean hex = lower.startsWith("0x");
        boolean isFloat = hex ? lower.contains("p") : (lower.contains(".") || lower.contains("e"));
        try {
            if (isFloat) {
                double d = Double.parseDouble(hex ? unsigned : unsigned);
                return new NumberNode(token.pos(), t, negative ? -d : d);
            }
            BigInteger value;
            if (hex) {
                value = new BigInteger(unsigned.substring(2), 16);
            } else if (lower.startsWith("0o")) {
                value = new BigInteger(unsigned.substring(2), 8);
            } else if (lower.startsWith("0b")) {
                value = new BigInteger(unsigned.substring(2), 2);
            } else if (unsigned.length() > 1 && unsigned.startsWith("0")) {
                value = new BigInteger(unsigned.substring(1), 8);
            } else {
                value = new BigInteger(unsigned);
            }
            if (negative) {
                value = value.negate();
            }
            if (value.bitLength() > 63) {
                throw error(token, t + " overflows int");
            }
            return new NumberNode(token.pos(), t, value.longValue());
        } catch (NumberFormatException e) {
            throw error(token, "illegal number syntax: \"" + t + "\"");
        }
    }

    private String unquote(Item token) throws TemplateException {
        String v = token.val();
        if (token.type() == Type.RAW_STRING) {
            return v.substring(1, v.length() - 1).replace("\r", "");
        }
        String s = GoStrings.unquote(v.substring(1, v.length() - 1), '"');
        if (s == null) {
            throw error(token, "invalid syntax: " + v);
        }
        return s;
    }

    private Item next() {
        return items.get(Math.min(index++, items.size() - 1));
    }

    private Item peek() {
        return items.get(Math.min(index, items.size() - 1));
    }

    private void backup() {
        index--;
    }

    private Item nextNonSpace() {
        Item item;
        do {
            item = next();
        } while (item.type() == Type.SPACE);
        return item;
    }

    private Item peekNonSpace() {
        Item item = nextNonSpace();
        backup();
        return item;
    }

    private TemplateException unexpected(Item item, String context) {
        if (item.type() == Type.EOF) {
            return error(item, "unexpected EOF");
        }
        return error(item, "unexpected " + item + " in " + context);
    }

    private TemplateException error(Item item, String message) {
        return TemplateException.parse(text, item.pos(), message);
    }

    private TemplateException error(Node node, String message) {
        return TemplateException.parse(text, node.pos(), message);
    }
}
