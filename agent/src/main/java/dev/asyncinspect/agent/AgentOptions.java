package dev.asyncinspect.agent;

import dev.asyncinspect.recognize.values.ValueReader;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What the tool asks of one agent load, as {@code name=value} pairs separated by {@code ;}.
 *
 * @param request         what to do: a snapshot, or one of the recorder's requests
 * @param out             the private directory (0700) the answer or the error goes to
 * @param nativeDirectory the private directory the JVMTI library is copied to
 * @param recorder        the recorder's settings, for {@link Request#RECORD_START}; else null
 */
public record AgentOptions(Request request, Path out, Path nativeDirectory, ValueReader.Limits limits,
                           RecorderSettings recorder) {

    public enum Request {
        SNAPSHOT("snapshot"), RECORD_START("record-start"), RECORD_READ("record-read"), RECORD_STOP("record-stop"),
        /** At the JVM's start ({@code -javaagent}): begins a recording and answers nothing; only errors, per process. */
        RECORD_FROM_START("record-from-start");

        private final String word;

        Request(String word) {
            this.word = word;
        }

        static Request of(String word) {
            for (Request request : values()) {
                if (request.word.equals(word)) {
                    return request;
                }
            }
            throw new IllegalArgumentException("async-inspect agent: unknown request " + word);
        }
    }

    /**
     * @param probes      the jar holding the probes' one class, put on the boot class path
     * @param lease       the file the tool touches while it records; a recording whose lease is older than
     *                    {@code leaseMillis} ends by itself
     * @param jfrMillis   the threshold of the JFR thread events recorded (parks, monitors, sleeps, pinning)
     */
    public record RecorderSettings(int capacity, Path probes, Path lease, long leaseMillis, long jfrMillis) {}

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
                    Integer.parseInt(numbers[2]), Long.parseLong(numbers[3]));
        }
        Request request = Request.of(values.getOrDefault("request", Request.SNAPSHOT.word));
        RecorderSettings recorder = request != Request.RECORD_START && request != Request.RECORD_FROM_START ? null
                : new RecorderSettings(Integer.parseInt(required(values, "capacity")), Path.of(required(values, "probes")),
                        Path.of(required(values, "lease")), Long.parseLong(required(values, "leaseMillis")),
                        Long.parseLong(required(values, "jfrMillis")));
        return new AgentOptions(request, Path.of(required(values, "out")), Path.of(required(values, "native")), limits,
                recorder);
    }

    /** A snapshot's options, for the tool's side. */
    public static String format(Path payload, Path out, Path nativeDirectory, ValueReader.Limits limits) {
        return "payload=" + payload + ";out=" + out + ";native=" + nativeDirectory
                + ";limits=" + limits.depth() + "," + limits.elements() + "," + limits.textLength() + "," + limits.maxTasks();
    }

    /** A recorder request's options, for the tool's side; {@code settings} only for a start. */
    public static String format(Request request, Path payload, Path out, Path nativeDirectory, RecorderSettings settings) {
        String options = "request=" + request.word + ";payload=" + payload + ";out=" + out + ";native=" + nativeDirectory;
        return settings == null ? options : options + ";capacity=" + settings.capacity() + ";probes=" + settings.probes()
                + ";lease=" + settings.lease() + ";leaseMillis=" + settings.leaseMillis() + ";jfrMillis=" + settings.jfrMillis();
    }

    private static String required(Map<String, String> values, String name) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("async-inspect agent: missing option " + name);
        }
        return value;
    }
}
