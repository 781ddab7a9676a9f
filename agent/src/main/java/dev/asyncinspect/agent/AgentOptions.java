package dev.asyncinspect.agent;

import dev.asyncinspect.recognize.values.ValueReader;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What the tool asks of one agent load, as {@code name=value} pairs separated by {@code ;}.
 *
 * @param out             the private directory (0700) the snapshot or the error goes to
 * @param nativeDirectory the private directory the JVMTI library is copied to
 */
public record AgentOptions(Path out, Path nativeDirectory, ValueReader.Limits limits) {

    public static AgentOptions parse(String options) {
        Map<String, String> values = new HashMap<>();
        for (String option : options.split(";")) {
            int equals = option.indexOf('=');
            if (equals > 0) {
                values.put(option.substring(0, equals), option.substring(equals + 1));
            }
        }
        ValueReader.Limits limits = ValueReader.Limits.DEFAULT;
        if (values.containsKey("limits")) {
            String[] numbers = values.get("limits").split(",");
            limits = new ValueReader.Limits(Integer.parseInt(numbers[0]), Integer.parseInt(numbers[1]),
                    Integer.parseInt(numbers[2]));
        }
        return new AgentOptions(Path.of(required(values, "out")), Path.of(required(values, "native")), limits);
    }

    /** The same format, for the tool's side. */
    public static String format(Path payload, Path out, Path nativeDirectory, ValueReader.Limits limits) {
        return "payload=" + payload + ";out=" + out + ";native=" + nativeDirectory
                + ";limits=" + limits.depth() + "," + limits.elements() + "," + limits.textLength();
    }

    private static String required(Map<String, String> values, String name) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("async-inspect agent: missing option " + name);
        }
        return value;
    }
}
