package mms.template;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A template in Go's text/template language with the functions the original's watchers offer
 * ({@code lookup}, {@code Title}, {@code ToUpper}, ...). Immutable and thread-safe once parsed; each
 * {@link #execute} is independent.
 *
 * <pre>{@code
 * String url = Template.render("https://{{ lookup \"facts.host\" \"localhost\" }}/x", context);
 * }</pre>
 */
public final class Template {

    private static final int CACHE_SIZE = 256;

    private static final Map<String, Template> CACHE = new LinkedHashMap<>(CACHE_SIZE, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Template> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    private final String text;
    private final Node.ListNode root;

    private Template(String text, Node.ListNode root) {
        this.text = text;
        this.root = root;
    }

    /**
     * Parses {@code text}.
     *
     * @param text the template source, not null
     * @return the parsed template
     * @throws TemplateException when the text is not a valid template, for example
     *     {@code template: machine:1:3: function "bad" not defined}
     */
    public static Template parse(String text) throws TemplateException {
        Objects.requireNonNull(text, "text");
        return new Template(text, isTemplate(text) ? Parser.parse(text) : null);
    }

    /**
     * Executes the template against {@code context}.
     *
     * @param context the facts, data and info log the template's functions use, not null
     * @return the rendered text
     * @throws TemplateException when execution fails, for example a function error or a type
     *     mismatch; the message names the position and the failing expression
     */
    public String execute(TemplateContext context) throws TemplateException {
        Objects.requireNonNull(context, "context");
        if (root == null) {
            return text;
        }
        return new Exec(text, context).run(root);
    }

    /**
     * Parses (through a small bounded cache) and executes {@code text}. Text without {@code {{} is
     * returned as is without parsing.
     *
     * @param text the template source, not null
     * @param context the facts, data and info log, not null
     * @return the rendered text
     * @throws TemplateException when parsing or execution fails
     */
    public static String render(String text, TemplateContext context) throws TemplateException {
        Objects.requireNonNull(context, "context");
        if (!isTemplate(text)) {
            return text;
        }
        Template template;
        synchronized (CACHE) {
            template = CACHE.get(text);
        }
        if (template == null) {
            template = parse(text);
            synchronized (CACHE) {
                CACHE.put(text, template);
            }
        }
        return template.execute(context);
    }

    /**
     * Whether {@code text} contains an action delimiter and so needs processing.
     *
     * @param text any text, not null
     * @return true when {@code text} contains {@code {{}
     */
    public static boolean isTemplate(String text) {
        return text.contains("{{");
    }

    /** The template source. */
    @Override
    public String toString() {
        return text;
    }
}
