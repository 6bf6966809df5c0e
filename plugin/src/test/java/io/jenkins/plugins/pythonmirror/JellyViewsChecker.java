package io.jenkins.plugins.pythonmirror;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import org.apache.commons.jexl.ExpressionFactory;
import org.apache.commons.jexl.parser.TokenMgrError;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Parses the expressions of Jelly views the way Jenkins 2.555.3 does when it loads them, without Jenkins, so that a
 * view Jenkins cannot load (such as one calling {@code ${it.size(x)}}: {@code size} is a JEXL keyword) fails the
 * build instead of a page.
 *
 * <p>What Jenkins does, from its sources (Jenkins core {@code jenkins-2.555.3}, Stapler {@code 2076.v1b_a_c12445eb_e},
 * commons-jelly {@code 1.1-jenkins-20250731}):
 *
 * <ul>
 *   <li>Jelly's {@code XMLParser} (namespace-aware SAX) hands every attribute value, of static and of taglib tags
 *       alike, and every run of text between two tags to {@code CompositeExpression.parse}. That splits out each
 *       {@code ${...}}: the expression ends at the first {@code }} outside a '...' or "..." string (braces do not
 *       nest; a backslash does not escape a quote); {@code $$} stands for a literal {@code $}. If the whole text is
 *       {@code ${...}} up to its first {@code }}, that body is taken as is. A {@code ${} without a {@code }} after it
 *       fails; a later unterminated one is silently dropped (here it is reported). {@code #{...}} means nothing to
 *       Jelly or Stapler: it is literal text.
 *   <li>Stapler's {@code CustomJellyContext.CustomXMLParser} is the expression factory. A body starting with
 *       {@code %} is an i18n message ({@code InternationalizedStringExpression}): no JEXL, except that the arguments
 *       of {@code %Key(a, b)} are split at top-level commas and each is a JEXL expression. In any other body, each
 *       '%...' or "%..." string literal is replaced by {@code __resourceLiteral__N__.evaluate(context)} before JEXL
 *       parses it. Everything else goes to commons-jelly's {@code JexlExpressionFactory}, which calls JEXL's
 *       {@code org.apache.commons.jexl.ExpressionFactory.createExpression(text)} and fails the view with "Unable to
 *       create expression" when that throws.
 *   <li>{@code <?jelly escape-by-default='true'?>} turns on HTML escaping of {@code ${...}} output in the view
 *       (Jelly's XMLParser looks for that text in any {@code <?jelly ...?>}, quotes ' or "). Stapler already starts
 *       with it on unless the system property {@code org.kohsuke.stapler.jelly.CustomJellyContext.escapeByDefault} is
 *       false; the instruction keeps each view safe either way, as Jenkins' own views do.
 *   <li>A namespace URI {@code this:EXPR} makes Stapler parse EXPR as a JEXL expression.
 * </ul>
 *
 * <p>Which JEXL: Jenkins 2.555.3 ({@code bom/pom.xml}) and commons-jelly 1.1-jenkins-20250731 use
 * {@code org.jenkins-ci:commons-jexl:1.1-jenkins-20111212}, Jenkins' fork of Apache JEXL, which is not on Maven
 * Central. The fork's history at that tag: Apache JEXL trunk r586938 (2007, after the 1.1 release) plus, in its
 * {@code Parser.jjt}, the {@code x ? y : z} and {@code x ?: y} operators (2009), and an {@code ExpressionFactory} that
 * wraps the lexer's {@code TokenMgrError} in a {@code JexlException} (both are caught here). Since the release
 * {@code 1.1-hudson-20090508} the fork changed no grammar: up to {@code 1.1-jenkins-20111212} it only made
 * {@code ClassMap} skip bridge methods (runtime method lookup, not parsing) and changed the POM's groupId. That
 * release is on Central as {@code org.jvnet.hudson:commons-jexl:1.1-hudson-20090508}, and its
 * {@code ParserConstants.tokenImage} has the fork's tokens, so this test uses it. Apache's
 * {@code commons-jexl:commons-jexl:1.1} on Central has the same reserved words ({@code empty size or and eq ne lt gt
 * le ge div mod not null true false if else while foreach in}) but not the tokens {@code ?: ? : =>} nor the array and
 * map literals {@code [a, b]} and {@code [k => v]} of trunk r586938, so it would reject the {@code ?:} and
 * {@code ? :} these views use: it is not a faithful stand-in.
 *
 * <p>This is test code written from those facts; it contains no code of Jenkins, Stapler, Jelly or JEXL.
 */
final class JellyViewsChecker {

    /** One thing wrong with a view; {@code expression} is null where the problem is not an expression's. */
    record Problem(Path file, int line, String expression, String message) {
        @Override
        public String toString() {
            return file + ":" + line + ": " + (expression == null ? "" : expression + ": ") + message;
        }
    }

    /** A {@code ${...}} found in a text: its body and the offset of its {@code $} in that text. */
    record Found(String body, int offset) {}

    /** Stapler's pattern for '%...' and "%..." resource literals inside an expression. */
    private static final Pattern RESOURCE_LITERAL = Pattern.compile("(\"%[^\"]+\")|('%[^']+')");

    /** The reserved words of the fork's grammar after a '.', except the size() it allows there. */
    private static final Pattern KEYWORD_AFTER_DOT = Pattern.compile("\\.\\s*(size(?!\\s*\\(\\s*\\))|empty|or|and|eq|ne"
            + "|lt|gt|le|ge|div|mod|not|null|true|false|if|else|while|foreach|in)\\b");

    private JellyViewsChecker() {}

    /** Every {@code *.jelly} file under {@code root}, in a stable order. */
    static List<Path> views(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jelly"))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        }
    }

    /** All problems of one view: malformed XML, a missing escape-by-default, and expressions JEXL rejects. */
    static List<Problem> check(Path file) throws IOException {
        ViewHandler handler = new ViewHandler(file);
        try (InputStream in = Files.newInputStream(file)) {
            InputSource source = new InputSource(in);
            source.setSystemId(file.toUri().toString());
            parser().newSAXParser().parse(source, handler);
        } catch (SAXParseException e) {
            handler.problems.add(new Problem(file, e.getLineNumber(), null, "malformed XML: " + e.getMessage()));
            return handler.problems;
        } catch (SAXException | ParserConfigurationException e) {
            throw new IOException("cannot parse " + file, e);
        }
        if (!handler.escapeByDefault) {
            handler.problems.add(new Problem(
                    file, 1, null, "no <?jelly escape-by-default='true'?> (or it is turned off again later)"));
        }
        return handler.problems;
    }

    private static SAXParserFactory parser() throws ParserConfigurationException, SAXException {
        SAXParserFactory factory = SAXParserFactory.newInstance();
        factory.setNamespaceAware(true); // as Jelly's XMLParser
        factory.setValidating(false);
        factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
        factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return factory;
    }

    /**
     * The {@code ${...}} expressions in an attribute value or a text node, split the way Jelly's
     * {@code CompositeExpression.parse} splits them.
     *
     * @throws IllegalArgumentException for a {@code ${} that has no closing {@code }}
     */
    static List<Found> expressions(String text) {
        int first = text.indexOf("${");
        if (first < 0) {
            return List.of();
        }
        int firstClose = text.indexOf('}', first + 2);
        if (firstClose < 0) {
            throw new IllegalArgumentException("missing '}' at the end of the expression in: " + text);
        }
        if (first == 0 && firstClose == text.length() - 1) {
            return List.of(new Found(text.substring(2, firstClose), 0)); // Jelly's shortcut: no quote handling
        }
        List<Found> found = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            if (text.charAt(i) != '$' || i + 1 == text.length()) {
                i++;
                continue;
            }
            if (text.charAt(i + 1) != '{') {
                i += 2; // "$$" is a literal "$"; "$x" is literal text
                continue;
            }
            int start = i;
            StringBuilder body = new StringBuilder();
            int j = i + 2;
            boolean closed = false;
            while (j < text.length()) {
                char c = text.charAt(j);
                if (c == '}') {
                    closed = true;
                    j++;
                    break;
                }
                body.append(c);
                j++;
                if (c == '\'' || c == '"') {
                    // a string runs to the next same quote; a backslash does not escape it
                    while (j < text.length()) {
                        char d = text.charAt(j++);
                        body.append(d);
                        if (d == c) {
                            break;
                        }
                    }
                }
            }
            if (!closed) {
                throw new IllegalArgumentException(
                        "missing '}' at the end of the expression at: " + text.substring(start));
            }
            found.add(new Found(body.toString(), start));
            i = j;
        }
        return found;
    }

    /**
     * Why Jenkins could not load the body of a {@code ${...}}, or empty if it can: the way Stapler's expression
     * factory treats {@code %} i18n bodies and resource literals, then JEXL's own parser.
     */
    static Optional<String> problemIn(String body) {
        if (body.startsWith("%")) {
            return i18nProblem(body);
        }
        Matcher m = RESOURCE_LITERAL.matcher(body);
        StringBuilder rewritten = new StringBuilder();
        int n = 0;
        while (m.find()) {
            m.appendReplacement(rewritten, "__resourceLiteral__" + n++ + "__.evaluate(context)");
        }
        m.appendTail(rewritten);
        return jexlProblem(rewritten.toString());
    }

    /** {@code %Key} needs no parsing; in {@code %Key(a, b)} each argument is a JEXL expression. */
    private static Optional<String> i18nProblem(String body) {
        int paren = body.indexOf('(');
        if (paren < 0) {
            return Optional.empty();
        }
        String rest = body.substring(paren + 1); // "arg, arg)"
        while (!rest.isEmpty()) {
            int end = argumentEnd(rest);
            if (end < 0) {
                return Optional.of("i18n arguments: missing ')' at the end (or an unterminated string)");
            }
            String argument = rest.substring(0, end);
            Optional<String> problem = jexlProblem(argument);
            if (problem.isPresent()) {
                return Optional.of("i18n argument '" + argument + "': " + problem.get());
            }
            rest = rest.substring(end + 1);
        }
        return Optional.empty();
    }

    /** Index of the ',' or ')' that ends the first argument in {@code text}, or -1 when there is none. */
    private static int argumentEnd(String text) {
        int depth = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case ',' -> {
                    if (depth == 0) {
                        return i;
                    }
                }
                case '(', '{', '[' -> depth++;
                case ')' -> {
                    if (depth == 0) {
                        return i;
                    }
                    depth--;
                }
                case '}', ']' -> depth--;
                case '\'', '"' -> {
                    i = text.indexOf(c, i + 1);
                    if (i < 0) {
                        return -1; // Stapler itself would loop here
                    }
                }
                default -> {}
            }
        }
        return -1;
    }

    /** JEXL's verdict on an expression, as commons-jelly's JexlExpressionFactory asks for it. */
    static Optional<String> jexlProblem(String expression) {
        try {
            ExpressionFactory.createExpression(expression);
            return Optional.empty();
        } catch (Exception | TokenMgrError e) {
            Matcher keyword = KEYWORD_AFTER_DOT.matcher(expression);
            String hint = keyword.find()
                    ? " (hint: '" + keyword.group(1) + "' is a JEXL 1.x keyword, not a method or property name)"
                    : "";
            return Optional.of(describe(e) + hint);
        }
    }

    private static String describe(Throwable e) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (out.length() > 0) {
                out.append(" <- ");
            }
            out.append(t.getClass().getSimpleName());
            if (t.getMessage() != null) {
                out.append(": ").append(t.getMessage().replaceAll("\\s+", " ").trim());
            }
        }
        return out.toString();
    }

    private static final class ViewHandler extends DefaultHandler {
        private final Path file;
        final List<Problem> problems = new ArrayList<>();
        boolean escapeByDefault;
        private Locator locator;
        private final StringBuilder text = new StringBuilder();
        private int textLine;

        ViewHandler(Path file) {
            this.file = file;
        }

        @Override
        public void setDocumentLocator(Locator locator) {
            this.locator = locator;
        }

        @Override
        public void processingInstruction(String target, String data) {
            if (target.equals("jelly")) { // Jelly's XMLParser reads it this loosely
                String d = data.replace('"', '\'');
                if (d.contains("escape-by-default='true'")) {
                    escapeByDefault = true;
                }
                if (d.contains("escape-by-default='false'")) {
                    escapeByDefault = false;
                }
            }
        }

        @Override
        public void startPrefixMapping(String prefix, String uri) {
            if (uri.startsWith("this:")) {
                checkBody(uri.substring(5), line(), "xmlns " + uri);
            }
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes) {
            flushText();
            for (int i = 0; i < attributes.getLength(); i++) {
                checkText(attributes.getValue(i), line(), false);
            }
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            flushText();
        }

        @Override
        public void endDocument() {
            flushText();
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            if (text.length() == 0) {
                // the locator is at the end of this chunk: count back to where it started
                int newlines = 0;
                for (int i = start; i < start + length; i++) {
                    if (ch[i] == '\n') {
                        newlines++;
                    }
                }
                textLine = line() - newlines;
            }
            text.append(ch, start, length);
        }

        private void flushText() {
            if (text.length() > 0) {
                checkText(text.toString(), textLine, true);
                text.setLength(0);
            }
        }

        private int line() {
            return locator == null ? -1 : locator.getLineNumber();
        }

        private void checkText(String value, int line, boolean countLines) {
            List<Found> found;
            try {
                found = expressions(value);
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(file, line, null, e.getMessage()));
                return;
            }
            for (Found f : found) {
                int at = line;
                if (countLines) {
                    at += (int) value.substring(0, f.offset())
                            .chars()
                            .filter(c -> c == '\n')
                            .count();
                }
                checkBody(f.body(), at, "${" + f.body() + "}");
            }
        }

        private void checkBody(String body, int line, String shown) {
            problemIn(body).ifPresent(message -> problems.add(new Problem(file, line, shown, message)));
        }
    }
}
