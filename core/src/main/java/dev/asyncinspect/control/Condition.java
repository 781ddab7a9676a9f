package dev.asyncinspect.control;

import dev.asyncinspect.model.Value;
import dev.asyncinspect.model.Variable;
import dev.asyncinspect.text.ValueText;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code name op literal} over a frame's variables, e.g. {@code attempt > 3} or {@code customer == "ada"};
 * evaluated on values read from the target, never by running its code.
 */
public record Condition(String text, String variable, String operator, String literal) {

    private static final Pattern FORM = Pattern.compile("\\s*([A-Za-z_$][\\w$]*)\\s*(==|!=|>=|<=|>|<)\\s*(.+?)\\s*");

    public static Condition parse(String text) {
        Matcher matcher = FORM.matcher(text);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("condition must be 'name op value' with op one of == != > >= < <=, not '"
                    + text + "'");
        }
        return new Condition(text.strip(), matcher.group(1), matcher.group(2), matcher.group(3));
    }

    /** False when the variable is not in scope. */
    public boolean holds(List<Variable> variables) {
        for (Variable variable : variables) {
            if (variable.name().equals(this.variable)) {
                return compare(variable.value());
            }
        }
        return false;
    }

    private boolean compare(Value value) {
        String actual = ValueText.of(value);
        String expected = literal;
        if (value instanceof Value.Primitive && isNumber(actual) && isNumber(expected)) {
            int order = Double.compare(Double.parseDouble(actual), Double.parseDouble(expected));
            return switch (operator) {
                case "==" -> order == 0;
                case "!=" -> order != 0;
                case ">" -> order > 0;
                case ">=" -> order >= 0;
                case "<" -> order < 0;
                default -> order <= 0;
            };
        }
        boolean equal = actual.equals(expected) || actual.equals("\"" + unquote(expected) + "\"");
        return switch (operator) {
            case "==" -> equal;
            case "!=" -> !equal;
            default -> false;
        };
    }

    private static String unquote(String text) {
        return text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"") ? text.substring(1, text.length() - 1) : text;
    }

    private static boolean isNumber(String text) {
        try {
            Double.parseDouble(text);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
